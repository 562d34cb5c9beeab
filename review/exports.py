"""The codings of a consultation as a table (one row per coding), for export_codings: the complete edition for the
secretariat, or the public edition, which holds only what the public issue register counts (review.register.raised)
and names an organisation only where its input was published with its name."""

from collections.abc import Iterator

from consultations import exports
from consultations.models import Consent, Consultation
from review import register
from review.models import Coding

COLUMNS = [
    "reference",
    "organisation",
    "category",
    "country",
    "regional_group",
    "question",
    "cluster",
    "issue",
    "sub_issue",
    "stance",
    "passage",
    "start",
    "end",
    "version",
    "coder",
    "coded_at",
    "to_code_again",
]
BATCH = 2000


def codings(consultation: Consultation, *, edition: str):
    """The codings an edition holds: every coding in force for the secretariat; for the public, those counted."""
    if edition == "public":
        chosen = register.raised(consultation, "public")
    elif edition == "complete":
        chosen = Coding.objects.current().filter(submission__consultation=consultation)
    else:
        raise ValueError(f"Unknown edition {edition!r}; use public or complete.")
    return chosen.select_related(
        "submission__organisation__category",
        "submission__organisation__country",
        "question",
        "version",
        "code__parent__parent",
        "coder",
    ).order_by("submission__number", "question__number", "start", "end", "pk")


def rows(consultation: Consultation, *, edition: str) -> Iterator[list]:
    """The header, then a row per coding, read in batches (memory flat in the number of codings)."""
    yield COLUMNS
    public = edition == "public"
    for coding in codings(consultation, edition=edition).iterator(chunk_size=BATCH):
        submission, organisation = coding.submission, coding.submission.organisation
        path = [coding.code]
        while path[0].parent_id:
            path.insert(0, path[0].parent)
        path += [None] * (3 - len(path))
        named = not public or submission.consent == Consent.PUBLIC
        yield [
            submission.reference,
            organisation.name if named else "",
            organisation.category.slug,
            organisation.country.iso3 if named and organisation.country else "",
            organisation.country.regional_group if organisation.country else "",
            coding.question.number,
            *[code.name if code else "" for code in path],
            coding.stance,
            coding.passage,
            coding.start,
            coding.end,
            coding.version.number,
            "" if public else coding.coder.full_name,
            exports.utc_text(coding.coded_at),
            "yes" if coding.needs_recoding else "",
        ]


def write(consultation: Consultation, *, edition: str, fmt: str, out) -> None:
    """The edition's codings in `fmt` (csv, xlsx, json) to the binary file `out`."""
    exports.table_write(rows(consultation, edition=edition), fmt=fmt, out=out, title="Codings")
