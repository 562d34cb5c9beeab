"""A draft's comments as a table (one row per comment), for export_comments: what the secretariat publishes once a
round closes, or keeps. Members are named with their seat (a government's country and regional group, another
stakeholder's organisation and category); observers' comments are marked."""

from collections.abc import Iterator

from accounts.models import RegionalGroup
from consultations import exports
from groups.models import Comment, Draft

COLUMNS = [
    "draft",
    "round_deadline",
    "paragraph",
    "kind",
    "status",
    "member",
    "organisation",
    "country",
    "regional_group",
    "category",
    "observer",
    "position",
    "explanation",
    "comment",
    "amendment",
    "language",
    "late",
    "sent_at",
]


def rows(draft: Draft) -> Iterator[list]:
    """The header, then every comment on the draft, round by round, oldest first (one query)."""
    yield COLUMNS
    comments = (
        Comment.objects.filter(round__draft=draft)
        .select_related(
            "round",
            "version",
            "member__nomination__organisation__category",
            "member__nomination__organisation__country",
            "observer__organisation__category",
            "observer__user",
        )  # fmt: skip
        .order_by("round__opened_at", "created_at", "pk")
    )
    for comment in comments.iterator(chunk_size=2000):
        if comment.member is not None:
            name, organisation = comment.member.nomination.name, comment.member.nomination.organisation
        else:
            name, organisation = comment.observer.user.full_name, comment.observer.organisation
        country = organisation.country if organisation else None
        region = country.regional_group if country else ""
        yield [
            draft.number,
            comment.round.deadline.isoformat(),
            comment.version.number or "",
            comment.version.kind,
            comment.version.status,
            name,
            organisation.name if organisation else "",
            country.iso3 if country else "",
            str(RegionalGroup(region).label) if region else "",
            organisation.category.slug if organisation else "",
            comment.observer_id is not None,
            comment.position,
            comment.explanation,
            comment.text,
            comment.amendment,
            comment.language,
            comment.late,
            comment.created_at.isoformat(),
        ]


def write(draft: Draft, *, fmt: str, out) -> None:
    """The draft's comments in `fmt` (csv, xlsx, json) to the binary file `out`."""
    exports.table_write(rows(draft), fmt=fmt, out=out, title="Comments")
