"""Sheets the secretariat uploads (CSV in UTF-8, or XLSX): their rows as dicts by column, every problem named by
its line. Read by the import of inputs (consultations/imports.py) and of nominations (reports/nominations.py)."""

import csv
import io
from datetime import datetime
from pathlib import PurePath

import openpyxl
from django.utils.translation import gettext as _

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
