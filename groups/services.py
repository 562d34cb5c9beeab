"""What changes a report: drafting (sections and paragraphs added, edited, moved, split, merged, deleted), publishing
a draft, and the Chair's decisions on a paragraph's status. Each function checks who may do it, works on a draft
still being edited (a published one is a record), and is one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles as account_roles
from groups import brackets, notifications, queries
from groups.models import (
    Comment,
    CommentRound,
    Draft,
    DraftParagraph,
    Kind,
    Observer,
    Origin,
    Paragraph,
    Position,
    Proponent,
    PublishedError,
    Report,
    Section,
    Status,
    StatusDecision,
)
from groups.roles import DECIDE_STATUS, EDIT_DRAFT, PUBLISH_DRAFT
from reports.models import Member
from web import formats

TEXT_LIMIT = 20_000  # characters of a paragraph (a long one in a UN report runs to 1,500)
HEADING_LIMIT = 500


class ParagraphConflict(Exception):
    """Someone saved the paragraph since this person opened it; nothing was written. `theirs` is the paragraph as
    saved, `mine` the text this person sent: the page shows both."""

    def __init__(self, theirs: DraftParagraph, mine: str):
        self.theirs, self.mine = theirs, mine
        super().__init__("The paragraph changed since it was opened.")


def _require(user, permission: str, message: str) -> None:
    if not account_roles.secretariat_can(user, permission):
        raise PermissionDenied(message)


def _edited(draft: Draft) -> Draft:
    """The draft, locked, if it is still being edited."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if draft.is_published:
        raise PublishedError(
            _("Draft %(number)s is published and cannot change: edit draft %(next)s, which follows it.")
            % {"number": draft.number, "next": draft.number + 1}
        )
    return draft


def label(version: DraftParagraph) -> str:
    """How a message names a paragraph: by its number, or as new."""
    if version.number:
        return _("Paragraph %(number)s") % {"number": version.number}
    return _("The new paragraph")


def check_text(text: str, *, named: str, limit: int = TEXT_LIMIT) -> str:
    """The text as it will be kept (trimmed), or ValidationError naming the paragraph and where its brackets fail."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("%(paragraph)s: write its text.") % {"paragraph": named})
    if len(text) > limit:
        raise ValidationError(
            _("%(paragraph)s: %(length)s characters, more than %(limit)s.")
            % {"paragraph": named, "length": len(text), "limit": limit}
        )
    try:
        brackets.parse(text)
    except brackets.BracketError as error:
        raise ValidationError(f"{named}: {error.message}") from error
    return text


# Reports and drafts ---------------------------------------------------------------------------------------------


@transaction.atomic
def start_report(working_group, *, title: str, user, symbol: str = "", language: str = "en") -> Report:
    """A new report of the working group, with its first draft open for editing."""
    _require(user, PUBLISH_DRAFT, _("Only the Chair can start a report."))
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the report a title."))
    report = Report.objects.create(
        working_group=working_group, title=title[:300], symbol=symbol.strip()[:60], language=language, created_by=user
    )
    Draft.objects.create(report=report, number=1)
    return report


def editing(report: Report) -> Draft | None:
    """The draft of the report being edited (None only while a publication is under way)."""
    return report.drafts.editing().first()


def _next_key(draft: Draft) -> int:
    """A new section key for the report: one more than any its drafts have used."""
    used = Section.objects.filter(draft__report_id=draft.report_id).aggregate(top=Max("key"))["top"]
    return (used or 0) + 1


@transaction.atomic
def add_section(draft: Draft, *, heading: str, user, parent: Section | None = None, position=None) -> Section:
    """A new section at `position` among its siblings (last if None)."""
    _require(user, EDIT_DRAFT, _("Your role cannot edit drafts."))
    draft = _edited(draft)
    heading = check_text(heading, named=_("The heading"), limit=HEADING_LIMIT)
    if parent is not None and parent.draft_id != draft.pk:
        raise ValidationError(_("The section it would belong to is in another draft."))
    siblings = Section.objects.filter(draft=draft, parent=parent)
    position = _insert_at(siblings, position)
    return Section.objects.create(draft=draft, key=_next_key(draft), parent=parent, position=position, heading=heading)


@transaction.atomic
def edit_section(section: Section, *, heading: str, user) -> Section:
    _require(user, EDIT_DRAFT, _("Your role cannot edit drafts."))
    _edited(section.draft)
    section.heading = check_text(heading, named=_("The heading"), limit=HEADING_LIMIT)
    section.save(update_fields=["heading"])
    return section


def _insert_at(siblings, position) -> int:
    """Make room at `position` among siblings (ordered by position); the position to use."""
    count = siblings.count()
    if position is None or position >= count:
        return count
    position = max(position, 0)
    siblings.filter(position__gte=position).update(position=F("position") + 1)
    return position


@transaction.atomic
def add_paragraph(
    draft: Draft, *, text: str, user, section: Section | None = None, kind=Kind.NARRATIVE, position=None,
    language: str | None = None,
) -> DraftParagraph:  # fmt: skip
    """A new paragraph (a new identity) at `position` in its section (last if None), numbered with the rest."""
    _require(user, EDIT_DRAFT, _("Your role cannot edit drafts."))
    draft = _edited(draft)
    text = check_text(text, named=_("The new paragraph"))
    if section is not None and section.draft_id != draft.pk:
        raise ValidationError(_("The section is in another draft."))
    if kind not in Kind.values:
        raise ValidationError(_("Choose the paragraph's kind."))
    identity = Paragraph.objects.create(report_id=draft.report_id, created_in=draft)
    position = _insert_at(DraftParagraph.objects.filter(draft=draft, section=section), position)
    version = DraftParagraph.objects.create(
        draft=draft, paragraph=identity, section=section, position=position, kind=kind, text=text,
        language=language or draft.report.language, updated_by=user,
    )  # fmt: skip
    renumber(draft)
    version.refresh_from_db()
    return version


def _locked(version: DraftParagraph, user) -> DraftParagraph:
    _require(user, EDIT_DRAFT, _("Your role cannot edit drafts."))
    _edited(version.draft)
    return DraftParagraph.objects.select_for_update().get(pk=version.pk)


@transaction.atomic
def edit_paragraph(version: DraftParagraph, *, user, revision: int, text=None, kind=None, translations=None):
    """Save the paragraph's text, kind or translations; ParagraphConflict if it was saved since `revision`."""
    version = _locked(version, user)
    if revision != version.revision:
        raise ParagraphConflict(version, text if text is not None else version.text)
    if text is not None:
        version.text = check_text(text, named=label(version))
    if kind is not None:
        if kind not in Kind.values:
            raise ValidationError(_("Choose the paragraph's kind."))
        version.kind = kind
    if translations is not None:
        cleaned = {}
        for language, translated in translations.items():
            if (translated or "").strip():
                cleaned[language] = check_text(translated, named=f"{label(version)} ({language})")
        version.translations = cleaned
    _saved(version, user)
    _prune_proponents(version)
    return version


def _saved(version: DraftParagraph, user, fields=("text", "kind", "translations")) -> None:
    version.revision += 1
    version.updated_at, version.updated_by = timezone.now(), user
    version.save(update_fields=[*fields, "revision", "updated_at", "updated_by"])


def _prune_proponents(version: DraftParagraph) -> None:
    """Proponents of alternatives the text no longer has are let go (the brackets were edited away)."""
    shape = [len(b.alternatives) for b in brackets.brackets(version.text)]
    for proponent in version.proponents.all():
        if proponent.bracket >= len(shape) or proponent.alternative >= shape[proponent.bracket]:
            proponent.delete()


@transaction.atomic
def move_paragraph(version: DraftParagraph, *, user, section: Section | None, position: int) -> DraftParagraph:
    """Move the paragraph to `position` in `section` (another section, or the same), and number the draft again."""
    version = _locked(version, user)
    if section is not None and section.draft_id != version.draft_id:
        raise ValidationError(_("The section is in another draft."))
    old = DraftParagraph.objects.filter(draft_id=version.draft_id, section=version.section)
    old.filter(position__gt=version.position).update(position=F("position") - 1)
    siblings = DraftParagraph.objects.filter(draft_id=version.draft_id, section=section).exclude(pk=version.pk)
    version.section, version.position = section, _insert_at(siblings, position)
    _saved(version, user, fields=("section", "position"))
    renumber(version.draft)
    version.refresh_from_db()
    return version


@transaction.atomic
def split_paragraph(version: DraftParagraph, *, user, revision: int, first: str, second: str) -> DraftParagraph:
    """Split a paragraph in two: it keeps `first` (and its identity); a new paragraph made from it holds `second`,
    right after it. The new one's history starts with "split from" the paragraph."""
    version = _locked(version, user)
    if revision != version.revision:
        raise ParagraphConflict(version, f"{first}\n\n{second}")
    version.text = check_text(first, named=label(version))
    second = check_text(second, named=_("The new paragraph"))
    _saved(version, user, fields=("text",))
    _prune_proponents(version)
    identity = Paragraph.objects.create(report_id=version.draft.report_id, created_in=version.draft)
    siblings = DraftParagraph.objects.filter(draft_id=version.draft_id, section=version.section)
    new = DraftParagraph.objects.create(
        draft_id=version.draft_id, paragraph=identity, section=version.section,
        position=_insert_at(siblings, version.position + 1), kind=version.kind, status=version.status,
        text=second, language=version.language, updated_by=user,
    )  # fmt: skip
    Origin.objects.create(version=new, paragraph=version.paragraph, how=Origin.How.SPLIT)
    renumber(version.draft)
    new.refresh_from_db()
    return new


@transaction.atomic
def merge_paragraphs(version: DraftParagraph, other: DraftParagraph, *, user, text: str | None = None):
    """Merge `other` into `version`: `version` keeps its identity and place and takes `text` (both texts joined if
    None); `other` leaves this draft, and its history ends "merged into" `version`'s."""
    version, other = _locked(version, user), _locked(other, user)
    if version.pk == other.pk or version.draft_id != other.draft_id:
        raise ValidationError(_("Choose two different paragraphs of the same draft to merge."))
    if other.decisions.exists():
        raise ValidationError(
            _("%(paragraph)s has decisions on its status in this draft: delete it instead of merging it.")
            % {"paragraph": label(other)}
        )
    joined = text if text is not None else f"{version.text}\n\n{other.text}"
    version.text = check_text(joined, named=label(version))
    _saved(version, user, fields=("text",))
    _prune_proponents(version)
    Origin.objects.create(version=version, paragraph=other.paragraph, how=Origin.How.MERGED)
    Origin.objects.filter(version=other).delete()
    Proponent.objects.filter(version=other).delete()
    DraftParagraph.objects.filter(draft_id=other.draft_id, section=other.section, position__gt=other.position).update(
        position=F("position") - 1
    )
    identity, new_here = other.paragraph, other.paragraph.created_in_id == other.draft_id
    other.delete()
    if new_here and not identity.versions.exists():  # added in this draft and merged away: it never was
        Origin.objects.filter(version=version, paragraph=identity).delete()
        identity.delete()
    renumber(version.draft)
    version.refresh_from_db()
    return version


@transaction.atomic
def delete_paragraph(version: DraftParagraph, *, user) -> DraftParagraph | None:
    """Delete a paragraph. One that a published draft had stays, marked deleted (shown struck through, without a
    number): its deletion is part of the record. One added in this draft and never published goes."""
    version = _locked(version, user)
    if version.paragraph.created_in_id == version.draft_id and not version.decisions.exists():
        identity = version.paragraph
        Origin.objects.filter(version=version).delete()
        Proponent.objects.filter(version=version).delete()
        DraftParagraph.objects.filter(
            draft_id=version.draft_id, section=version.section, position__gt=version.position
        ).update(position=F("position") - 1)
        version.delete()
        if not identity.versions.exists():
            identity.delete()
        renumber(version.draft)
        return None
    decide_status(version, Status.DELETED, user=user, reason="", checked=False)
    version.refresh_from_db()
    return version


def renumber(draft: Draft) -> None:
    """Number the draft's paragraphs 1, 2, 3… in reading order; a deleted one has no number."""
    updates, number = [], 0
    for _section, versions in queries.ordered(draft):
        for version in versions:
            wanted = None
            if version.status != Status.DELETED:
                number += 1
                wanted = number
            if version.number != wanted:
                version.number = wanted
                updates.append(version)
    if updates:
        DraftParagraph.objects.bulk_update(updates, ["number"])


@transaction.atomic
def publish(draft: Draft, *, user, note: str = "") -> Draft:
    """Publish the draft (it never changes again) and open the next one as its copy: the same sections (keys), the
    same paragraphs (identities), numbers, kinds, statuses, texts, translations and proponents."""
    _require(user, PUBLISH_DRAFT, _("Only the Chair can publish a draft."))
    draft = _edited(draft)
    versions = list(draft.paragraphs.all())
    if not versions:
        raise ValidationError(_("Draft %(number)s has no paragraphs to publish.") % {"number": draft.number})
    for version in versions:  # saved texts parse; a rule changed since would be caught here
        check_text(version.text, named=label(version))
    renumber(draft)
    Draft.objects.filter(pk=draft.pk, published_at__isnull=True).update(
        published_at=timezone.now(), published_by=user, note=note.strip()
    )
    following = Draft.objects.create(report_id=draft.report_id, number=draft.number + 1, based_on=draft)
    sections = {}
    pending = list(draft.sections.all())
    while pending:  # parents before children
        waiting = []
        for section in pending:
            if section.parent_id is not None and section.parent_id not in sections:
                waiting.append(section)
                continue
            sections[section.pk] = Section.objects.create(
                draft=following, key=section.key, parent=sections.get(section.parent_id), position=section.position,
                heading=section.heading,
            )  # fmt: skip
        if len(waiting) == len(pending):
            raise ValueError("The draft's sections form a loop.")
        pending = waiting
    copies = DraftParagraph.objects.bulk_create(
        [
            DraftParagraph(
                draft=following,
                paragraph_id=v.paragraph_id,
                section=sections.get(v.section_id),
                position=v.position,
                number=v.number,
                kind=v.kind,
                status=v.status,
                text=v.text,
                language=v.language,
                translations=v.translations,
                updated_by=v.updated_by,
            )  # fmt: skip
            for v in versions
        ]
    )
    copy_of = {v.paragraph_id: c for v, c in zip(versions, copies, strict=True)}
    Proponent.objects.bulk_create(
        Proponent(
            version=copy_of[p.version.paragraph_id], bracket=p.bracket, alternative=p.alternative, member_id=p.member_id
        )  # fmt: skip
        for p in Proponent.objects.filter(version__draft=draft).select_related("version")
    )
    return following


# Status ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def decide_status(version: DraftParagraph, status: str, *, user, reason: str = "", checked: bool = True):
    """The Chair decides the paragraph's status in the draft being edited; recorded with the reason, never changed.

    A paragraph (a recommendation above all) is not agreed while a member's objection stands, unless the Chair says
    why (the objection was withdrawn in the room, say)."""
    if checked:
        _require(user, DECIDE_STATUS, _("Only the Chair decides a paragraph's status."))
    version = _locked(version, user) if checked else DraftParagraph.objects.select_for_update().get(pk=version.pk)
    if status not in Status.values:
        raise ValidationError(_("Choose a status."))
    reason = (reason or "").strip()
    objections = queries.standing_objections(version.paragraph_id)
    if status == Status.AGREED and objections and not reason:
        names = ", ".join(str(member) for member in Member.objects.filter(pk__in=objections))
        raise ValidationError(
            _("%(paragraph)s: objections stand, from %(members)s. Say why it is agreed all the same (an objection "
              "withdrawn in the room, for instance).") % {"paragraph": label(version), "members": names}
        )  # fmt: skip
    if status == version.status:
        raise ValidationError(
            _("%(paragraph)s is already %(status)s.") % {"paragraph": label(version), "status": Status(status).label}
        )
    decision = StatusDecision.objects.create(
        version=version, from_status=version.status, to_status=status, reason=reason, objections=objections,
        decided_by=user,
    )  # fmt: skip
    version.status = status
    version.updated_at, version.updated_by = timezone.now(), user
    version.save(update_fields=["status", "updated_at", "updated_by"])
    renumber(version.draft)
    return decision


@transaction.atomic
def propose(version: DraftParagraph, *, bracket: int, alternative: int, member, user) -> Proponent:
    """Record a member as proposing one alternative of one bracket of the paragraph."""
    version = _locked(version, user)
    shape = [len(b.alternatives) for b in brackets.brackets(version.text)]
    if not (0 <= bracket < len(shape) and 0 <= alternative < shape[bracket]):
        raise ValidationError(_("%(paragraph)s has no such bracket or alternative.") % {"paragraph": label(version)})
    if member.working_group_id != version.draft.report.working_group_id:
        raise ValidationError(_("%(member)s is not a member of this working group.") % {"member": member})
    proponent, _created = Proponent.objects.get_or_create(
        version=version, bracket=bracket, alternative=alternative, member=member
    )
    return proponent


@transaction.atomic
def withdraw(proponent: Proponent, *, user) -> None:
    """A member no longer proposes the alternative (in the draft being edited)."""
    _locked(proponent.version, user)
    proponent.delete()


# Rounds of comments ---------------------------------------------------------------------------------------------


@transaction.atomic
def open_round(draft: Draft, *, user, deadline, publish_comments: bool, observers_may_comment: bool = False,
               now=None) -> CommentRound:  # fmt: skip
    """Open a round of comments on a published draft until `deadline` (UTC); one round of a draft at a time."""
    _require(user, PUBLISH_DRAFT, _("Only the Chair opens a round of comments."))
    now = now or timezone.now()
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if not draft.is_published:
        raise ValidationError(_("Publish draft %(number)s before opening it for comments.") % {"number": draft.number})
    if deadline is None or deadline <= now:
        raise ValidationError(_("Choose a deadline in the future."))
    if any(not existing.is_closed(now) for existing in draft.rounds.all()):
        raise ValidationError(
            _("Draft %(number)s already has a round open: close it first.") % {"number": draft.number}
        )
    opened = CommentRound.objects.create(
        draft=draft, deadline=deadline, publish_comments=publish_comments,
        observers_may_comment=observers_may_comment, opened_by=user,
    )  # fmt: skip
    notifications.round_opened(opened)  # to the members and observers, once this commits
    return opened


@transaction.atomic
def close_round(round_: CommentRound, *, user, now=None) -> CommentRound:
    """Close the round now (its comments are published then, if the Chair chose so when opening it)."""
    _require(user, PUBLISH_DRAFT, _("Only the Chair closes a round of comments."))
    round_ = CommentRound.objects.select_for_update().get(pk=round_.pk)
    if round_.closed_at is None:
        round_.closed_at = now or timezone.now()
        round_.save(update_fields=["closed_at"])
        notifications.round_closed(round_)
    return round_


@transaction.atomic
def accept_late(round_: CommentRound, *, user, accepted: bool) -> CommentRound:
    """Let members comment after the deadline (until the Chair closes the round), or stop it."""
    _require(user, PUBLISH_DRAFT, _("Only the Chair decides on late comments."))
    round_ = CommentRound.objects.select_for_update().get(pk=round_.pk)
    if round_.closed_at is not None:
        raise ValidationError(_("The round is closed."))
    round_.accepts_late = accepted
    round_.save(update_fields=["accepts_late"])
    return round_


@transaction.atomic
def comment(
    round_: CommentRound, version: DraftParagraph, *, user, text: str = "", amendment: str = "", position: str = "",
    explanation: str = "", language: str = "en", now=None,
) -> Comment:  # fmt: skip
    """A member's comment on one paragraph in an open round (an observer's, where the round allows it): a remark, an
    amendment, a position, or several of them. Refused once the round is closed or past its deadline (unless the
    Chair accepts late comments), naming the deadline and the time now."""
    now = now or timezone.now()
    round_ = CommentRound.objects.select_for_update().select_related("draft__report").get(pk=round_.pk)
    group_id = round_.draft.report.working_group_id
    seat, observer = queries.seat_of(user, group_id)
    if seat is None and (observer is None or not round_.observers_may_comment):
        raise PermissionDenied(_("Only the members of the working group comment on its drafts."))
    if version.draft_id != round_.draft_id:
        raise ValidationError(_("That paragraph is not in the draft open for comments."))
    if round_.closed_at is not None:
        raise ValidationError(_("This round of comments is closed."))
    late = now >= round_.deadline
    if late and not round_.accepts_late:
        raise ValidationError(
            _("The deadline for comments passed at %(deadline)s; it is now %(now)s.")
            % {"deadline": formats.moment(round_.deadline), "now": formats.moment(now)}
        )
    text, explanation = (text or "").strip(), (explanation or "").strip()
    amendment = (amendment or "").strip()
    if amendment == version.text.strip():
        amendment = ""  # the form offers the paragraph's text to amend: unchanged, it proposes nothing
    if amendment:
        amendment = check_text(amendment, named=_("The amendment to %(paragraph)s") % {"paragraph": label(version)})
    if position not in ("", *Position.values):
        raise ValidationError(_("Choose support, objection or reservation, or no position."))
    if explanation and not position:
        raise ValidationError(_("An explanation goes with a position: choose one."))
    if not (text or amendment or position):
        raise ValidationError(_("Write a comment, propose an amendment or state a position."))
    if max(len(text), len(explanation)) > TEXT_LIMIT:
        raise ValidationError(_("A comment runs to %(limit)s characters at most.") % {"limit": TEXT_LIMIT})
    return Comment.objects.create(
        round=round_, version=version, author=user, member=seat, observer=None if seat else observer, text=text,
        amendment=amendment, position=position, explanation=explanation, language=language, late=late,
        created_at=now,
    )  # fmt: skip


# Seats ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def link_member(member: Member, account, *, user) -> Member:
    """The Chair links a confirmed member to the account that comments in their name (None: no such account)."""
    _require(user, PUBLISH_DRAFT, _("Only the Chair links members to their accounts."))
    if account is None or not account.is_active:
        raise ValidationError(_("No active account has that e-mail address: the member's representative signs up "
                                "first."))  # fmt: skip
    if account.is_staff:
        raise ValidationError(_("A secretariat account cannot speak for a member."))
    taken = Member.objects.filter(working_group_id=member.working_group_id, user=account).exclude(pk=member.pk)
    if taken.exists():
        raise ValidationError(_("That account already speaks for another member of the group."))
    member.user = account
    member.save(update_fields=["user"])
    return member


@transaction.atomic
def add_observer(working_group, account, *, user) -> Observer:
    """The Chair admits an account as an observer of the group's drafts (its organisation, if it has one)."""
    _require(user, PUBLISH_DRAFT, _("Only the Chair admits observers."))
    if account is None or not account.is_active:
        raise ValidationError(_("No active account has that e-mail address: the observer signs up first."))
    if Member.objects.filter(working_group=working_group, user=account).exists():
        raise ValidationError(_("That account speaks for a member of the group."))
    membership = account.memberships.active().select_related("organisation").first()
    observer, _created = Observer.objects.get_or_create(
        working_group=working_group, user=account,
        defaults={"added_by": user, "organisation": membership.organisation if membership else None},
    )  # fmt: skip
    return observer
