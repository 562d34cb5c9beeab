"""The members' pages: a published draft of their working group's report, a form to comment on each paragraph while
a round is open, their own comments, and everyone's once a round closes if the Chair chose to publish them.

Only those with a seat in the group read them (a member linked to their account by the Chair, or an observer the
Chair admitted), and the secretariat; anyone else signed in is refused (403), and a draft not published does not
exist (404)."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import queries, services
from groups.forms import CommentForm
from groups.models import Draft, DraftParagraph, Report


def _readable(request, slug, pk, number) -> tuple[Report, Draft]:
    report = get_object_or_404(Report.objects.select_related("working_group"), pk=pk, working_group__slug=slug)
    draft = get_object_or_404(Draft.objects.published(), report=report, number=number)
    seat, observer = queries.seat_of(request.user, report.working_group_id)
    if seat is None and observer is None and not queries.reads_every_comment(request.user):
        raise PermissionDenied(_("This page is for the members and observers of the working group."))
    return report, draft


def member_draft_url(draft: Draft) -> str:
    report = draft.report
    return reverse("groups:member_draft", args=[report.working_group.slug, report.pk, draft.number])


@login_required
def member_draft(request, slug, pk, number):
    report, draft = _readable(request, slug, pk, number)
    return _page(request, report, draft)


def _page(request, report, draft, *, forms=None, status=HTTPStatus.OK, error=""):
    now = timezone.now()
    open_round = next((round_ for round_ in draft.rounds.all() if not round_.is_closed(now)), None)
    seat, observer = queries.seat_of(request.user, report.working_group_id)
    may_comment = open_round is not None and (seat is not None or (observer and open_round.observers_may_comment))
    comments = {}
    for round_ in draft.rounds.all():
        for found in queries.visible_comments(request.user, round_, now):
            comments.setdefault(found.version_id, []).append(found)
    forms = forms or {}
    context = {
        "report": report,
        "group": report.working_group,
        "draft": draft,
        "ordered": queries.ordered(draft),
        "open_round": open_round,
        "may_comment": may_comment,
        "seat": seat,
        "observer": observer,
        "comments": comments,
        "forms": forms,
        "blank": CommentForm(initial={"language": get_language()}),
        "error": error,
    }
    return render(request, "groups/member_draft.html", context, status=status)


def _round_to_comment_in(draft):
    """The draft's round still open, else the latest one the Chair has not closed (a comment sent to it is refused
    with its deadline), else None."""
    rounds, now = list(draft.rounds.all()), timezone.now()
    still_open = [round_ for round_ in rounds if not round_.is_closed(now)]
    not_closed = [round_ for round_ in rounds if round_.closed_at is None]
    return (still_open or not_closed or [None])[-1]


@login_required
@require_POST
def comment(request, slug, pk, number, version_pk):
    report, draft = _readable(request, slug, pk, number)
    version = get_object_or_404(DraftParagraph, pk=version_pk, draft=draft)
    form = CommentForm(request.POST)
    open_round = _round_to_comment_in(draft)
    try:
        if not form.is_valid():
            raise ValidationError(_("The comment could not be read: see below."))
        if open_round is None:
            raise ValidationError(_("This round of comments is closed."))
        services.comment(open_round, version, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        message = " ".join(error.messages)
        form.add_error(None, message)
        return _page(request, report, draft, forms={version.pk: form}, status=HTTPStatus.BAD_REQUEST, error=message)
    messages.success(request, _("Your comment on %(paragraph)s is recorded.") % {"paragraph": services.label(version)})
    return redirect(f"{member_draft_url(draft)}#p{version.paragraph_id}")
