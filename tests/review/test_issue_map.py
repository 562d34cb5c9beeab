"""The map of issues to mechanisms: every change a version with its reason, read as a history and a diff; an
organisation asked by e-mail to check an entry answers once through a signed link, and a link used, expired, changed
or not signed is refused with nothing recorded; the public sees mechanisms only, never an input's words or an
e-mail address."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from outbox.models import FollowUp
from review import issue_map, services
from review.models import AccuracyCheck, MapEntry, MapEntryVersion, Mechanism
from tests.review.conftest import SECRET

pytestmark = pytest.mark.django_db

ITU = {
    "name": "International Telecommunication Union",
    "kind": "organisation",
    "url": "https://www.itu.int/",
    "email": "map-check@itu.example.org",
    "translations": {"fr": {"name": "Union internationale des télécommunications"}},
}
ADDRESSES = {
    "status": "addresses",
    "role": "Study Group 17 on security.",
    "equal_footing": "partly",
    "gaps": ["capacity", "implementation"],
    "gap_note": "Few developing countries attend.",
}


@pytest.fixture
def itu(consultation, analyst):
    return issue_map.mechanism_save(user=analyst, consultation=consultation, values=ITU)


@pytest.fixture
def entry(codes, itu, analyst):
    return issue_map.entry_save(user=analyst, code=codes["Cybercrime"], mechanism=itu, values=ADDRESSES)


def ask(entry, user, **kwargs):
    """An accuracy check asked, and the token of its link as the e-mail gives it."""
    check = issue_map.accuracy_ask(user=user, entry=entry, language="en", **kwargs)
    body = FollowUp.objects.filter(task="accounts.tasks.email_send").order_by("pk").last().args[2]
    token = re.search(r"/accuracy/([^/]+)/\?lang=en", body).group(1)
    return check, token


# Versions, history, diff


def test_each_change_is_a_version_with_who_when_why_and_the_values(entry, analyst, moderator, codes):
    assert entry.version == 1 and entry.gaps == ["implementation", "capacity"]  # in Gap's order
    changed = issue_map.entry_save(
        user=moderator, code=codes["Cybercrime"], mechanism=entry.mechanism, entry=entry,
        values={**ADDRESSES, "status": "partly", "gaps": ["research"]}, reason="The 2014 plenipotentiary.",
    )  # fmt: skip
    assert changed.version == 2 and changed.changed_by == moderator
    versions = list(MapEntryVersion.objects.filter(entry=entry).order_by("number"))
    assert [(v.number, v.actor, v.values["status"]) for v in versions] == [
        (1, analyst, "addresses"),
        (2, moderator, "partly"),
    ]
    assert versions[1].reason == "The 2014 plenipotentiary." and versions[0].values["removed"] is False
    unchanged = issue_map.entry_save(
        user=moderator, code=codes["Cybercrime"], mechanism=entry.mechanism, entry=changed,
        values={**ADDRESSES, "status": "partly", "gaps": ["research"]}, reason="Again.",
    )  # fmt: skip
    assert unchanged.version == 2 and MapEntryVersion.objects.count() == 2  # the same values: no version


def test_the_history_and_the_diff_name_each_field_with_its_label_and_values(entry, moderator, codes):
    issue_map.entry_save(
        user=moderator, code=codes["Cybercrime"], mechanism=entry.mechanism, entry=entry,
        values={**ADDRESSES, "status": "partly", "gaps": ["research", "awareness"]}, reason="Newer report.",
    )  # fmt: skip
    issue_map.entry_remove(user=moderator, entry=MapEntry.objects.get(pk=entry.pk), reason="Out of scope.")
    entry.refresh_from_db()
    steps = issue_map.history(entry)
    assert [step.version.number for step in steps] == [3, 2, 1]
    assert [(c.label, c.before, c.after) for c in steps[0].changes] == [("On the map", "yes", "no: removed")]
    assert [(c.label, c.before, c.after) for c in steps[1].changes] == [
        ("Status", "Addresses the issue", "Addresses part of the issue"),
        ("Gaps", "Implementation; Capacity", "Awareness; Research"),
    ]
    first = {c.field: c.after for c in steps[2].changes}
    assert first["equal_footing"] == "In part" and first["role"] == "Study Group 17 on security."
    across = issue_map.diff(entry, 1, 3)
    assert [c.field for c in across] == ["status", "gaps", "removed"]
    with pytest.raises(ValidationError, match="no version 9"):
        issue_map.diff(entry, 1, 9)


def test_a_change_needs_a_reason_and_a_removed_entry_comes_back_as_a_new_version(entry, moderator, codes):
    with pytest.raises(ValidationError, match="Say why the entry changes"):
        issue_map.entry_save(user=moderator, code=codes["Cybercrime"], mechanism=entry.mechanism, entry=entry,
                             values={**ADDRESSES, "status": "proposed"})  # fmt: skip
    with pytest.raises(ValidationError, match="Say why the entry is removed"):
        issue_map.entry_remove(user=moderator, entry=entry, reason="  ")
    issue_map.entry_remove(user=moderator, entry=entry, reason="Duplicate.")
    back = issue_map.entry_save(user=moderator, code=codes["Cybercrime"], mechanism=entry.mechanism, values=ADDRESSES)
    assert back.pk == entry.pk and back.version == 3 and back.removed_at is None
    with pytest.raises(ValidationError, match="already on the map"):
        issue_map.entry_save(user=moderator, code=codes["Cybercrime"], mechanism=entry.mechanism, values=ADDRESSES)


@pytest.mark.parametrize(
    ("code", "message"),
    [("Security", "not an issue"), ("Phishing", "not an issue")],
)
def test_only_issues_take_entries(codes, itu, analyst, code, message):
    with pytest.raises(ValidationError, match=message):
        issue_map.entry_save(user=analyst, code=codes[code], mechanism=itu, values=ADDRESSES)
    assert not MapEntry.objects.exists()


def test_merged_and_retired_issues_take_no_new_entries(codes, itu, analyst, consultation):
    services.code_merge(user=analyst, code=codes["Spam"], into=codes["Cybercrime"], reason="The same issue.")
    with pytest.raises(ValidationError, match="merged into another issue"):
        issue_map.entry_save(user=analyst, code=codes["Spam"], mechanism=itu, values=ADDRESSES)
    services.code_retire(user=analyst, code=codes["Access"], reason="Out of scope.")
    with pytest.raises(ValidationError, match="retired"):
        issue_map.entry_save(user=analyst, code=codes["Access"], mechanism=itu, values=ADDRESSES)


def test_merging_an_issue_moves_its_entries_and_removes_those_the_survivor_has(codes, itu, analyst, consultation):
    other = issue_map.mechanism_save(
        user=analyst, consultation=consultation, values={"name": "Messaging Anti-Abuse Group", "kind": "forum"}
    )
    on_both = issue_map.entry_save(user=analyst, code=codes["Spam"], mechanism=itu, values=ADDRESSES)
    issue_map.entry_save(user=analyst, code=codes["Cybercrime"], mechanism=itu, values=ADDRESSES)
    moving = issue_map.entry_save(user=analyst, code=codes["Spam"], mechanism=other, values=ADDRESSES)
    services.code_merge(user=analyst, code=codes["Spam"], into=codes["Cybercrime"], reason="The same issue.")
    moving.refresh_from_db()
    on_both.refresh_from_db()
    assert (moving.code, moving.version, moving.removed_at) == (codes["Cybercrime"], 2, None)
    assert on_both.removed_at is not None and on_both.version == 2
    assert "has this mechanism already" in on_both.versions.get(number=2).reason
    shown = issue_map.map_of(consultation, public=False).by_issue[codes["Cybercrime"].pk]
    assert sorted(row.entry.mechanism.name for row in shown) == sorted([other.name, itu.name])


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({**ADDRESSES, "status": "finished"}, "Choose a status"),
        ({**ADDRESSES, "equal_footing": "sometimes"}, "equal footing"),
        ({**ADDRESSES, "gaps": ["money"]}, "Unknown gaps: money"),
    ],
)
def test_it_refuses_values_it_does_not_know(codes, itu, analyst, values, message):
    with pytest.raises(ValidationError, match=message):
        issue_map.entry_save(user=analyst, code=codes["Cybercrime"], mechanism=itu, values=values)
    assert not MapEntry.objects.exists() and not MapEntryVersion.objects.exists()


def test_mechanism_names_are_unique_in_a_map_whatever_their_case(itu, analyst, consultation):
    with pytest.raises(ValidationError, match="already has a mechanism"):
        issue_map.mechanism_save(user=analyst, consultation=consultation, values={**ITU, "name": ITU["name"].upper()})
    with pytest.raises(ValidationError, match="one line"):
        issue_map.mechanism_save(user=analyst, consultation=consultation, values={**ITU, "name": "ITU\nBcc: x"})
    assert itu.translated("name", "fr") == "Union internationale des télécommunications"


def test_only_those_who_keep_the_map_may_change_it(codes, itu, chair, focal_point, consultation):
    for user in (chair, focal_point):
        with pytest.raises(PermissionDenied):
            issue_map.mechanism_save(user=user, consultation=consultation, values={**ITU, "name": "IETF"})
        with pytest.raises(PermissionDenied):
            issue_map.entry_save(user=user, code=codes["Cybercrime"], mechanism=itu, values=ADDRESSES)
    assert Mechanism.objects.count() == 1 and not MapEntry.objects.exists()


# Accuracy checks


def test_the_request_goes_through_the_outbox_with_a_signed_link_and_what_the_map_says(entry, moderator, settings):
    settings.SITE_URL = "https://concord.example.org"
    check, token = ask(entry, moderator)
    (follow_up,) = FollowUp.objects.filter(task="accounts.tasks.email_send")
    to, subject, body = follow_up.args
    assert to == "map-check@itu.example.org" and check.email == to
    assert subject.startswith("[Concord] ") and "International Telecommunication Union" in subject
    assert f"https://concord.example.org/accuracy/{token}/?lang=en" in body
    assert "Status: Addresses the issue" in body and "Gaps: Implementation; Capacity" in body
    assert signing.TimestampSigner(salt=issue_map.SALT).unsign(token) == check.nonce
    assert check.version == 1 and check.expires_at == check.asked_at + timedelta(days=settings.ACCURACY_CHECK_DAYS)


def test_the_request_is_written_in_the_language_chosen(entry, moderator):
    issue_map.accuracy_ask(user=moderator, entry=entry, email="secretariat@itu.example.org", language="fr")
    to, subject, body = FollowUp.objects.get().args
    assert to == "secretariat@itu.example.org" and "Union internationale des télécommunications" in subject
    assert "?lang=fr" in body


def test_it_refuses_to_ask_without_an_address_or_with_a_bad_one(entry, moderator, itu):
    Mechanism.objects.filter(pk=itu.pk).update(email="")
    with pytest.raises(ValidationError, match="the mechanism has none"):
        issue_map.accuracy_ask(user=moderator, entry=entry)
    with pytest.raises(ValidationError, match="is not an e-mail address"):
        issue_map.accuracy_ask(user=moderator, entry=entry, email="itu at example")
    assert not AccuracyCheck.objects.exists() and not FollowUp.objects.exists()


def test_the_link_works_once(client, entry, moderator):
    check, token = ask(entry, moderator)
    url = reverse("review:accuracy_answer", args=[token])
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK and "Study Group 17 on security." in page.content.decode()
    assert "map-check@itu.example.org" not in page.content.decode()
    answered = client.post(url, {"answer": "confirmed", "name": "Ana Ruiz, ITU-T", "correction": ""})
    assert answered.status_code == HTTPStatus.OK and "Your confirmation is recorded" in answered.content.decode()
    check.refresh_from_db()
    assert (check.answer, check.answered_by) == ("confirmed", "Ana Ruiz, ITU-T") and check.answered_at
    again = client.post(url, {"answer": "corrected", "name": "Someone Else", "correction": "All wrong."})
    assert again.status_code == HTTPStatus.GONE and "This link has been used" in again.content.decode()
    assert client.get(url).status_code == HTTPStatus.GONE
    check.refresh_from_db()
    assert (check.answer, check.answered_by, check.correction) == ("confirmed", "Ana Ruiz, ITU-T", "")


def test_a_correction_needs_its_text_and_a_name(client, entry, moderator):
    check, token = ask(entry, moderator)
    url = reverse("review:accuracy_answer", args=[token])
    refused = client.post(url, {"answer": "corrected", "name": "Ana Ruiz", "correction": " "})
    assert refused.status_code == HTTPStatus.BAD_REQUEST and "Say what should be corrected" in refused.content.decode()
    assert client.post(url, {"answer": "confirmed", "name": ""}).status_code == HTTPStatus.BAD_REQUEST
    check.refresh_from_db()
    assert check.answered_at is None
    client.post(url, {"answer": "corrected", "name": "Ana Ruiz", "correction": "SG17 covers cybercrime only in part."})
    check.refresh_from_db()
    assert check.answer == "corrected" and check.correction == "SG17 covers cybercrime only in part."


def tampered(token):
    nonce, stamp, signature = token.split(":")
    return [
        f"{nonce[:-1]}{'0' if nonce[-1] != '0' else '1'}:{stamp}:{signature}",  # another check's nonce
        f"{nonce}:{stamp}:{signature[:-2]}xx",  # a signature changed
        nonce,  # the nonce alone, unsigned
        signing.TimestampSigner(salt="another.use").sign(nonce),  # signed for something else
        signing.Signer(salt=issue_map.SALT).sign(nonce),  # signed without its time
        "not-a-token",
    ]


def test_a_tampered_or_unsigned_link_is_refused_and_nothing_is_recorded(client, entry, moderator):
    check, token = ask(entry, moderator)
    for bad in tampered(token):
        url = reverse("review:accuracy_answer", args=[bad])
        for response in (client.get(url), client.post(url, {"answer": "confirmed", "name": "Mallory"})):
            assert response.status_code == HTTPStatus.BAD_REQUEST, bad
            assert (
                "This link is not valid" in response.content.decode()
                and "Nothing was recorded" in response.content.decode()
            )
        with pytest.raises(issue_map.LinkRefused):
            issue_map.accuracy_answer(token=bad, answer="confirmed", name="Mallory")
    check.refresh_from_db()
    assert check.answered_at is None and check.answered_by == ""


def test_an_expired_link_is_refused_and_nothing_is_recorded(client, entry, moderator, monkeypatch, settings):
    check, token = ask(entry, moderator)
    url = reverse("review:accuracy_answer", args=[token])
    later = check.expires_at + timedelta(minutes=1)
    with pytest.raises(issue_map.LinkRefused, match="expired") as refused:
        issue_map.accuracy_answer(token=token, answer="confirmed", name="Ana Ruiz", now=later)
    assert refused.value.gone
    # The signature's own age too, as the page sees it.
    signed_at = timezone.now().timestamp()
    monkeypatch.setattr(signing.time, "time", lambda: signed_at + (settings.ACCURACY_CHECK_DAYS + 1) * 86400)
    response = client.post(url, {"answer": "confirmed", "name": "Ana Ruiz"})
    assert response.status_code == HTTPStatus.GONE and "expired" in response.content.decode()
    check.refresh_from_db()
    assert check.answered_at is None


def test_an_older_link_gives_way_to_a_newer_request_and_a_removed_entry_to_nothing(client, entry, moderator):
    first, first_token = ask(entry, moderator)
    second, second_token = ask(entry, moderator)
    response = client.post(reverse("review:accuracy_answer", args=[first_token]), {"answer": "confirmed", "name": "A"})
    assert response.status_code == HTTPStatus.GONE and "newer request" in response.content.decode()
    issue_map.entry_remove(user=moderator, entry=entry, reason="Out of scope.")
    response = client.post(reverse("review:accuracy_answer", args=[second_token]), {"answer": "confirmed", "name": "A"})
    assert response.status_code == HTTPStatus.GONE and "removed this entry" in response.content.decode()
    assert not AccuracyCheck.objects.filter(answered_at__isnull=False).exists()


def test_the_page_shows_the_version_asked_about_and_says_the_entry_changed_since(client, entry, moderator, codes):
    _check, token = ask(entry, moderator)
    issue_map.entry_save(user=moderator, code=codes["Cybercrime"], mechanism=entry.mechanism, entry=entry,
                         values={**ADDRESSES, "role": "Rewritten since."}, reason="Update.")  # fmt: skip
    page = client.get(reverse("review:accuracy_answer", args=[token])).content.decode()
    assert "Study Group 17 on security." in page and "Rewritten since." not in page
    assert "has changed this entry since asking you" in page


def test_the_entry_shows_checked_by_a_correction_proposed_or_a_check_waiting(client, entry, moderator, codes):
    client.force_login(moderator)
    url = reverse("review:map", args=[entry.code.consultation.slug])
    assert "Not checked yet" in client.get(url).content.decode()
    check, token = ask(entry, moderator)
    assert "Check sent, no answer yet" in client.get(url).content.decode()
    issue_map.accuracy_answer(token=token, answer="confirmed", name="Ana Ruiz")
    assert "Checked by Ana Ruiz on" in client.get(url).content.decode()
    _check, token = ask(entry, moderator)
    issue_map.accuracy_answer(token=token, answer="corrected", name="Ana Ruiz", correction="Only in part.")
    page = client.get(reverse("review:map_entry", args=[entry.code.consultation.slug, entry.pk])).content.decode()
    assert "Correction proposed" in page and "Only in part." in page


# The console's pages


def test_the_console_adds_a_mechanism_puts_it_on_the_map_changes_and_removes_it(client, codes, moderator, consultation):
    client.force_login(moderator)
    slug = consultation.slug
    response = client.post(reverse("review:mechanism_add", args=[slug]), {
        "name": "Internet Governance Forum", "kind": "forum", "url": "https://www.intgovforum.org/",
        "email": "", "description": "", "name__ar": "منتدى إدارة الإنترنت",
    })  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    igf = Mechanism.objects.get(name="Internet Governance Forum")
    assert igf.translated("name", "ar") == "منتدى إدارة الإنترنت"
    response = client.post(reverse("review:map_entry_add", args=[slug]), {
        "issue": codes["Access"].pk, "mechanism": igf.pk, "status": "under_way", "equal_footing": "yes",
        "gaps": ["awareness"], "role": "Dynamic coalitions.", "gap_note": "", "reason": "",
    })  # fmt: skip
    entry = MapEntry.objects.get()
    assert response.status_code == HTTPStatus.FOUND and entry.gaps == ["awareness"]
    edit = reverse("review:map_entry_edit", args=[slug, entry.pk])
    values = {"status": "addresses", "equal_footing": "yes", "gaps": ["awareness"], "role": "", "gap_note": ""}
    assert client.post(edit, values).status_code == HTTPStatus.BAD_REQUEST  # no reason
    assert client.post(edit, {**values, "reason": "Its 2014 programme."}).status_code == HTTPStatus.FOUND
    remove = reverse("review:map_entry_remove", args=[slug, entry.pk])
    assert client.post(remove, {"remove-reason": ""}).status_code == HTTPStatus.BAD_REQUEST
    assert client.post(remove, {"remove-reason": "Not this issue."}).status_code == HTTPStatus.FOUND
    entry.refresh_from_db()
    assert entry.version == 3 and entry.removed_at is not None
    page = client.get(reverse("review:map_entry", args=[slug, entry.pk]) + "?before=1&after=3").content.decode()
    assert "Version 1 compared with version 3" in page and "Its 2014 programme." in page
    assert client.get(reverse("review:map_entry", args=[slug, entry.pk]) + "?before=1&after=x").status_code == 400
    assert client.get(reverse("review:map_entry", args=[slug, entry.pk]) + "?before=1&after=7").status_code == 400


def test_bad_form_input_is_answered_with_a_message_not_an_error(client, codes, itu, moderator, consultation):
    client.force_login(moderator)
    slug = consultation.slug
    add = reverse("review:map_entry_add", args=[slug])
    for data in (
        {"issue": codes["Security"].pk, "mechanism": itu.pk, "status": "addresses"},  # a cluster: not offered
        {"issue": "x", "mechanism": itu.pk, "status": "addresses"},
        {"issue": 99999999999999999999, "mechanism": itu.pk, "status": "addresses"},
        {"issue": codes["Spam"].pk, "mechanism": itu.pk, "status": "finished"},
    ):
        assert client.post(add, data).status_code == HTTPStatus.BAD_REQUEST, data
    form = {**ITU, "name": ITU["name"].lower(), "translations": ""}
    response = client.post(reverse("review:mechanism_add", args=[slug]), form)
    assert response.status_code == HTTPStatus.BAD_REQUEST and "already has a mechanism" in response.content.decode()
    response = client.post(
        reverse("review:mechanism_add", args=[slug]), {**form, "name": "IETF", "url": "javascript:x"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST and Mechanism.objects.count() == 1
    entry = issue_map.entry_save(user=moderator, code=codes["Spam"], mechanism=itu, values=ADDRESSES)
    ask_url = reverse("review:accuracy_ask", args=[slug, entry.pk])
    assert client.post(ask_url, {"email": "not an address", "language": "en"}).status_code == HTTPStatus.BAD_REQUEST
    assert client.post(ask_url, {"email": "", "language": "xx"}).status_code == HTTPStatus.BAD_REQUEST
    assert not AccuracyCheck.objects.exists()
    response = client.post(ask_url, {"email": "", "language": "es"})
    assert response.status_code == HTTPStatus.FOUND and AccuracyCheck.objects.get().email == ITU["email"]


@pytest.mark.parametrize("who", ["anonymous", "focal_point", "chair"])
def test_those_who_do_not_keep_the_map_cannot_change_it(client, entry, who, focal_point, chair, consultation):
    user = {"focal_point": focal_point, "chair": chair}.get(who)
    if user:
        client.force_login(user)
    slug = consultation.slug
    for url in (
        reverse("review:mechanism_add", args=[slug]),
        reverse("review:map_entry_edit", args=[slug, entry.pk]),
    ):
        response = client.get(url)
        assert response.status_code == (HTTPStatus.FOUND if who == "anonymous" else HTTPStatus.FORBIDDEN), url
    response = client.post(reverse("review:accuracy_ask", args=[slug, entry.pk]), {"email": "", "language": "en"})
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN) and not AccuracyCheck.objects.exists()
    map_page = client.get(reverse("review:map", args=[slug]))
    assert map_page.status_code == {"anonymous": 302, "focal_point": 403, "chair": 200}[who]


def test_the_map_page_costs_the_same_queries_for_few_or_many_entries(
    client, codes, itu, moderator, analyst, consultation, django_assert_max_num_queries
):
    client.force_login(moderator)
    url = reverse("review:map", args=[consultation.slug])
    issue_map.entry_save(user=analyst, code=codes["Spam"], mechanism=itu, values=ADDRESSES)
    client.get(url)
    # session, user, its groups' permissions (x2), MFA, consultation, mechanisms, codebook, entries, checks
    with django_assert_max_num_queries(12):
        client.get(url)
    for n in range(8):
        other = issue_map.mechanism_save(user=analyst, consultation=consultation, values={**ITU, "name": f"Body {n}"})
        for issue in ("Cybercrime", "Spam", "Access"):
            made = issue_map.entry_save(user=analyst, code=codes[issue], mechanism=other, values=ADDRESSES)
            issue_map.accuracy_ask(user=analyst, entry=made)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.content.decode().count("Check sent, no answer yet") == 24


def test_map_of_reads_the_map_in_three_queries(codes, itu, analyst, consultation, django_assert_num_queries):
    for issue in ("Cybercrime", "Spam", "Access"):
        made = issue_map.entry_save(user=analyst, code=codes[issue], mechanism=itu, values=ADDRESSES)
        issue_map.accuracy_ask(user=analyst, entry=made)
    with django_assert_num_queries(3):
        found = issue_map.map_of(consultation, public=False)
    assert found.entries == 3 and all(row.state.waiting for rows in found.by_issue.values() for row in rows)


# What the public sees


def test_the_published_register_shows_the_map_and_no_input_words_no_address(
    client, consultation, world, moderator, analyst
):
    codes = world["codes"]
    itu = issue_map.mechanism_save(user=analyst, consultation=consultation, values=ITU)
    entry = issue_map.entry_save(user=analyst, code=codes["Cybercrime"], mechanism=itu, values=ADDRESSES)
    services.register_publish(user=moderator, consultation=consultation)
    url = reverse("review:public_register", args=[consultation.slug])
    page = client.get(url).content.decode()
    assert "International Telecommunication Union" in page and "Study Group 17 on security." in page
    assert "Few developing countries attend." in page and "Implementation; Capacity" in page
    for leak in (ITU["email"], SECRET, "routing security", "Alpine Telecom Forum"):
        assert leak not in page, leak
    check, token = ask(entry, moderator)
    answer_page = client.get(reverse("review:accuracy_answer", args=[token])).content.decode()
    for leak in (ITU["email"], SECRET, "routing security", "Alpine Telecom Forum"):
        assert leak not in answer_page, leak
    assert "Confirmed by the organisation" not in client.get(url).content.decode()
    issue_map.accuracy_answer(token=token, answer="confirmed", name="Ana Ruiz")
    page = client.get(url).content.decode()  # the cached page is drawn again
    assert "Confirmed by the organisation on" in page and "Ana Ruiz" not in page
    issue_map.entry_save(user=analyst, code=codes["Cybercrime"], mechanism=itu, entry=entry,
                         values={**ADDRESSES, "status": "proposed"}, reason="Update.")  # fmt: skip
    page = client.get(url).content.decode()
    assert "Proposed, not started" in page and "Confirmed by the organisation" not in page  # confirmed an older text


def test_the_console_register_shows_the_map_with_its_checks(client, consultation, world, moderator, analyst):
    itu = issue_map.mechanism_save(user=analyst, consultation=consultation, values=ITU)
    entry = issue_map.entry_save(user=analyst, code=world["codes"]["Access"], mechanism=itu, values=ADDRESSES)
    _check, token = ask(entry, moderator)
    issue_map.accuracy_answer(token=token, answer="corrected", name="Ana Ruiz", correction="Not us.")
    client.force_login(moderator)
    page = client.get(reverse("review:register", args=[consultation.slug])).content.decode()
    assert "International Telecommunication Union" in page and "Correction proposed" in page
    assert reverse("review:map_entry", args=[consultation.slug, entry.pk]) in page
    preview = client.get(reverse("review:register", args=[consultation.slug]) + "?edition=public").content.decode()
    assert "International Telecommunication Union" in preview and "Correction proposed" not in preview
