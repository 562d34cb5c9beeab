"""The read side of a report: positions as they stand, and who may read or comment on what."""

from dataclasses import dataclass, field

from allauth.mfa.utils import is_mfa_enabled
from django.db.models import Q

from accounts import roles as account_roles
from accounts.models import RegionalGroup
from consultations.diff import word_diff
from groups import brackets
from groups.models import (
    Comment,
    CommentRound,
    Draft,
    DraftParagraph,
    Observer,
    Origin,
    Paragraph,
    Position,
    Proponent,
    Section,
)
from groups.roles import VIEW_REPORT
from reports.models import Member


def latest_positions(paragraph_ids) -> dict[int, dict[int, Comment]]:
    """{paragraph identity: {member pk: their latest comment with a position}} through every draft's rounds, in one
    query: a member who changed their mind counts once, as they stand now."""
    latest: dict[int, dict[int, Comment]] = {}
    comments = (
        Comment.objects.filter(version__paragraph_id__in=list(paragraph_ids), member__isnull=False)
        .exclude(position="")
        .select_related("version")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        latest.setdefault(comment.version.paragraph_id, {})[comment.member_id] = comment
    return latest


def standing_objections(paragraph_id: int) -> list[int]:
    """The members (pks) whose latest position on the paragraph is an objection."""
    standing = latest_positions([paragraph_id]).get(paragraph_id, {})
    return sorted(member for member, comment in standing.items() if comment.position == Position.OBJECT)


@dataclass(frozen=True)
class Step:
    """A paragraph in one draft of its report: its version there (None where the draft does not have it), how it
    came to be (the paragraphs it was split or merged from), where it went when it left (merged into)."""

    draft: Draft
    version: DraftParagraph | None
    origins: tuple = ()  # (how, number in the draft before) of the paragraphs it was made from here
    merged_into: DraftParagraph | None = None  # in this draft, when it left by being merged


def history(paragraph: Paragraph) -> list[Step]:
    """The paragraph through every draft of its report, first to last, in 3 queries: its version in each (text,
    number, section, kind, status), what it was split or merged from, and what it was merged into."""
    drafts = list(Draft.objects.filter(report_id=paragraph.report_id).order_by("number"))
    versions = {v.draft_id: v for v in paragraph.versions.select_related("section")}
    origins = Origin.objects.filter(
        Q(version__paragraph=paragraph) | Q(paragraph=paragraph, how=Origin.How.MERGED)
    ).select_related("version", "version__paragraph")
    made_from, merged_into = {}, {}
    for origin in origins:
        if origin.version.paragraph_id == paragraph.pk:
            made_from.setdefault(origin.version.draft_id, []).append(origin)
        else:
            merged_into[origin.version.draft_id] = origin.version
    numbers = _numbers_before(drafts, [o.paragraph_id for found in made_from.values() for o in found])
    steps = []
    for index, draft in enumerate(drafts):
        before = drafts[index - 1].pk if index else None
        found = tuple(
            (origin.how, numbers.get((before, origin.paragraph_id))) for origin in made_from.get(draft.pk, ())
        )
        steps.append(Step(draft, versions.get(draft.pk), found, merged_into.get(draft.pk)))
    return steps


def _numbers_before(drafts, paragraph_ids) -> dict[tuple[int, int], int | None]:
    """{(draft pk, paragraph pk): number} of the given paragraphs in the given drafts, in one query."""
    if not paragraph_ids:
        return {}
    rows = DraftParagraph.objects.filter(draft__in=[d.pk for d in drafts], paragraph_id__in=paragraph_ids).values_list(
        "draft_id", "paragraph_id", "number"
    )
    return {(draft, paragraph): number for draft, paragraph, number in rows}


def compare(paragraph: Paragraph, first: Draft, second: Draft) -> list[tuple[str, str]] | None:
    """The paragraph's text in `first` against `second`, word by word (the diff used for inputs): [(kind, text)],
    or None when the change is too large to mark word by word. A draft without the paragraph counts as empty."""
    texts = dict(paragraph.versions.filter(draft__in=[first, second]).values_list("draft_id", "text"))
    return word_diff(texts.get(first.pk, ""), texts.get(second.pk, ""))


# A draft in reading order --------------------------------------------------------------------------------------


def ordered(draft: Draft) -> list[tuple[Section | None, list[DraftParagraph]]]:
    """The draft in reading order: the paragraphs before any section, then each section (depth first) with its own
    paragraphs. Two queries."""
    sections = list(draft.sections.all())
    versions = list(draft.paragraphs.select_related("paragraph").order_by("position", "pk"))
    by_section: dict = {}
    for version in versions:
        by_section.setdefault(version.section_id, []).append(version)
    children: dict = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    result = [(None, by_section.get(None, []))] if by_section.get(None) else []

    def walk(parent_id, depth):
        for section in sorted(children.get(parent_id, []), key=lambda s: (s.position, s.pk)):
            section.depth = depth
            result.append((section, by_section.get(section.pk, [])))
            walk(section.pk, depth + 1)

    walk(None, 0)
    return result


# Who comments, and who reads the comments ----------------------------------------------------------------------


def seat_of(user, group_id: int) -> tuple[Member | None, Observer | None]:
    """The user's seat in the working group: their member seat (linked by the Chair), else their observer seat."""
    if not user.is_authenticated:
        return None, None
    seat = Member.objects.filter(working_group_id=group_id, user=user).select_related("nomination").first()
    if seat is not None:
        return seat, None
    return None, Observer.objects.filter(working_group_id=group_id, user=user).first()


def reads_every_comment(user) -> bool:
    """The secretariat and the Chair read every comment, at any time (signed in with two-factor authentication, as
    for the console)."""
    return account_roles.secretariat_can(user, VIEW_REPORT) and is_mfa_enabled(user)


def visible_comments(user, round_: CommentRound, now=None):
    """The round's comments this person may read: all, for the secretariat and the Chair; for anyone else their own,
    and everyone's once the round is closed if the Chair chose to publish them. Oldest first."""
    comments = round_.comments.select_related(
        "version", "member__nomination__organisation", "observer__organisation", "author"
    )
    if reads_every_comment(user) or round_.comments_public(now):
        return comments
    if not user.is_authenticated:
        return comments.none()
    return comments.filter(author=user)


# Brackets and who proposes each alternative ---------------------------------------------------------------------


def alternatives(draft: Draft) -> dict[int, list[dict]]:
    """{version pk: [{"bracket", "alternative", "text", "proponents": [Proponent]}]} for the draft's bracketed
    paragraphs, each alternative of each bracket in reading order, in one query (and the paragraphs')."""
    proposed: dict = {}
    for proponent in Proponent.objects.filter(version__draft=draft).select_related("member__nomination"):
        proposed.setdefault((proponent.version_id, proponent.bracket, proponent.alternative), []).append(proponent)
    found = {}
    for version in draft.paragraphs.all():
        try:
            parsed = brackets.brackets(version.text)
        except brackets.BracketError:
            continue
        rows = [
            {"bracket": b, "alternative": a, "text": text, "proponents": proposed.get((version.pk, b, a), [])}
            for b, bracket in enumerate(parsed)
            for a, text in enumerate(bracket.alternatives)
        ]
        if rows:
            found[version.pk] = rows
    return found


# The consensus record --------------------------------------------------------------------------------------------


@dataclass
class Standpoint:
    """Where one paragraph of a draft stands: its status, and each member's latest position on it, with the counts
    by regional group (the governments' seats) and by stakeholder category (the other seats)."""

    version: DraftParagraph
    positions: dict = field(default_factory=dict)  # Position value: [Member], by name
    counts: dict = field(default_factory=dict)  # Position value: {group label: count}

    def one_group_only(self, position: str) -> str:
        """The group's label when every member holding `position` sits in one group (a flag), else ""."""
        groups = self.counts.get(position, {})
        return next(iter(groups)) if len(groups) == 1 else ""

    @property
    def objections(self) -> list[Member]:
        return self.positions.get(Position.OBJECT, [])


def group_label(member: Member) -> str:
    """The group a member's seat counts in: a government's regional group, another stakeholder's category."""
    organisation = member.nomination.organisation
    if organisation.category.is_government:
        return (
            str(RegionalGroup(organisation.country.regional_group).label) if organisation.country.regional_group else ""
        )
    return str(organisation.category)


def consensus(draft: Draft) -> list[Standpoint]:
    """Every paragraph of the draft in reading order, with its status and the positions on it, in a fixed number of
    queries however many paragraphs and comments: the draft's sections and paragraphs, the positions, the members.
    A paragraph's positions are each member's latest, through the rounds of every draft it was in."""
    versions = [version for _section, found in ordered(draft) for version in found]
    latest = latest_positions(version.paragraph_id for version in versions)
    members = {
        member.pk: member
        for member in Member.objects.filter(working_group_id=draft.report.working_group_id).select_related(
            "nomination__organisation__category", "nomination__organisation__country"
        )
    }
    record = []
    for version in versions:
        standpoint = Standpoint(version)
        for member_id, found in sorted(latest.get(version.paragraph_id, {}).items()):
            member = members.get(member_id)
            if member is None:
                continue
            standpoint.positions.setdefault(found.position, []).append(member)
            counted = standpoint.counts.setdefault(found.position, {})
            label = group_label(member)
            counted[label] = counted.get(label, 0) + 1
        for held in standpoint.positions.values():
            held.sort(key=lambda member: member.nomination.name)
        record.append(standpoint)
    return record
