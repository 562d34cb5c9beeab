"""The read side of a report: positions as they stand, and who may read or comment on what."""

from dataclasses import dataclass

from django.db.models import Q

from consultations.diff import word_diff
from groups.models import Comment, Draft, DraftParagraph, Origin, Paragraph, Position


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
