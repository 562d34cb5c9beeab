"""Read-side functions: the public record, and what a member sees of their organisation's input."""

from allauth.mfa.utils import is_mfa_enabled
from django.db.models import Count, F, Q, Window
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Organisation, RegionalGroup
from consultations.campaigns import campaign_sizes
from consultations.models import (
    Attachment,
    Consultation,
    Decision,
    Question,
    Submission,
    SubmissionState,
    VersionAnswer,
)

# What public lists show of an input and its organisation: nothing heavier.
LISTED = [
    "organisation",
    "organisation__category",
    "organisation__country",
    "reference",
    "number",
    "language",
    "consent",
    "organisation__name",
    "organisation__acronym",
    "organisation__category__name",
    "organisation__category__slug",
    "organisation__category__order",
    "organisation__country__name",
    "organisation__country__names",
    "organisation__country__regional_group",
]


# What the front page shows of a consultation: its title in each language, its address, its window.
FRONT_PAGE_FIELDS = ("title", "translations", "slug", "status", "opens_at", "closes_at")


def front_page_consultations(now=None):
    """(open now, soonest deadline first; published, newest first): the consultations the front page leads to."""
    listed = list(Consultation.objects.with_public_record().only(*FRONT_PAGE_FIELDS).order_by("closes_at"))
    now = now or timezone.now()
    published = [c for c in reversed(listed) if c.status == Consultation.Status.PUBLISHED]
    return [c for c in listed if c.accepts_inputs(now)], published


def consultation_visible(slug):
    return get_object_or_404(Consultation.objects.visible(), slug=slug)


def consultation_with_record(slug):
    return get_object_or_404(Consultation.objects.with_public_record(), slug=slug)


def questions_by_theme(consultation):
    """[(theme or None, [questions])] in questionnaire order."""
    groups = []
    for question in Question.objects.filter(consultation=consultation).select_related("theme").order_by("number"):
        if not groups or groups[-1][0] != question.theme:
            groups.append((question.theme, []))
        groups[-1][1].append(question)
    return groups


def public_inputs(consultation):
    """Accepted, consented inputs of verified organisations, with what the list shows."""
    return (
        Submission.objects.public()
        .filter(consultation=consultation)
        .select_related("organisation__category", "organisation__country")
        .only(*LISTED)
        .order_by("organisation__category__order", "organisation__country__regional_group", "number")
    )


def counts_by_category(submissions):
    """[(category name, count)] for the filtered list, in category order."""
    rows = (
        submissions.order_by()
        .values(name=F("organisation__category__name"), order=F("organisation__category__order"))
        .annotate(count=Count("pk"))
        .order_by("order")
    )
    return [(_(row["name"]), row["count"]) for row in rows]  # as StakeholderCategory.__str__ does


def public_input(consultation, reference):
    return get_object_or_404(
        Submission.objects.public()
        .filter(consultation=consultation)
        .select_related("organisation__category", "organisation__country", "current_version"),
        reference=reference,
    )


def sent_answers(version):
    """Question id -> the text sent in this version."""
    return dict(version.answers.values_list("question_id", "text"))


def public_answers_to(consultation, question):
    """Every public answer to one question as it was sent, category by category."""
    public = Submission.objects.public().filter(consultation=consultation)
    return (
        VersionAnswer.objects.filter(question=question, version__current_of__in=public)
        .select_related("version__current_of__organisation__category", "version__current_of__organisation__country")
        .only("text", "version", "version__current_of", *(f"version__current_of__{field}" for field in LISTED))
        .order_by(
            "version__current_of__organisation__category__order",
            "version__current_of__organisation__country__regional_group",
            "version__current_of__number",
        )
    )


def version_attachments(submission):
    """The attachments of the version that was sent."""
    return list(submission.attachments.filter(sha256__in=submission.current_version.attachment_hashes()))


def organisations_of_member(user):
    """Every organisation the user is an active member of, verified or not: they may prepare its inputs."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.of_member(user).select_related("category", "country")


def member_organisations(user):
    """Verified organisations the user may send inputs for."""
    return organisations_of_member(user).verified()


def awaiting_verification():
    """Organisations awaiting verification, newest first, with what the console and the digest name them by."""
    return Organisation.objects.pending().select_related("country").order_by("-created_at", "-pk")


def newest_awaiting_verification(n):
    """(How many organisations await verification, the n newest of them), in one query."""
    newest = list(awaiting_verification().annotate(awaiting=Window(Count("pk")))[:n])
    return (newest[0].awaiting if newest else 0), newest


def organisation_for_input(user, pk):
    """An organisation the user is an active member of, or 404."""
    return get_object_or_404(Organisation.objects.of_member(user), pk=pk)


def reads_inputs_in_console(user):
    """The secretariat who read inputs in the console (moderators, the chair), once two-factor authentication is on."""
    return (
        roles.secretariat_can(user, "accounts.view_console")
        and user.has_perm("consultations.view_submission")
        and is_mfa_enabled(user)
    )


def attachment_for(user, pk):
    """An attachment the user may download: a public input's, their organisation's, or a sent input's for the console.

    A draft that was never sent stays its organisation's alone, as in the console.
    """
    attachment = get_object_or_404(
        Attachment.objects.select_related("submission__organisation", "submission__current_version"), pk=pk
    )
    submission = attachment.submission
    if user.is_authenticated:
        if submission.organisation.has_member(user):
            return attachment
        if submission.current_version_id and reads_inputs_in_console(user):
            return attachment
    is_public = Submission.objects.public().filter(pk=submission.pk).exists()
    if is_public and attachment.sha256 in submission.current_version.attachment_hashes():
        return attachment
    return get_object_or_404(Attachment.objects.none(), pk=pk)


# What moderators see in the queue and on review pages: everything sent, not drafts.
REVIEWABLE = [s for s in SubmissionState.values if s != SubmissionState.DRAFT]


def queue():
    """Every input sent to any consultation, with what the queue shows, oldest first."""
    return (
        Submission.objects.filter(state__in=REVIEWABLE)
        .select_related("consultation", "organisation__category", "organisation__country", "assigned_to")
        .defer("search_text", "consent_clause", "signature", "consultation__mandate", "consultation__consent_clause")
        .order_by("submitted_at", "pk")
    )


def campaign_sizes_for(submissions):
    """{campaign id: number of inputs} for the campaigns of these inputs, in one query."""
    ids = {s.campaign_id for s in submissions if s.campaign_id}
    return campaign_sizes(ids) if ids else {}


def for_review():
    return Submission.objects.select_related(
        "consultation", "organisation__category", "organisation__country", "organisation__verified_by", "assigned_to"
    )


def console_stats(consultations):
    """Per consultation: inputs by state, by category and by regional group (drafts left out), in three queries."""
    sent = Submission.objects.filter(consultation__in=consultations, state__in=REVIEWABLE).order_by()
    stats = {c.pk: {"states": {}, "categories": {}, "groups": {}} for c in consultations}
    for cid, state, n in sent.values_list("consultation_id", "state").annotate(n=Count("pk")):
        stats[cid]["states"][SubmissionState(state).label] = n
    by_category = sent.values_list("consultation_id", "organisation__category__name", "organisation__category__order")
    for cid, name, _order, n in by_category.annotate(n=Count("pk")).order_by("organisation__category__order"):
        stats[cid]["categories"][_(name)] = n  # as StakeholderCategory.__str__ does
    by_group = sent.values_list("consultation_id", "organisation__country__regional_group")
    for cid, group, n in by_group.annotate(n=Count("pk")).order_by("organisation__country__regional_group"):
        stats[cid]["groups"][RegionalGroup(group).label if group else _("No regional group")] = n
    return stats


def audit_log(consultation=None, to_state="", actor="", since=None):
    """Decisions on inputs, newest first, filtered as the audit page asks."""
    decisions = Decision.objects.select_related("submission__consultation", "submission__organisation", "actor")
    if consultation:
        decisions = decisions.filter(submission__consultation=consultation)
    if to_state:
        decisions = decisions.filter(to_state=to_state)
    if actor:
        decisions = decisions.filter(Q(actor__full_name__icontains=actor) | Q(actor__email__icontains=actor))
    if since:
        decisions = decisions.filter(at__date__gte=since)
    return decisions.order_by("-at", "-pk")
