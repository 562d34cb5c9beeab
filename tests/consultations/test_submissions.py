"""A focal point and her colleague answer the questionnaire, save, submit, resubmit and withdraw."""

import hashlib
import json
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from consultations import services
from consultations.models import Consultation, Decision, Submission, SubmissionState
from consultations.text import canonical_form, count_words
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, country
from tests.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db

ANSWERS = {1: "Enhanced cooperation means governments working on an equal footing.", 2: "Each in its role."}


def edit_url(consultation, organisation):
    return reverse("consultations:submission_edit", args=[consultation.slug, organisation.pk])


def post_data(consultation, answers, revision=0, **extra):
    questions = {q.number: q.pk for q in consultation.questions.all()}
    data = {f"answer_{questions[n]}": text for n, text in answers.items()}
    return {"language": "en", "consent": "public", "revision": revision, **data, **extra}


def current(consultation, organisation):
    return Submission.objects.get(consultation=consultation, organisation=organisation)


def test_it_saves_an_incomplete_draft_without_complaint(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    response = client.post(
        edit_url(consultation, verified), post_data(consultation, {1: "Only a first thought"}, save="1")
    )
    assert response.status_code == HTTPStatus.FOUND
    submission = current(consultation, verified)
    assert submission.state == SubmissionState.DRAFT
    assert submission.answers.get(question__number=1).text == "Only a first thought"
    assert submission.reference is None
    page = client.get(edit_url(consultation, verified)).content.decode()
    assert "Only a first thought" in page
    assert "Question 2 needs an answer." in page  # told, not blocked


def test_it_sends_an_input_and_gives_a_receipt(
    client, consultation, verified, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(consultation, verified), post_data(consultation, ANSWERS, submit="1", declaration="on")
        )
    assert response["Location"] == reverse("consultations:submission_receipt", args=[consultation.slug, verified.pk])
    submission = current(consultation, verified)
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.reference == "WGEC-2013-0001"
    expected = hashlib.sha256(canonical_form(ANSWERS, [], language="en", consent="public")).hexdigest()
    assert submission.digest == expected == submission.versions.get().digest
    assert submission.consent_clause == consultation.consent_clause
    receipt = client.get(response["Location"]).content.decode()
    assert "WGEC-2013-0001" in receipt and expected in receipt
    assert mailoutbox[-1].to == [focal_point.email]
    assert "WGEC-2013-0001" in mailoutbox[-1].subject and expected in mailoutbox[-1].body
    decision = Decision.objects.get(submission=submission)
    assert (decision.from_state, decision.to_state, decision.actor, decision.digest) == (
        "draft",
        "submitted",
        focal_point,
        expected,
    )


def test_it_lets_anyone_recompute_the_digest(consultation, verified, focal_point):
    submission = services.submission_for(user=focal_point, consultation=consultation, organisation=verified)
    questions = {q.number: q.pk for q in consultation.questions.all()}
    changes = services.DraftChanges(
        answers={questions[n]: t for n, t in ANSWERS.items()}, language="en", consent="public", revision=0
    )
    services.submission_save_draft(user=focal_point, submission=submission, changes=changes)
    version = services.submission_submit(user=focal_point, submission=submission, declaration=True)
    document = json.dumps(
        {"answers": {"1": ANSWERS[1], "2": ANSWERS[2]}, "attachments": [], "consent": "public", "language": "en"},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    assert version.digest == hashlib.sha256(document.encode()).hexdigest()


def test_it_refuses_to_send_without_the_declaration_and_keeps_the_text(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    response = client.post(edit_url(consultation, verified), post_data(consultation, ANSWERS, submit="1"), follow=True)
    assert "Confirm the declaration" in response.content.decode()
    submission = current(consultation, verified)
    assert submission.state == SubmissionState.DRAFT
    assert submission.answers.get(question__number=1).text == ANSWERS[1]


def test_it_refuses_to_send_an_answer_over_the_word_limit(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    long = " ".join(["word"] * 51)
    response = client.post(
        edit_url(consultation, verified),
        post_data(consultation, {**ANSWERS, 2: long}, submit="1", declaration="on"),
        follow=True,
    )
    assert "Question 2 has 51 words; the limit is 50." in response.content.decode()
    assert current(consultation, verified).state == SubmissionState.DRAFT
    assert current(consultation, verified).answers.get(question__number=2).text == long


def test_it_refuses_to_send_with_a_required_answer_missing(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    response = client.post(
        edit_url(consultation, verified),
        post_data(consultation, {1: ANSWERS[1]}, submit="1", declaration="on"),
        follow=True,
    )
    assert "Question 2 needs an answer." in response.content.decode()
    assert current(consultation, verified).state == SubmissionState.DRAFT


def test_it_counts_chinese_words_two_characters_at_a_time():
    assert count_words("加强合作") == 2
    assert count_words("Internet 治理 and 合作") == 4
    assert count_words("  ") == 0


def test_it_shares_the_draft_among_colleagues(client, consultation, verified, focal_point, colleague):
    client.force_login(focal_point)
    client.post(edit_url(consultation, verified), post_data(consultation, {1: "Started by Aïssatou"}, save="1"))
    client.force_login(colleague)
    assert "Started by Aïssatou" in client.get(edit_url(consultation, verified)).content.decode()


def test_it_does_not_overwrite_a_colleagues_save(client, consultation, verified, focal_point, colleague):
    client.force_login(focal_point)
    client.get(edit_url(consultation, verified))  # both open the form at revision 0
    client.post(edit_url(consultation, verified), post_data(consultation, {1: "Aïssatou's text"}, save="1"))
    client.force_login(colleague)
    response = client.post(
        edit_url(consultation, verified), post_data(consultation, {1: "Moussa's text"}, revision=0, save="1")
    )
    assert response.status_code == HTTPStatus.CONFLICT
    page = response.content.decode()
    assert "Moussa&#x27;s text" in page and "Aïssatou&#x27;s text" in page  # both shown
    assert current(consultation, verified).answers.get(question__number=1).text == "Aïssatou's text"
    # Saving again from the conflict page, knowingly, goes through.
    response = client.post(
        edit_url(consultation, verified), post_data(consultation, {1: "Merged text"}, revision=1, save="1")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert current(consultation, verified).answers.get(question__number=1).text == "Merged text"


def test_it_gives_one_version_for_a_double_click(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    data = post_data(consultation, ANSWERS, submit="1", declaration="on")
    first = client.post(edit_url(consultation, verified), data)
    second = client.post(edit_url(consultation, verified), data)
    assert (
        first["Location"]
        == second["Location"]
        == reverse("consultations:submission_receipt", args=[consultation.slug, verified.pk])
    )
    submission = current(consultation, verified)
    assert submission.versions.count() == 1
    assert Decision.objects.filter(submission=submission).count() == 1


def test_it_keeps_every_version_sent_until_the_deadline(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    client.post(edit_url(consultation, verified), post_data(consultation, ANSWERS, submit="1", declaration="on"))
    changed = {**ANSWERS, 2: "A clearer answer."}
    client.post(
        edit_url(consultation, verified), post_data(consultation, changed, revision=2, submit="1", declaration="on")
    )
    submission = current(consultation, verified)
    assert [v.number for v in submission.versions.all()] == [1, 2]
    first, second = submission.versions.all()
    assert first.digest != second.digest == submission.digest
    assert first.answers.get(question__number=2).text == "Each in its role."
    assert submission.reference == "WGEC-2013-0001"


def test_it_numbers_references_in_order(consultation, verified, focal_point):
    other = OrganisationFactory(name="Andean Network", country=country("PER"), status="verified")
    MembershipFactory(user=focal_point, organisation=other, role=Membership.Role.FOCAL_POINT)
    references = []
    for organisation in (verified, other):
        submission = services.submission_for(user=focal_point, consultation=consultation, organisation=organisation)
        questions = {q.number: q.pk for q in consultation.questions.all()}
        changes = services.DraftChanges(
            answers={questions[n]: t for n, t in ANSWERS.items()}, language="es", consent="public", revision=0
        )
        submission = services.submission_save_draft(user=focal_point, submission=submission, changes=changes)
        services.submission_submit(user=focal_point, submission=submission, declaration=True)
        submission.refresh_from_db()
        references.append(submission.reference)
    assert references == ["WGEC-2013-0001", "WGEC-2013-0002"]


def test_it_keeps_the_draft_after_the_deadline_and_says_when_it_was(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    client.post(edit_url(consultation, verified), post_data(consultation, ANSWERS, save="1"))
    consultation.closes_at = timezone.now() - timedelta(minutes=5)
    consultation.save()
    response = client.post(
        edit_url(consultation, verified),
        post_data(consultation, ANSWERS, revision=1, submit="1", declaration="on"),
        follow=True,
    )
    page = response.content.decode()
    assert "The deadline passed at" in page and "it is now" in page and "Your draft is kept" in page
    submission = current(consultation, verified)
    assert submission.state == SubmissionState.DRAFT
    assert submission.answers.get(question__number=1).text == ANSWERS[1]


def test_it_accepts_a_late_input_a_moderator_allowed(client, consultation, verified, focal_point, moderator):
    consultation.closes_at = timezone.now() - timedelta(hours=1)
    consultation.save()
    grant = services.late_submission_grant(
        moderator=moderator,
        consultation=consultation,
        organisation=verified,
        until=timezone.now() + timedelta(days=1),
        reason="Mission closed for a national holiday.",
    )
    assert (grant.granted_by, grant.reason) == (moderator, "Mission closed for a national holiday.")
    client.force_login(focal_point)
    client.post(edit_url(consultation, verified), post_data(consultation, ANSWERS, submit="1", declaration="on"))
    assert current(consultation, verified).state == SubmissionState.SUBMITTED


def test_it_lets_only_moderators_allow_a_late_input(consultation, verified, focal_point):
    with pytest.raises(services.PermissionDenied):
        services.late_submission_grant(
            moderator=focal_point,
            consultation=consultation,
            organisation=verified,
            until=timezone.now() + timedelta(days=1),
            reason="Please",
        )


def test_it_withdraws_and_restarts_an_input(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    client.post(edit_url(consultation, verified), post_data(consultation, ANSWERS, submit="1", declaration="on"))
    client.post(reverse("consultations:submission_withdraw", args=[consultation.slug, verified.pk]))
    submission = current(consultation, verified)
    assert submission.state == SubmissionState.WITHDRAWN
    assert list(Decision.objects.filter(submission=submission).values_list("to_state", flat=True)) == [
        "submitted",
        "withdrawn",
    ]
    client.post(reverse("consultations:submission_reopen", args=[consultation.slug, verified.pk]))
    assert current(consultation, verified).state == SubmissionState.DRAFT


def test_it_shows_markup_in_answers_as_text(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    client.post(
        edit_url(consultation, verified),
        post_data(consultation, {1: "<script>alert('x')</script> R&D <b>bold</b>"}, save="1"),
    )
    page = client.get(edit_url(consultation, verified)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; R&amp;D &lt;b&gt;bold&lt;/b&gt;" in page


def test_it_removes_control_characters_and_says_so(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    response = client.post(
        edit_url(consultation, verified),
        post_data(consultation, {1: "Null and bell\x07 here\x1b\r\nnext line"}, save="1"),  # NUL: test_bad_bytes.py
        follow=True,
    )
    assert "Invisible control characters were removed from answer 1." in response.content.decode()
    assert current(consultation, verified).answers.get(question__number=1).text == "Null and bell here\nnext line"


def test_it_refuses_a_form_with_a_tampered_question(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    data = post_data(consultation, ANSWERS, save="1")
    data["answer_999999"] = "smuggled"
    response = client.post(edit_url(consultation, verified), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "does not match this consultation" in response.content.decode()
    assert not Submission.objects.exists()


def test_it_hides_an_organisations_input_from_everyone_else(client, consultation, verified, focal_point, outsider):
    client.force_login(focal_point)
    client.post(edit_url(consultation, verified), post_data(consultation, {1: "Private draft"}, save="1"))
    client.force_login(outsider)
    for url in (
        edit_url(consultation, verified),
        reverse("consultations:submission_receipt", args=[consultation.slug, verified.pk]),
    ):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    response = client.post(
        edit_url(consultation, verified), post_data(consultation, {1: "Overwritten"}, revision=1, save="1")
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert (
        client.post(reverse("consultations:submission_withdraw", args=[consultation.slug, verified.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert current(consultation, verified).answers.get(question__number=1).text == "Private draft"


def test_it_lets_an_unverified_organisation_prepare_but_not_send(client, consultation, organisation, focal_point):
    """Sending waits for the secretariat's verification (tests/consultations/test_pending_organisation.py)."""
    client.force_login(focal_point)
    assert client.get(edit_url(consultation, organisation)).status_code == HTTPStatus.OK
    assert not Submission.objects.exists()  # opening the form writes nothing
    client.post(edit_url(consultation, organisation), post_data(consultation, ANSWERS, submit="1", declaration="on"))
    assert current(consultation, organisation).state == SubmissionState.DRAFT


def test_it_hides_draft_consultations(client, consultation, verified, focal_point):
    consultation.status = Consultation.Status.DRAFT
    consultation.save()
    client.force_login(focal_point)
    assert (
        client.get(reverse("consultations:consultation_detail", args=[consultation.slug])).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert client.get(edit_url(consultation, verified)).status_code == HTTPStatus.NOT_FOUND


def test_it_refuses_a_post_without_its_csrf_token(consultation, verified, focal_point):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_point)
    response = client.post(edit_url(consultation, verified), post_data(consultation, ANSWERS, save="1"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Submission.objects.filter(answers__isnull=False).exists()


def test_it_shows_the_consultation_with_its_deadline_in_the_viewers_and_genevas_time(
    client, consultation, verified, focal_point
):
    year = timezone.now().year + 1
    consultation.closes_at = consultation.closes_at.replace(month=1, day=15, hour=12, minute=0, year=year)
    consultation.save()
    focal_point.time_zone = "America/New_York"
    focal_point.save()
    client.force_login(focal_point)
    page = client.get(reverse("consultations:consultation_detail", args=[consultation.slug])).content.decode()
    assert f"15 January {year}, 07:00 UTC-05:00" in page  # 12:00 UTC in New York in January
    assert f"15 January {year}, 13:00 in Geneva (UTC+01:00)" in page
    assert "Your input for <bdi>Sahel Digital Rights Network</bdi>" in page  # the name isolated in its direction
    assert "What is enhanced cooperation?" in page and "Roles of stakeholders" in page


def test_it_lists_consultations_without_drafts(client, consultation):
    Consultation.objects.create(
        title="Hidden",
        slug="hidden",
        reference="HID",
        summary="-",
        consent_clause="-",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=1),
    )
    page = client.get(reverse("consultations:consultation_list")).content.decode()
    assert "Questionnaire on enhanced cooperation" in page and "Hidden" not in page


def test_it_keeps_a_contributor_of_another_organisation_out(client, consultation, verified):
    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=verified, status=Membership.Status.PENDING)
    client.force_login(stranger)
    assert client.get(edit_url(consultation, verified)).status_code == HTTPStatus.NOT_FOUND


def test_it_attaches_a_pdf_to_the_input_and_its_digest(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    data = post_data(consultation, ANSWERS, submit="1", declaration="on")
    data["files"] = [upload("Position paper.pdf", pdf_bytes())]
    client.post(edit_url(consultation, verified), data)
    submission = current(consultation, verified)
    attachment = submission.attachments.get()
    document = canonical_form(ANSWERS, [attachment.sha256], language="en", consent="public")
    assert submission.digest == hashlib.sha256(document).hexdigest()
    assert submission.current_version.attachments == [
        {"name": "Position paper.pdf", "sha256": attachment.sha256, "size": attachment.size}
    ]


def test_it_writes_nothing_when_the_form_is_only_opened(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    assert client.get(edit_url(consultation, verified)).status_code == HTTPStatus.OK
    assert not Submission.objects.exists()
    assert (
        client.get(reverse("consultations:submission_receipt", args=[consultation.slug, verified.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )
    response = client.post(
        reverse("consultations:submission_withdraw", args=[consultation.slug, verified.pk]), follow=True
    )
    assert "Nothing has been saved for this input yet." in response.content.decode()
    assert not Submission.objects.exists()


def test_it_sends_no_new_version_of_an_unchanged_input(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    client.post(edit_url(consultation, verified), post_data(consultation, ANSWERS, submit="1", declaration="on"))
    submission = current(consultation, verified)
    response = client.post(
        edit_url(consultation, verified),
        post_data(consultation, ANSWERS, revision=submission.revision, submit="1", declaration="on"),
        follow=True,
    )
    assert "Nothing changed since version 1: no new version was sent." in response.content.decode()
    assert submission.versions.count() == 1


def test_submit_with_an_answer_missing_saves_the_draft_and_sends_nothing(
    client, consultation, verified, focal_point, mailoutbox
):
    client.force_login(focal_point)
    url = edit_url(consultation, verified)
    client.post(url, post_data(consultation, {1: "A first thought"}, save="1"))
    response = client.post(
        url,
        post_data(consultation, {1: "A better first thought"}, revision=1, submit="1", declaration="on"),
        follow=True,
    )
    page = response.content.decode()
    assert "Not sent yet, but your draft is saved: Question 2 needs an answer." in page
    assert "A better first thought" in page
    submission = current(consultation, verified)
    assert (submission.state, submission.revision, submission.versions.count()) == (SubmissionState.DRAFT, 2, 0)
    assert submission.answers.get(question__number=1).text == "A better first thought"
    assert mailoutbox == []


def test_it_opens_saves_and_sends_in_a_bounded_number_of_queries(
    client, consultation, verified, focal_point, django_assert_max_num_queries
):
    """Each question, answer and attachment is read once a request, whatever the questionnaire's length."""
    for number in range(4, 24):
        consultation.questions.create(number=number, text=f"Optional question {number}?", required=False)
    client.force_login(focal_point)
    url = edit_url(consultation, verified)
    client.post(url, post_data(consultation, {1: "A first thought"}, save="1"))
    with django_assert_max_num_queries(16):
        client.post(url, post_data(consultation, {1: "A second thought"}, revision=1, save="1"))
    with django_assert_max_num_queries(10):
        assert "A second thought" in client.get(url).content.decode()
    with django_assert_max_num_queries(27):
        response = client.post(url, post_data(consultation, ANSWERS, revision=2, submit="1", declaration="on"))
    assert response["Location"] == reverse("consultations:submission_receipt", args=[consultation.slug, verified.pk])
    assert current(consultation, verified).state == SubmissionState.SUBMITTED
