"""Whatever a stakeholder's browser posts to the journey's forms: never a server error, never half a change."""

import os
from collections import Counter
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Country, Membership, Organisation, StakeholderCategory
from consultations.models import Attachment, Decision, Submission, SubmissionState
from consultations.text import clean_answer, digest
from outbox.models import FollowUp
from tests.factories import UserFactory
from tests.files import docx_bytes, odt_bytes, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXPLORE = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays deterministic
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
short_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
content = st.one_of(
    st.binary(max_size=600),
    st.sampled_from([pdf_bytes(), docx_bytes(), odt_bytes(), b""]),
    st.binary(max_size=64).map(lambda tail: pdf_bytes() + tail),
    st.binary(max_size=64).map(lambda head: head + pdf_bytes()),
)
# Any name a browser can send for a file (it sends none for an empty file input, and never a bare "." or "..").
file_name = (short_text.map(lambda name: name + ".pdf") | short_text).filter(
    lambda name: os.path.basename(name) not in {"", ".", ".."}
)
files = st.lists(st.tuples(file_name, content), max_size=3)


def posted_answer(value):
    """The answer the form keeps of a posted text (an absent field is an empty answer)."""
    return clean_answer(value)[0] if value is not None else ""


def input_state(consultation, organisation):
    submission = Submission.objects.filter(consultation=consultation, organisation=organisation).first()
    if submission is None:
        return None
    return {
        "revision": submission.revision,
        "state": submission.state,
        "language": submission.language,
        "consent": submission.consent,
        "answers": dict(submission.answers.values_list("question_id", "text")),
        "attachments": sorted(submission.attachments.values_list("name", "sha256")),
        "versions": submission.versions.count(),
    }


def stored_files(media_root):
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}


def assert_input_is_whole(submission, media_root):
    """Every file kept belongs to an attachment and the reverse; every version sent is complete and told."""
    assert stored_files(media_root) == set(Attachment.objects.values_list("file", flat=True))
    versions = list(submission.versions.prefetch_related("answers__question"))
    for version in versions:
        answers = {a.question.number: a.text for a in version.answers.all()}
        hashes = [a["sha256"] for a in version.attachments]
        assert digest(answers, hashes, language=version.language, consent=version.consent) == version.digest
    sent = Decision.objects.filter(submission=submission, to_state=SubmissionState.SUBMITTED).count()
    follow_ups = Counter(FollowUp.objects.values_list("task", flat=True))
    assert sent == len(versions) == follow_ups["consultations.tasks.campaign_check"]
    assert follow_ups["accounts.tasks.email_send"] == len(versions)  # one receipt each, to the focal point
    assert submission.attachments.count() <= 5


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def test_it_keeps_the_input_form_whole_whatever_is_posted(client, consultation, verified, focal_point, media):
    questions = list(consultation.questions.values_list("pk", flat=True))
    url = reverse("consultations:submission_edit", args=[consultation.slug, verified.pk])
    client.force_login(focal_point)

    @EXPLORE
    @given(
        answers=st.lists(st.none() | text, min_size=len(questions), max_size=len(questions)),
        stray_answer=st.booleans(),
        language=st.sampled_from(["en", "fr", "ar", "zh-hans"]) | short_text,
        consent=st.sampled_from(["public", "anonymous", "secretariat"]) | short_text,
        revision=st.sampled_from(["current", "current", "stale"]) | short_text,
        action=st.sampled_from(["save", "submit"]),
        declaration=st.booleans(),
        uploads=files,
        remove=st.lists(st.sampled_from(["existing", "-1", "x", "999999"]), max_size=2),
    )
    def post(answers, stray_answer, language, consent, revision, action, declaration, uploads, remove):
        before = input_state(consultation, verified)
        current = before["revision"] if before else 0
        data = {f"answer_{pk}": value for pk, value in zip(questions, answers, strict=True) if value is not None}
        if stray_answer:
            data["answer_999999"] = "A question of another consultation"
        attachment_ids = [str(pk) for pk in Attachment.objects.values_list("pk", flat=True)]
        data.update(
            language=language,
            consent=consent,
            revision={"current": current, "stale": current - 1}.get(revision, revision),
            remove=[attachment_ids[0] if choice == "existing" and attachment_ids else choice for choice in remove],
            files=[SimpleUploadedFile(name, body) for name, body in uploads],
            **{action: "1"},
        )
        if declaration:
            data["declaration"] = "on"
        response = client.post(url, data)
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
        after = input_state(consultation, verified)
        if response.status_code != HTTPStatus.FOUND:
            assert after == before  # refused: nothing written
        elif after != before:
            assert after["revision"] > current
            assert after["answers"] == {pk: posted_answer(v) for pk, v in zip(questions, answers, strict=True)}
        if after is not None:
            assert_input_is_whole(Submission.objects.get(consultation=consultation, organisation=verified), media)

    post()


def test_it_registers_an_organisation_with_its_focal_point_or_not_at_all(client):
    user = UserFactory(email="newcomer@example.org")
    client.force_login(user)
    categories = [str(pk) for pk in StakeholderCategory.objects.values_list("pk", flat=True)]
    countries = [str(pk) for pk in Country.objects.values_list("pk", flat=True)[:20]]

    @EXPLORE
    @given(
        name=text,
        acronym=short_text,
        category=st.sampled_from(categories) | short_text,
        country=st.sampled_from(countries) | short_text,
        is_international=st.sampled_from(["", "on"]) | short_text,
        website=st.sampled_from(["", "example.org", "https://ngo.example.org/about"]) | text,
        description=text,
        ecosoc_status=st.sampled_from([""] + list(Organisation.EcosocStatus.values)) | short_text,
        wsis_accredited=st.sampled_from(["", "on"]) | short_text,
    )
    def post(**data):
        organisations = set(Organisation.objects.values_list("pk", flat=True))
        memberships = Membership.objects.count()
        response = client.post(reverse("accounts:organisation_create"), data)
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
        created = Organisation.objects.exclude(pk__in=organisations)
        if response.status_code == HTTPStatus.FOUND:
            organisation = created.get()
            assert organisation.name == data["name"].strip()
            assert organisation.status == Organisation.Status.PENDING
            assert list(organisation.memberships.values_list("user", "role", "status")) == [
                (user.pk, Membership.Role.FOCAL_POINT, Membership.Status.ACTIVE)
            ]
            assert Membership.objects.count() == memberships + 1
        else:
            assert not created.exists() and Membership.objects.count() == memberships

    post()


def test_it_records_a_request_to_join_with_its_notice_or_not_at_all(client, verified, focal_point):
    url = reverse("accounts:membership_request", args=[verified.pk])

    @EXPLORE
    @given(message=st.none() | text | st.text(min_size=990, max_size=1100))
    def post(message):
        newcomer = UserFactory()
        client.force_login(newcomer)
        notices = FollowUp.objects.count()
        response = client.post(url, {} if message is None else {"message": message})
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR
        membership = Membership.objects.filter(user=newcomer).first()
        if membership is None:
            assert FollowUp.objects.count() == notices
        else:
            assert (membership.status, membership.message) == (Membership.Status.PENDING, (message or "").strip())
            told = FollowUp.objects.order_by("pk")[notices:]
            assert [(f.task, f.args[0]) for f in told] == [("accounts.tasks.email_send", focal_point.email)]

    post()
