"""The Chair proposes, adjusts and confirms a working group in the console; stakeholders nominate."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from reports.models import BalanceReport, Member, Nomination
from tests.reports.test_slate import wgec  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def test_it_proposes_a_slate_beside_the_policy_and_confirms_it(client, wgec, chair, django_capture_on_commit_callbacks):  # noqa: F811
    client.force_login(chair)
    response = client.get(reverse("reports:working_group_console", args=[wgec.slug]), {"propose": "1"})
    assert response.status_code == HTTPStatus.OK
    proposal = response.context["proposal"]
    assert proposal.feasible and len(proposal.members) == 42
    page = response.content.decode()
    assert "A slate of 42 members meets every hard rule." in page
    chosen = [n.pk for n in proposal.members]
    # Swap one civil-society member for a colleague from a developed country: parity breaks, and the page says so.
    out = next(
        n
        for n in proposal.members
        if n.organisation.category.slug == "civil-society" and not n.organisation.country.developed
    )
    spare = (
        Nomination.objects.filter(
            working_group=wgec, organisation__category__slug="civil-society", organisation__country__developed=True
        )
        .exclude(pk__in=chosen)
        .first()
    )
    swapped = [pk for pk in chosen if pk != out.pk] + [spare.pk]
    response = client.post(reverse("reports:working_group_check", args=[wgec.slug]), {"chosen": swapped, "check": "1"})
    verdicts = {r.rule: r.verdict for r in response.context["checked"]}
    assert verdicts["parity:Civil society"] == "over"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:working_group_check", args=[wgec.slug]), {"chosen": chosen, "confirm": "1"}, follow=True
        )
    assert "42 members confirmed." in response.content.decode()
    assert set(Member.objects.filter(working_group=wgec).values_list("nomination_id", flat=True)) == set(chosen)
    report = BalanceReport.objects.get(working_group=wgec)
    assert report.status == "succeeded" and report.meets_hard is True


def test_it_lets_only_the_chair_and_moderators_confirm(client, wgec, focal_point, moderator_without_mfa):  # noqa: F811
    url = reverse("reports:working_group_check", args=[wgec.slug])
    pk = wgec.nominations.first().pk
    client.force_login(focal_point)
    assert client.post(url, {"chosen": [pk], "confirm": "1"}).status_code == HTTPStatus.FORBIDDEN
    client.force_login(moderator_without_mfa)
    assert client.post(url, {"chosen": [pk], "confirm": "1"}).status_code == HTTPStatus.FOUND  # to MFA set-up
    assert not Member.objects.exists()


def test_it_refuses_to_confirm_people_not_nominated_to_the_group(client, wgec, chair):  # noqa: F811
    client.force_login(chair)
    response = client.post(
        reverse("reports:working_group_check", args=[wgec.slug]), {"chosen": ["999999"], "confirm": "1"}, follow=True
    )
    assert "not nominations to this working group" in response.content.decode()
    assert not Member.objects.exists()


def test_it_lets_a_member_of_a_verified_organisation_nominate(client, wgec, verified, focal_point, outsider):  # noqa: F811
    client.force_login(focal_point)
    url = reverse("reports:nominate", args=[wgec.slug])
    response = client.post(
        url,
        {"organisation": verified.pk, "name": "Awa Diop", "gender": "female", "statement": "Expert in digital rights."},
    )
    assert response.status_code == HTTPStatus.FOUND
    nomination = Nomination.objects.get(name="Awa Diop")
    assert (nomination.organisation, nomination.nominated_by, nomination.gender) == (verified, focal_point, "female")
    response = client.post(url, {"organisation": verified.pk, "name": "awa diop"}, follow=True)
    assert "already nominated" in response.content.decode()
    client.force_login(outsider)  # cannot nominate for an organisation that is not theirs
    response = client.post(url, {"organisation": verified.pk, "name": "Someone Else"})
    assert response.status_code == HTTPStatus.OK
    assert "Nominations are made on behalf of a verified organisation" in response.content.decode()
    assert Nomination.objects.filter(name__in=["awa diop", "Someone Else"]).count() == 0


def test_it_refuses_nominations_once_they_are_closed(client, wgec, verified, focal_point):  # noqa: F811
    wgec.nominations_open = False
    wgec.save()
    client.force_login(focal_point)
    assert "Nominations are closed." in client.get(reverse("reports:nominate", args=[wgec.slug])).content.decode()
