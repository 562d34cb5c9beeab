"""A codebook as a file (CSV in UTF-8, XLSX or JSON) and back: one row per code, its parent named by its name.

Columns: name, parent, definition, note, and for each interface language `name_<code>`, `definition_<code>`,
`note_<code>` (e.g. `name_fr`, `definition_zh-hans`). A code without a parent is a cluster, under a cluster an
issue, under an issue a sub-issue. Reading checks the whole file against the consultation's codebook before
anything is written: every problem is named by its line.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.validators import is_one_line
from consultations import exports, sheets
from consultations.sheets import at
from review.models import Code

MAX_CODES = 2_000  # a codebook of the 2013 group had about forty issues in seven clusters
COLUMNS = ["name", "parent", "definition", "note"]
REQUIRED = ["name", "parent"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATION_COLUMN = re.compile(rf"(name|definition|note)_({'|'.join(map(re.escape, LANGUAGES))})")
OPTIONAL_COLUMN = re.compile(rf"definition|note|{TRANSLATION_COLUMN.pattern}")


FORMAT = sheets.FileFormat(
    columns=tuple(COLUMNS),
    required=tuple(REQUIRED),
    optional=OPTIONAL_COLUMN,
    example=", name_fr, …",
    json_key="codes",
    no_rows=gettext_lazy("The file has a header but no codes."),
    not_json=gettext_lazy("The file is not JSON in UTF-8: an array of codes, one object each."),
    not_an_object=gettext_lazy("each code is an object whose values are text"),
    most=MAX_CODES,
    too_many=gettext_lazy("The file has %(n)d codes; a codebook holds at most %(max)d."),
)


def read(name: str, data: bytes) -> list[dict]:
    """The file's codes as dicts (with their `line`), in the file's order; InputFileError names every problem."""
    return sheets.read_file(name, data, FORMAT)


def check(rows: list[dict], existing: list[Code]) -> list[str]:
    """What is wrong with the file's codes, once merged with the codebook they join (codes of the same name are
    updated): empty or doubled names, unknown, closed or circular parents, a tree deeper than sub-issues."""
    problems, lines = [], {}
    known = {code.name: code for code in existing}
    parents = {code.name: code.parent.name if code.parent_id else "" for code in existing}
    for row in rows:
        name, line = row["name"], row["line"]
        if not name:
            problems.append(at(line, _("the code has no name")))
        elif len(name) > 200 or not is_one_line(name):
            problems.append(at(line, _("a name is one line of at most 200 characters")))
        elif name in lines:
            problems.append(at(line, _("%(name)s is also on line %(other)d") % {"name": name, "other": lines[name]}))
        elif name in known and not known[name].is_open:
            problems.append(at(line, _("%(name)s is merged or retired: it cannot change") % {"name": name}))
        else:
            lines[name] = line
            parents[name] = row["parent"]
    for row in rows:
        if lines.get(row["name"]) == row["line"]:
            problems += _parent_problems(row, parents, known)
    return problems


def _parent_problems(row, parents, known) -> list[str]:
    parent, line = row["parent"], row["line"]
    if not parent:
        return []
    if parent not in parents:
        return [at(line, _("unknown parent %(parent)s") % {"parent": parent})]
    if parent in known and not known[parent].is_open:
        return [at(line, _("the parent %(parent)s is merged or retired") % {"parent": parent})]
    chain = [row["name"]]
    while chain[-1] and len(chain) <= len(parents):
        chain.append(parents.get(chain[-1], ""))
        if chain[-1] == row["name"]:
            return [
                at(
                    line,
                    _("%(name)s would be its own ancestor: %(chain)s")
                    % {"name": row["name"], "chain": " › ".join(reversed(chain))},
                )
            ]
    if len([name for name in chain if name]) > Code.Level.SUB_ISSUE:
        return [
            at(
                line,
                _("too deep: codes go cluster › issue › sub-issue (%(chain)s)")
                % {"chain": " › ".join(reversed([name for name in chain if name]))},
            )
        ]
    return []


def levels(rows: list[dict], existing: list[Code]) -> dict[str, int]:
    """{name: level} for every code of the file, once checked: the depth of its chain of parents."""
    parents = {code.name: code.parent.name if code.parent_id else "" for code in existing}
    parents |= {row["name"]: row["parent"] for row in rows}

    def depth(name):
        return 1 if not parents.get(name) else 1 + depth(parents[name])

    return {row["name"]: depth(row["name"]) for row in rows}


def translations_of(row: dict) -> dict:
    """The row's translations as Translatable keeps them: {language: {field: text}}, empty ones left out."""
    found = {}
    for key, text in row.items():
        match = TRANSLATION_COLUMN.fullmatch(key)
        if match and text:
            found.setdefault(match.group(2), {})[match.group(1)] = text
    return found


def table(codes: list[Code]):
    """The codebook as rows, header first, in the order read() takes them back (parents before children)."""
    translated = [f"{field}_{language}" for language in LANGUAGES for field in Code.TRANSLATED]
    yield [*COLUMNS, *translated]
    for code in codes:
        texts = code.translations or {}
        yield [
            code.name,
            code.parent.name if code.parent_id else "",
            code.definition,
            code.note,
            *(texts.get(language, {}).get(field, "") for language in LANGUAGES for field in Code.TRANSLATED),
        ]


def write(codes: list[Code], fmt: str, out) -> None:
    """The codebook in `fmt` (csv, xlsx, json) to the binary file `out`."""
    if fmt == "xlsx":
        exports.xlsx_write(table(codes), out, title="Codebook")
        return
    chunks = exports.csv_chunks(table(codes)) if fmt == "csv" else exports.json_chunks(table(codes))
    for chunk in chunks:
        out.write(chunk.encode())
