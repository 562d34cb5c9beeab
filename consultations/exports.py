"""Open data: a consultation's inputs as CSV, XLSX or JSON, one row per input and one column per question.

Two editions. The public one is the public record (anonymous inputs without their organisation,
country or development status); the complete one is every accepted input of a verified
organisation, secretariat-only ones included, with its consent. Answers are those of the version
sent, never the working copy. Inputs are read a batch at a time, so memory stays flat and the
number of queries grows with the number of batches only.
"""

import csv
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC

import openpyxl
from django.db.models import F, Q
from django.http import FileResponse, StreamingHttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from accounts.countries import GROUP_NAMES
from accounts.models import DevelopmentStatus
from accounts.spreadsheets import neutralise
from consultations.models import Consent, Consultation, Question, Submission, VersionAnswer

PUBLIC = "public"
COMPLETE = "complete"
EDITIONS = (PUBLIC, COMPLETE)
BATCH = 500  # inputs a query: memory holds one batch, with its answers

# What a row needs of an input, its version sent, organisation and country: tuples, not model objects.
INPUT_FIELDS = ["pk", "number", "reference", "consent", "first_submitted_at"]
SENT_FIELDS = {
    "version_id": F("current_version"),
    "sent_at": F("current_version__submitted_at"),
    "sent_language": F("current_version__language"),
    "sent_digest": F("current_version__digest"),
    "organisation_name": F("organisation__name"),
    "international": F("organisation__is_international"),
    "category_name": F("organisation__category__name"),
    "country_name": F("organisation__country__name"),
    "country_iso3": F("organisation__country__iso3"),
    "regional_group": F("organisation__country__regional_group"),
    "developed": F("organisation__country__developed"),
}


def inputs(consultation: Consultation, *, edition: str):
    """The inputs an edition holds."""
    return Submission.objects.in_edition(edition).filter(consultation=consultation)


def header(numbers: list[int], *, edition: str) -> list[str]:
    """Column names: the input described, then q1…qN by question number."""
    consent = ["consent"] if edition == COMPLETE else []
    return [
        "reference",
        "organisation",
        "category",
        "country",
        "country_iso3",
        "regional_group",
        "development_status",
        "language",
        *consent,
        "first_submitted_at",
        "submitted_at",
        "digest",
        *(f"q{n}" for n in numbers),
    ]


def rows(consultation: Consultation, *, edition: str) -> Iterator[list]:
    """The header, then one row of strings per input, in reference order."""
    selected = inputs(consultation, edition=edition)
    questions = list(Question.objects.filter(consultation=consultation).order_by("number").values_list("pk", "number"))
    yield header([number for _pk, number in questions], edition=edition)
    for batch in _batches(selected):
        sent = _sent_answers(s.version_id for s in batch)
        for s in batch:
            answers = sent.get(s.version_id, {})
            yield [*_described(s, edition), *(answers.get(pk, "") for pk, _number in questions)]
        del batch, sent  # let go of this batch before the next is fetched: one batch in memory at a time


def _batches(selected) -> Iterator[list[tuple]]:
    """BATCH inputs at a time, each batch one query, by keyset on (number, pk): reference order, and nothing held
    between batches. Accepted inputs always have a number, given when they were first sent."""
    after = Q()
    while True:
        batch = list(
            selected.filter(after)
            .order_by("number", "pk")
            .annotate(**SENT_FIELDS)
            .values_list(*INPUT_FIELDS, *SENT_FIELDS, named=True)[:BATCH]
        )
        if batch:
            yield batch
        if len(batch) < BATCH:
            return
        last = batch[-1]
        after = Q(number__gt=last.number) | Q(number=last.number, pk__gt=last.pk)
        del batch


def _sent_answers(version_ids: Iterable[int | None]) -> dict[int, dict[int, str]]:
    """{version id: {question id: text}} for a batch of versions, in one query."""
    sent = defaultdict(dict)
    answers = VersionAnswer.objects.filter(version_id__in=[v for v in version_ids if v]).order_by()
    for version_id, question_id, text in answers.values_list("version_id", "question_id", "text"):
        sent[version_id][question_id] = text
    return sent


def _described(s, edition: str) -> list[str]:
    # An anonymous respondent is shown in public by category and regional group only, as on the record's pages.
    hidden = edition == PUBLIC and s.consent == Consent.ANONYMOUS
    consent = [s.consent] if edition == COMPLETE else []
    return [
        s.reference or "",
        "" if hidden else s.organisation_name,
        s.category_name,
        "" if hidden else s.country_name,
        "" if hidden else s.country_iso3,
        GROUP_NAMES.get(s.regional_group, ""),
        "" if hidden else _development_status(s),
        s.sent_language or "",
        *consent,
        utc_text(s.first_submitted_at),
        utc_text(s.sent_at),
        s.sent_digest or "",
    ]


def _development_status(s) -> str:
    """As Organisation.development_status, from the row's values."""
    if s.international:
        return DevelopmentStatus.INTERNATIONAL.value
    return DevelopmentStatus.DEVELOPED.value if s.developed else DevelopmentStatus.DEVELOPING.value


def utc_text(moment) -> str:
    """A moment as ISO 8601 in UTC, to the second ("2013-05-30T09:00:00Z"); blank for none."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if moment else ""


# Formats: each turns a table (header first) into a file.


class _Echo:
    def write(self, value):
        return value


def csv_chunks(table: Iterable[list]) -> Iterator[str]:
    """CSV text, a row at a time, with a byte-order mark so spreadsheet programs read it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in table:
        yield writer.writerow([neutralise(value) for value in row])


def json_chunks(table: Iterable[list]) -> Iterator[str]:
    """A JSON array of objects keyed by the header, an object at a time; values exactly as sent."""
    table = iter(table)
    names = next(table)
    yield "["
    for i, row in enumerate(table):
        yield ("," if i else "") + "\n" + json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
    yield "\n]\n"


def xlsx_write(table: Iterable[list], path_or_file, *, title: str = "Inputs") -> None:
    """An XLSX workbook of one sheet; every cell a string, none a formula."""
    workbook = openpyxl.Workbook(write_only=True)  # rows go to a temporary file, not to memory
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for row in table:
        sheet.append([_xlsx_text(value) for value in row])
    workbook.save(path_or_file)


def table_write(table: Iterable[list], *, fmt: str, out, title: str) -> None:
    """A table (header first) in `fmt` (csv, xlsx, json) to the binary file `out`: what the export commands write."""
    if fmt == "xlsx":
        xlsx_write(table, out, title=title)
        return
    for chunk in csv_chunks(table) if fmt == "csv" else json_chunks(table):
        out.write(chunk.encode())


def _xlsx_text(value):
    # XML cannot hold most control characters; answers never have them, names typed elsewhere might.
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)) if isinstance(value, str) else value


def stream_csv(consultation: Consultation, *, edition: str) -> Iterator[str]:
    """An edition as CSV text, a row at a time."""
    return csv_chunks(rows(consultation, edition=edition))


def stream_json(consultation: Consultation, *, edition: str) -> Iterator[str]:
    """An edition as a JSON array, an input at a time."""
    return json_chunks(rows(consultation, edition=edition))


def write_xlsx(consultation: Consultation, *, edition: str, path_or_file) -> None:
    """An edition as an XLSX workbook, written to a path or a binary file."""
    xlsx_write(rows(consultation, edition=edition), path_or_file)


# Downloads: an edition as the response that sends it (consultations/views.py and console_views.py serve them)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
STREAMS = {"csv": stream_csv, "json": stream_json}


def filename(consultation: Consultation, edition: str, fmt: str) -> str:
    """What the download is called, e.g. wgec-2013-inputs-public.csv."""
    return f"{consultation.slug}-inputs-{edition}.{fmt}"


def export_response(consultation: Consultation, edition: str, fmt: str):
    """The edition in a format of CONTENT_TYPES, as a download: streamed, or for a workbook sent once written."""
    name = filename(consultation, edition, fmt)
    if fmt == "xlsx":
        # A workbook is a zip archive: it is finished in a temporary file, then sent; FileResponse closes
        # (and so deletes) the file once it has gone out.
        out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
        try:
            write_xlsx(consultation, edition=edition, path_or_file=out)
        except BaseException:
            out.close()
            raise
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])
    response = StreamingHttpResponse(STREAMS[fmt](consultation, edition=edition), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
