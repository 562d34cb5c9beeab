"""The map of issues to mechanisms as a file (CSV in UTF-8, XLSX or JSON) and back: one row per entry.

Columns: cluster, issue, mechanism, kind, url, status, role, equal_footing, gaps, gap_note, description, email, and
for each interface language `mechanism_<code>` and `description_<code>` (the mechanism's name and description
translated, e.g. `mechanism_fr`). The issue is named as in the codebook (the cluster, when given, must be its
cluster); status, kind and equal_footing are the values the export writes (addresses, partly, under_way, proposed;
organisation, forum, treaty, process, standards; yes, partly, no, unknown); gaps are separated by ";" (e.g.
"implementation; capacity"). Rows naming the same mechanism describe it once: where two of them give its kind,
address, e-mail or a translation, they must agree. Reading checks the whole file against the consultation's codebook
and map before anything is written: every problem is named by its line.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.validators import is_one_line
from consultations import exports, sheets
from consultations.models import Consultation
from consultations.sheets import InputFileError, at
from review import issue_map
from review.issue_map import clean_values
from review.models import Code, MapEntry, Mechanism
from review.queries import codebook_of

MAX_ROWS = 5_000  # the 2015 mapping had some forty issues, each with a handful of mechanisms
COLUMNS = [
    "cluster",
    "issue",
    "mechanism",
    "kind",
    "url",
    "status",
    "role",
    "equal_footing",
    "gaps",
    "gap_note",
    "description",
    "email",
]
REQUIRED = ["issue", "mechanism", "status"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATION_COLUMN = re.compile(rf"(mechanism|description)_({'|'.join(map(re.escape, LANGUAGES))})")
OPTIONAL_COLUMN = re.compile(rf"{'|'.join(c for c in COLUMNS if c not in REQUIRED)}|{TRANSLATION_COLUMN.pattern}")
DESCRIBING = ("kind", "url", "email", "description")  # what rows naming the same mechanism must agree on
GAP_SEPARATOR = re.compile(r"[;,]")


FORMAT = sheets.FileFormat(
    columns=tuple(COLUMNS),
    required=tuple(REQUIRED),
    optional=OPTIONAL_COLUMN,
    example=", mechanism_fr, …",
    json_key="entries",
    no_rows=gettext_lazy("The file has a header but no entries."),
    not_json=gettext_lazy("The file is not JSON in UTF-8: an array of entries, one object each."),
    not_an_object=gettext_lazy("each entry is an object whose values are text"),
    most=MAX_ROWS,
    too_many=gettext_lazy("The file has %(n)d entries; a map holds at most %(max)d."),
)


def read(name: str, data: bytes) -> list[dict]:
    """The file's entries as dicts (with their `line`), in the file's order; InputFileError names every problem."""
    return sheets.read_file(name, data, FORMAT)


@dataclass
class Planned:
    """What the file asks for, once checked: each mechanism (existing or new) with what the file says of it, and
    each entry's issue, mechanism name and values."""

    mechanisms: dict  # {name folded: {"existing": Mechanism | None, "name": as written, "values": {...}}}
    entries: list  # [(line, Code, mechanism name folded, values)]


def plan(rows: list[dict], book: list[Code], mechanisms: list[Mechanism]) -> tuple[Planned, list[str]]:
    """The file's entries checked against the codebook (`book`) and the map's mechanisms: (the plan, problems)."""
    issues = {code.name: code for code in book}
    known = {mechanism.name.casefold(): mechanism for mechanism in mechanisms}
    planned, problems, pairs, described = Planned({}, []), [], {}, {}
    for row in rows:
        line = row["line"]
        found = _row_problems(row, issues)
        if found:
            problems += [at(line, problem) for problem in found]
            continue
        name = " ".join(row["mechanism"].split())
        key = (row["issue"], name.casefold())
        if key in pairs:
            problems.append(at(line, _("%(mechanism)s on %(issue)s is also on line %(other)d")
                               % {"mechanism": name, "issue": row["issue"], "other": pairs[key]}))  # fmt: skip
            continue
        pairs[key] = line
        try:
            values = clean_values(_values(row))
        except ValidationError as error:
            problems.append(at(line, " ".join(error.messages)))
            continue
        problems += _describe(described, name, row)
        planned.entries.append((line, issues[row["issue"]], name.casefold(), values))
    for key, description in described.items():
        existing = known.get(key)
        if existing is None and not description["values"].get("kind"):
            problems.append(
                at(description["line"], _("%(name)s is new: give its kind") % {"name": description["name"]})
            )
        planned.mechanisms[key] = {"existing": existing, "name": description["name"], "values": description["values"]}
    return planned, problems


def _row_problems(row: dict, issues: dict) -> list[str]:
    name, issue = row["mechanism"], issues.get(row["issue"])
    found = []
    if not name or len(name) > 200 or not is_one_line(name):
        found.append(_("a mechanism's name is one line of at most 200 characters"))
    if issue is None:
        found.append(_("unknown issue %(issue)s") % {"issue": row["issue"] or "—"})
    elif issue.level != Code.Level.ISSUE:
        found.append(_("%(issue)s is not an issue (a cluster or a sub-issue)") % {"issue": issue.name})
    elif not issue.is_open:
        found.append(_("%(issue)s is merged or retired") % {"issue": issue.name})
    elif row["cluster"] and (issue.parent.name if issue.parent_id else "") != row["cluster"]:
        found.append(
            _("%(issue)s is not in the cluster %(cluster)s") % {"issue": issue.name, "cluster": row["cluster"]}
        )
    if row["kind"] and row["kind"] not in Mechanism.Kind.values:
        found.append(_("unknown kind %(kind)s (the kinds are %(known)s)")
                     % {"kind": row["kind"], "known": ", ".join(Mechanism.Kind.values)})  # fmt: skip
    if row["url"]:
        try:
            URLValidator(schemes=["http", "https"])(row["url"])
        except ValidationError:
            found.append(_("%(url)s is not a web address") % {"url": row["url"]})
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            found.append(_("%(email)s is not an e-mail address") % {"email": row["email"]})
    return found


def _values(row: dict) -> dict:
    gaps = [gap.strip().lower() for gap in GAP_SEPARATOR.split(row["gaps"]) if gap.strip()]
    return {
        "status": row["status"],
        "role": row["role"],
        "equal_footing": row["equal_footing"],
        "gaps": gaps,
        "gap_note": row["gap_note"],
    }


def _describe(described: dict, name: str, row: dict) -> list[str]:
    """Gather what the row says of its mechanism; a problem where an earlier row said otherwise."""
    said = {field: row[field] for field in DESCRIBING if row[field]}
    said |= {key: text for key, text in row.items() if TRANSLATION_COLUMN.fullmatch(key) and text}
    if name.casefold() not in described:
        described[name.casefold()] = {"line": row["line"], "name": name, "values": said}
        return []
    earlier = described[name.casefold()]
    clashes = [key for key, text in said.items() if earlier["values"].get(key, text) != text]
    earlier["values"] = said | earlier["values"]
    return [
        at(row["line"], _("%(name)s's %(column)s differs from line %(other)d")
           % {"name": name, "column": key, "other": earlier["line"]})
        for key in clashes
    ]  # fmt: skip


def mechanism_values(existing: Mechanism | None, said: dict) -> dict:
    """A mechanism's values once the file's are laid over what it has (a blank cell keeps what it has)."""
    translations = {
        language: dict(texts) for language, texts in ((existing.translations or {}) if existing else {}).items()
    }
    for key, text in said.items():
        match = TRANSLATION_COLUMN.fullmatch(key)
        if match:
            field = "name" if match.group(1) == "mechanism" else "description"
            translations.setdefault(match.group(2), {})[field] = text
    base = {field: getattr(existing, field) for field in DESCRIBING} if existing else dict.fromkeys(DESCRIBING, "")
    return {**base, **{field: said[field] for field in DESCRIBING if field in said}, "translations": translations}


def table(entries: list[MapEntry]):
    """The map as rows, header first, in the order read() takes them back."""
    translated = [f"{field}_{language}" for language in LANGUAGES for field in ("mechanism", "description")]
    yield [*COLUMNS, *translated]
    for entry in entries:
        mechanism, texts = entry.mechanism, entry.mechanism.translations or {}
        yield [
            entry.code.parent.name if entry.code.parent_id else "",
            entry.code.name,
            mechanism.name,
            mechanism.kind,
            mechanism.url,
            entry.status,
            entry.role,
            entry.equal_footing,
            "; ".join(entry.gaps),
            entry.gap_note,
            mechanism.description,
            mechanism.email,
            *(
                texts.get(language, {}).get("name" if field == "mechanism" else "description", "")
                for language in LANGUAGES
                for field in ("mechanism", "description")
            ),
        ]


def write(entries: list[MapEntry], fmt: str, out) -> None:
    """The map in `fmt` (csv, xlsx, json) to the binary file `out`."""
    if fmt == "xlsx":
        exports.xlsx_write(table(entries), out, title="Issue map")
        return
    chunks = exports.csv_chunks(table(entries)) if fmt == "csv" else exports.json_chunks(table(entries))
    for chunk in chunks:
        out.write(chunk.encode())


def entries_of(consultation) -> list[MapEntry]:
    """The entries in force, in codebook order and by mechanism: what the export writes. Two queries."""
    order = {code.pk: n for n, code in enumerate(codebook_of(consultation))}
    entries = MapEntry.objects.filter(code__consultation=consultation, removed_at__isnull=True).select_related(
        "mechanism", "code__parent"
    )
    return sorted(entries, key=lambda entry: (order.get(entry.code_id, 0), entry.mechanism.name.casefold()))


@dataclass(frozen=True)
class Imported:
    mechanisms_created: int
    mechanisms_changed: int
    created: int
    changed: int
    unchanged: int


@transaction.atomic
def map_import(*, user: User, consultation, name: str, data: bytes) -> Imported:
    """Add the file's mechanisms and entries to the consultation's map, and update those of the same names (each
    change a version, its reason naming the file); all or nothing. Entries the file does not name stay as they are."""
    issue_map.require(user)
    rows = read(name, data)
    Consultation.objects.select_for_update(no_key=True).get(pk=consultation.pk)  # one import of a map at a time
    book = codebook_of(consultation)
    planned, problems = plan(rows, book, list(Mechanism.objects.filter(consultation=consultation)))
    if problems:
        raise InputFileError(problems)
    saved, made, changed_mechanisms = {}, 0, 0
    for key, said in planned.mechanisms.items():
        existing = said["existing"]
        values = {"name": existing.name if existing else said["name"], **mechanism_values(existing, said["values"])}
        if existing and all(getattr(existing, field) == value for field, value in values.items()):
            saved[key] = existing
            continue
        saved[key] = issue_map.mechanism_save(user=user, consultation=consultation, mechanism=existing, values=values)
        made, changed_mechanisms = made + (existing is None), changed_mechanisms + (existing is not None)
    existing_entries = {
        (entry.code_id, entry.mechanism_id): entry for entry in MapEntry.objects.filter(code__consultation=consultation)
    }
    counts = {"created": 0, "changed": 0, "unchanged": 0}
    reason = _("Imported from %(file)s.") % {"file": name}
    for _line, code, key, values in planned.entries:
        mechanism = saved[key]
        before = existing_entries.get((code.pk, mechanism.pk))
        entry = issue_map.entry_save(
            user=user, code=code, mechanism=mechanism, values=values, reason=reason, entry=before
        )
        kind = "created" if before is None else "unchanged" if entry.version == before.version else "changed"
        counts[kind] += 1
    return Imported(made, changed_mechanisms, counts["created"], counts["changed"], counts["unchanged"])
