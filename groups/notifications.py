"""E-mails about a report's rounds of comments, to the group's members (and observers), each in their own language and
time zone, sent once the change that caused them commits (accounts.notifications, through the outbox)."""

from django.conf import settings
from django.urls import reverse

from accounts.notifications import send_after_commit
from groups.models import Observer
from reports.models import Member


def _readers(round_) -> list:
    """The active accounts of the round's working group: its members' (linked by the Chair) and its observers'."""
    group_id = round_.draft.report.working_group_id
    seats = Member.objects.filter(working_group_id=group_id, user__isnull=False).select_related("user")
    people = [seat.user for seat in seats]
    people += [observer.user for observer in Observer.objects.filter(working_group_id=group_id).select_related("user")]
    return [person for person in people if person.is_active]


def _context(round_) -> dict:
    draft = round_.draft
    report = draft.report
    path = reverse("groups:member_draft", args=[report.working_group.slug, report.pk, draft.number])
    return {"round": round_, "draft": draft, "report": report, "url": settings.SITE_URL + path}


def round_opened(round_) -> None:
    """A round of comments is open: the draft, its deadline, whether comments will be published, and the link."""
    send_after_commit("groups/email/round_opened", _readers(round_), _context(round_))


def round_closed(round_) -> None:
    """A round of comments is closed: its comments are published (or kept by the secretariat, as said)."""
    send_after_commit("groups/email/round_closed", _readers(round_), _context(round_))
