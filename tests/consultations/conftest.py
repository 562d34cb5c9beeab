import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def pdf_bytes(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def odt_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_input(
    consultation,
    organisation,
    answers,
    *,
    consent="public",
    language="en",
    state="accepted",
    moderator=None,
    user=None,
    now=None,
):
    """An input sent through the services by a member (`user`, else the first one) at `now`, then decided as asked."""
    from accounts.models import Membership
    from consultations import services

    if user is None:
        member = organisation.memberships.filter(status=Membership.Status.ACTIVE).first()
        user = member.user if member else None
    if user is None:
        from tests.factories import MembershipFactory

        user = MembershipFactory(organisation=organisation, role="focal_point").user
    submission = services.submission_for(user=user, consultation=consultation, organisation=organisation)
    questions = {q.number: q.pk for q in consultation.questions.all()}
    changes = services.DraftChanges(
        answers={questions[n]: t for n, t in answers.items()},
        language=language,
        consent=consent,
        revision=submission.revision,
    )
    submission = services.submission_save_draft(user=user, submission=submission, changes=changes)
    if state == "draft":
        return submission
    services.submission_submit(user=user, submission=submission, declaration=True, now=now)
    if state != "submitted":
        services.submission_decide(
            moderator=moderator, submission=submission, to_state=state, reason="Decided in a test."
        )
    submission.refresh_from_db()
    return submission


def bulk_inputs(consultation, n, *, state="submitted", start=0):
    """n sent inputs from n verified organisations, created in bulk (for query budgets at scale)."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Country, Organisation, StakeholderCategory
    from consultations.models import Submission, SubmissionVersion, VersionAnswer

    categories = list(StakeholderCategory.objects.exclude(slug="government"))
    countries = list(Country.objects.all())
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bulk organisation {start + i}",
            category=categories[i % len(categories)],
            country=countries[i % len(countries)],
            status=Organisation.Status.VERIFIED,
        )
        for i in range(n)
    )
    now = timezone.now()
    submissions = Submission.objects.bulk_create(
        Submission(
            consultation=consultation,
            organisation=o,
            state=state,
            number=start + i + 1,
            reference=f"{consultation.reference}-B{start + i + 1:05d}",
            digest=f"{i:064x}",
            submitted_at=now - timedelta(minutes=i),
            first_submitted_at=now - timedelta(minutes=i),
            language=["en", "fr", "es", "ar", "ru", "zh-hans"][i % 6],
        )
        for i, o in enumerate(organisations)
    )
    versions = SubmissionVersion.objects.bulk_create(
        SubmissionVersion(
            submission=s, number=1, submitted_at=s.submitted_at, digest=s.digest, language=s.language, consent="public"
        )
        for s in submissions
    )
    question = consultation.questions.order_by("number").first()
    VersionAnswer.objects.bulk_create(
        VersionAnswer(version=v, question=question, text=f"Answer {v.pk}") for v in versions
    )
    for s, v in zip(submissions, versions, strict=True):
        s.current_version = v
    Submission.objects.bulk_update(submissions, ["current_version"])
    return submissions
