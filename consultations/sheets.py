"""Sheets the secretariat uploads (CSV in UTF-8, or XLSX): their rows as dicts by column, every problem named by
its line. Read by the import of inputs (consultations/imports.py) and of nominations (reports/nominations.py)."""

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

import openpyxl
from django.utils.translation import gettext as _

from accounts.spreadsheets import restore

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


class InputFileError(Exception):
    """A sheet that cannot be imported; `problems` names each one, most as "Line N: reason"."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


def at(line, problem):
    return _("Line %(line)d: %(problem)s") % {"line": line, "problem": problem}


def read_rows(name: str, data: bytes, *, header_problems, nothing_below: str) -> list[dict]:
    """The sheet's non-blank rows as dicts by lower-case column, each with its spreadsheet "line".

    `header_problems(header)`: what is wrong with the header row; `nothing_below`: the message for a sheet with a
    header and no rows."""
    table = _xlsx_table(data) if data.startswith(b"PK") else _csv_table(name, data)
    if not any(text(value) for row in table for value in row):
        raise InputFileError([_("The file is empty.")])
    header = [text(value).lower() for value in table[0]]
    while header and not header[-1]:
        header.pop()
    problems = header_problems(header)
    if problems:
        raise InputFileError(problems)
    rows = [row for line, values in enumerate(table[1:], start=2) if (row := _row(header, values, line, problems))]
    if problems:
        raise InputFileError(problems)
    if not rows:
        raise InputFileError([nothing_below])
    return rows


@dataclass(frozen=True)
class FileFormat:
    """A file of rows the secretariat keeps as CSV, XLSX or JSON (the review's codebook, its map of issues): its
    columns, those required, the pattern of the optional ones (translations too), and what to say of a file that is
    not one. `example` ends the list of columns a bad header is told ("…, name_fr, …")."""

    columns: tuple
    required: tuple
    optional: re.Pattern
    example: str
    json_key: str
    no_rows: str
    not_json: str
    not_an_object: str
    most: int
    too_many: str  # with %(n)d and %(max)d


def read_file(name: str, data: bytes, form: FileFormat) -> list[dict]:
    """The file's rows as dicts with every column (blank where not given), trimmed, each with its "line"; a sheet's
    cells read back as Concord wrote them (accounts.spreadsheets.restore). InputFileError names every problem."""
    if name.lower().endswith(".json"):
        known = lambda column: column in form.columns or form.optional.fullmatch(column)  # noqa: E731
        rows = read_json_rows(data, key=form.json_key, known=known, not_json=form.not_json,
                              not_an_object=form.not_an_object)  # fmt: skip
    else:
        expected = ", ".join(form.columns) + form.example
        rows = read_rows(
            name,
            data,
            header_problems=lambda header: column_problems(
                header, form.required, expected=expected, also=form.optional
            ),  # fmt: skip
            nothing_below=form.no_rows,
        )
        rows = [{key: restore(str(value)) if key != "line" else value for key, value in row.items()} for row in rows]
    if len(rows) > form.most:
        raise InputFileError([form.too_many % {"n": len(rows), "max": form.most}])
    return [
        {**dict.fromkeys(form.columns, ""), **{k: v.strip() if isinstance(v, str) else v for k, v in row.items()}}
        for row in rows
    ]


def read_json_rows(data: bytes, *, key: str, known, not_json: str, not_an_object: str) -> list[dict]:
    """A JSON file's objects (an array, or {key: array}) as rows, each with its "line" (its place, from 1).

    `known(name)`: whether a key is a column; `not_json`: the message for a file that is not such an array;
    `not_an_object`: the problem of an item that is not an object of texts. Every bad item is named."""
    try:
        loaded = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise InputFileError([not_json]) from None
    if isinstance(loaded, dict):
        loaded = loaded.get(key)
    if not isinstance(loaded, list) or not loaded:
        raise InputFileError([not_json])
    rows, problems = [], []
    for line, item in enumerate(loaded, start=1):
        if not isinstance(item, dict) or not all(isinstance(v, str) for v in item.values()):
            problems.append(at(line, not_an_object))
            continue
        unknown = [name for name in item if not known(name)]
        if unknown:
            problems.append(at(line, _("unknown keys: %(keys)s") % {"keys": ", ".join(unknown)}))
            continue
        rows.append({"line": line, **item})
    if problems:
        raise InputFileError(problems)
    return rows


def column_problems(header, columns, *, expected: str, also=None) -> list[str]:
    """Columns without a name, named twice, unknown (neither in `columns` nor matching the pattern `also`), or
    missing; `expected` is what the messages say the header should be."""
    problems = [at(1, _("column %(n)d has no name") % {"n": n}) for n, name in enumerate(header, 1) if not name]
    seen = set()
    for name in filter(None, header):
        if name in seen:
            problems.append(at(1, _("the column %(name)s appears twice") % {"name": name}))
        elif name not in columns and not (also and also.fullmatch(name)):
            message = _("unknown column %(name)s (expected %(expected)s)")
            problems.append(at(1, message % {"name": name, "expected": expected}))
        seen.add(name)
    missing = [name for name in columns if name not in seen]
    if missing:
        problems.append(at(1, _("missing columns: %(names)s") % {"names": ", ".join(missing)}))
    return problems


def cell(value):
    """A cell as text, except XLSX date-times, which stay date-times."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text(value):
    return str(cell(value)).strip()


def _csv_table(name, data):
    if data.startswith(OLE_MAGIC) or PurePath(name).suffix.lower() in (".xlsx", ".xlsm"):
        raise InputFileError([_("The file is not a readable XLSX workbook; save it as XLSX or CSV UTF-8.")])
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError([_("The file is not UTF-8 text; save it as CSV UTF-8 and try again.")])
    reader = csv.reader(io.StringIO(decoded, newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        raise InputFileError([at(reader.line_num, _("this is not valid CSV (%(error)s)") % {"error": error})])


def _xlsx_table(data):
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception:  # a damaged zip or workbook fails in many ways, none of them worth showing
        raise InputFileError([_("The file is not a readable XLSX workbook; save it as XLSX or CSV UTF-8.")])


def _row(header, values, line, problems):
    """The row as a dict, None when it is blank or (noted in problems) longer than the header."""
    cells = [cell(value) for value in values]
    if not any(str(value).strip() for value in cells):
        return None
    if any(str(value).strip() for value in cells[len(header) :]):
        message = _("%(found)d values, but the header has %(count)d columns")
        problems.append(at(line, message % {"found": len(cells), "count": len(header)}))
        return None
    if any("\x00" in str(value) for value in cells):  # no database column can hold it (PostgreSQL refuses it)
        problems.append(at(line, _("a cell holds a NUL character, which is not text; remove it")))
        return None
    cells += [""] * (len(header) - len(cells))  # spreadsheets drop trailing empty cells
    return {"line": line, **dict(zip(header, cells, strict=True))}
