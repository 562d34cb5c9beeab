"""Two analysts code the same inputs blind: neither sees the other's codings until both mark an input done; Concord
measures their agreement, lists where they differ, and records the reconciled coding."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from review import agreement, queries, services
from review.models import Assignment, Reconciliation
from review.services import Passage
from tests.factories import InputFactory, ModeratorFactory, OrganisationFactory, country

pytestmark = pytest.mark.django_db

TEXT = "Governments need an equal footing.\n\nSpam and phishing hurt developing countries most."


@pytest.fixture
def ravi(db):
    return ModeratorFactory(email="ravi@example.org", full_name="Ravi Menon", role="Analyst")


@pytest.fixture
def inputs(consultation):
    made = []
    for n, iso in enumerate(("SEN", "PER", "FJI", "NOR")):
        organisation = OrganisationFactory(name=f"Respondent {n}", country=country(iso), status="verified")
        made.append(InputFactory(consultation=consultation, organisation=organisation, answers={1: TEXT, 2: "—"}))
    return made


def code(user, submission, words, code):
    q1 = submission.current_version.answers.get(question__number=1).question_id
    start = TEXT.index(words)
    return services.coding_add(user=user, submission=submission, version_id=submission.current_version_id,
                               passages=[Passage(q1, start, start + len(words))], codes=[code])  # fmt: skip


def test_inputs_are_given_all_or_as_a_random_sample(consultation, inputs, moderator, analyst, ravi, chair):
    sample = services.assign_blind(user=moderator, consultation=consultation, coders=[analyst, ravi], sample=2, seed=7)
    assert len(sample) == 2
    assert Assignment.objects.filter(coder=analyst).count() == Assignment.objects.filter(coder=ravi).count() == 2
    rest = services.assign_blind(user=moderator, consultation=consultation, coders=[analyst, ravi])
    assert {s.pk for s in rest} == {s.pk for s in inputs} - {s.pk for s in sample}
    for kwargs, message in (
        ({"coders": [analyst, ravi]}, "already given"),
        ({"coders": [analyst, analyst]}, "at least two analysts"),
        ({"coders": [analyst, moderator]}, "cannot code inputs"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.assign_blind(user=moderator, consultation=consultation, **kwargs)
    with pytest.raises(PermissionDenied):
        services.assign_blind(user=chair, consultation=consultation, coders=[analyst, ravi])


def test_a_sample_larger_than_what_is_left_is_refused_and_nothing_given(consultation, inputs, moderator, analyst, ravi):
    with pytest.raises(ValidationError, match="asks for 9 inputs; 4 are sent"):
        services.assign_blind(user=moderator, consultation=consultation, coders=[analyst, ravi], sample=9)
    assert not Assignment.objects.exists()


def test_neither_sees_the_other_until_both_mark_the_input_done(
    client, consultation, inputs, moderator, analyst, ravi, codes
):
    first = inputs[0]
    services.assign_blind(user=moderator, consultation=consultation, coders=[analyst, ravi])
    code(analyst, first, "equal footing", codes["Access"])
    code(ravi, first, "Spam and phishing", codes["Spam"])
    page = reverse("review:coding", args=[first.pk])
    review = reverse("consultations:moderation_review", args=[first.pk])
    client.force_login(analyst)
    html = client.get(page).content.decode()
    assert "equal footing" in html and "Spam and phishing</bdi>" not in html and "Ravi Menon" not in html
    assert "Ravi Menon" not in client.get(review).content.decode()
    services.assignment_done(user=analyst, submission=first)
    with pytest.raises(ValidationError, match="You marked this input done"):
        code(analyst, first, "Governments", codes["Access"])
    assert "Ravi Menon" not in client.get(page).content.decode()  # still blind: Ravi has not finished
    services.assignment_done(user=ravi, submission=first)
    html = client.get(page).content.decode()
    assert "Spam and phishing</bdi>" in html and "Ravi Menon" in html
    assert "Ravi Menon" in client.get(review).content.decode()


def test_once_inputs_are_given_an_analyst_opens_only_those_given_to_them(
    client, consultation, inputs, moderator, analyst, ravi, chair, codes
):
    services.assign_blind(user=moderator, consultation=consultation, coders=[analyst, chair], sample=1, seed=1)
    given = Assignment.objects.filter(coder=analyst).get().submission
    other = next(s for s in inputs if s.pk != given.pk)
    client.force_login(ravi)
    assert client.get(reverse("review:coding", args=[given.pk])).status_code == HTTPStatus.FORBIDDEN
    assert client.get(reverse("review:coding", args=[other.pk])).status_code == HTTPStatus.FORBIDDEN
    with pytest.raises(PermissionDenied):
        code(ravi, other, "equal footing", codes["Access"])
    client.force_login(analyst)
    assert client.get(reverse("review:coding", args=[given.pk])).status_code == HTTPStatus.OK
    client.force_login(chair)  # the Chair codes and reads every input
    assert client.get(reverse("review:coding", args=[other.pk])).status_code == HTTPStatus.OK


def test_agreement_is_measured_on_the_codings_as_they_stood_when_marked_done(
    consultation, inputs, moderator, analyst, ravi, codes
):
    services.assign_blind(user=moderator, consultation=consultation, coders=[analyst, ravi])
    access, spam = codes["Access"], codes["Spam"]
    # Input 0: both Access. Input 1: both Spam. Input 2: Access by Amal only. Input 3: both Access, Ravi Spam too.
    plan = {0: ([access], [access]), 1: ([spam], [spam]), 2: ([access], []), 3: ([access], [access, spam])}
    for n, (amal_codes, ravi_codes) in plan.items():
        for c in amal_codes:
            code(analyst, inputs[n], "equal footing" if c == access else "Spam and phishing", c)
        for c in ravi_codes:
            code(ravi, inputs[n], "equal footing" if c == access else "Spam and phishing", c)
        services.assignment_done(user=analyst, submission=inputs[n])
        services.assignment_done(user=ravi, submission=inputs[n])
    late = code(analyst, inputs[2], "Spam and phishing", spam)  # after both marked it done: not in the measure
    report = queries.agreement_of(consultation)
    assert report.inputs == 4 and [c.name for c, _m in report.by_code] == ["Spam", "Access"]
    measures = dict(report.by_code)
    # Access: (yes, yes), (no, no), (yes, no), (yes, yes); Spam: (no, no), (yes, yes), (no, no), (no, yes).
    assert measures[access].kappa == pytest.approx(agreement.cohen_kappa([(1, 1), (0, 0), (1, 0), (1, 1)]))
    assert measures[access].kappa == pytest.approx(0.5)
    assert measures[spam].kappa == pytest.approx(agreement.cohen_kappa([(0, 0), (1, 1), (0, 0), (0, 1)]))
    assert (measures[access].disagreements, measures[spam].disagreements) == (1, 1)
    assert report.overall.inputs == 8 and report.overall.disagreements == 2
    listed = {(d.submission.pk, d.code.name) for d in report.disagreements}
    assert listed == {(inputs[2].pk, "Access"), (inputs[3].pk, "Spam")}
    access_row = next(d for d in report.disagreements if d.code == access)
    assert [u.full_name for u in access_row.applied] == ["Amal Nasser"] and access_row.not_applied == [ravi]
    assert late  # the late coding exists, and the measure above ignored it


def test_the_reconciled_coding_is_recorded_with_who_and_why(
    consultation, inputs, moderator, analyst, ravi, codes, chair
):
    services.assign_blind(user=moderator, consultation=consultation, coders=[analyst, ravi], sample=1, seed=3)
    given = Assignment.objects.filter(coder=analyst).get().submission
    code(analyst, given, "equal footing", codes["Access"])
    with pytest.raises(ValidationError, match="once every analyst"):
        services.reconcile(user=moderator, submission=given, code=codes["Access"], applies=True)
    services.assignment_done(user=analyst, submission=given)
    services.assignment_done(user=ravi, submission=given)
    with pytest.raises(PermissionDenied):
        services.reconcile(user=chair, submission=given, code=codes["Access"], applies=True)
    services.reconcile(user=analyst, submission=given, code=codes["Access"], applies=False, note="Too vague.")
    services.reconcile(user=ravi, submission=given, code=codes["Access"], applies=True, note="On reflection, yes.")
    (row,) = queries.agreement_of(consultation).disagreements
    assert (row.reconciled.applies, row.reconciled.decided_by, row.reconciled.note) == (
        True,
        ravi,
        "On reflection, yes.",
    )
    assert Reconciliation.objects.count() == 2  # every decision is kept


def test_the_review_pages_give_reconcile_and_refuse_bad_forms(
    client, consultation, inputs, moderator, analyst, ravi, codes
):
    client.force_login(moderator)
    url = reverse("review:consultation", args=[consultation.slug])
    assert reverse("review:index") in client.get(reverse("consultations:moderation_index")).content.decode()
    assert consultation.reference in client.get(reverse("review:index")).content.decode()
    assign = reverse("review:assign", args=[consultation.slug])
    response = client.post(assign, {"coders": [analyst.pk], "sample": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST and "at least two analysts" in response.content.decode()
    response = client.post(assign, {"coders": [analyst.pk, ravi.pk], "sample": "x"})
    assert response.status_code == HTTPStatus.BAD_REQUEST and not Assignment.objects.exists()
    response = client.post(assign, {"coders": [analyst.pk, ravi.pk], "sample": "1"}, follow=True)
    assert "1 input given to each analyst chosen." in response.content.decode()
    given = Assignment.objects.filter(coder=analyst).get().submission
    code(analyst, given, "equal footing", codes["Access"])
    client.force_login(analyst)
    client.post(reverse("review:assignment_done", args=[given.pk]))
    client.force_login(ravi)
    client.post(reverse("review:assignment_done", args=[given.pk]))
    page = client.get(url).content.decode()
    assert (
        "Where the analysts differ" in page and "Applied by Amal Nasser" in page and "Not applied by Ravi Menon" in page
    )
    reconcile = reverse("review:reconcile", args=[consultation.slug])
    assert client.post(reconcile, {"submission": given.pk, "code": codes["Access"].pk}).status_code == 400
    outsider_code = codes["Access"].pk + 1000
    data = {"submission": given.pk, "code": outsider_code, "applies": "yes"}
    assert client.post(reconcile, data).status_code == HTTPStatus.NOT_FOUND
    response = client.post(reconcile, data | {"code": codes["Access"].pk, "note": "Agreed."}, follow=True)
    assert "Reconciled: the input raises the issue." in response.content.decode()


def test_the_consultation_review_page_costs_a_fixed_number_of_queries(
    client, consultation, inputs, moderator, analyst, ravi, codes, django_assert_max_num_queries
):
    services.assign_blind(user=moderator, consultation=consultation, coders=[analyst, ravi])
    for submission in inputs:
        code(analyst, submission, "equal footing", codes["Access"])
        services.assignment_done(user=analyst, submission=submission)
        services.assignment_done(user=ravi, submission=submission)
    client.force_login(moderator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("review:consultation", args=[consultation.slug]))
    assert response.status_code == HTTPStatus.OK and response.content.decode().count('class="disagreement"') == 4


def test_the_queue_offers_coding_only_to_those_who_may_code_the_input(client, inputs, analyst, ravi, consultation):
    """Once inputs are given to analysts, an input given to others shows its count, not a link that would be
    refused (403)."""
    other = ModeratorFactory(email="lena@example.org", full_name="Lena Ortiz", role="Analyst")
    services.assign_blind(user=analyst, consultation=consultation, coders=[other, ravi], sample=None)
    client.force_login(analyst)
    page = client.get(reverse("consultations:moderation_queue")).content.decode()
    coding_url = reverse("review:coding", args=[inputs[0].pk])
    assert coding_url not in page
    assert client.get(coding_url).status_code == HTTPStatus.FORBIDDEN
    client.force_login(ravi)  # given the input: the queue links to its coding page
    assert coding_url in client.get(reverse("consultations:moderation_queue")).content.decode()
