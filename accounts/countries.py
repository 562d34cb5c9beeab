"""The countries CSV a secretariat exports, corrects and imports again.

Header: iso3,name,regional_group,developed,ldc,lldc,sids — the regional group
as its English name (empty for none), flags as yes/no. Rows are matched by
ISO alpha-3 code; an import changes existing countries and never adds one.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from accounts.models import COUNTRY_NAME_LANGUAGES, Country, RegionalGroup
from accounts.spreadsheets import neutralise, restore

HEADER = ["iso3", "name", "regional_group", "developed", "ldc", "lldc", "sids"]
FLAGS = ["developed", "ldc", "lldc", "sids"]
SEED_FILE = Path(__file__).parent / "data" / "countries.csv"

# English names as files write them, independent of the interface language.
GROUP_NAMES = {
    RegionalGroup.AFRICAN: "African States",
    RegionalGroup.ASIA_PACIFIC: "Asia-Pacific States",
    RegionalGroup.EASTERN_EUROPEAN: "Eastern European States",
    RegionalGroup.LATIN_AMERICAN_CARIBBEAN: "Latin American and Caribbean States",
    RegionalGroup.WESTERN_EUROPEAN_OTHERS: "Western European and other States",
}
GROUPS_BY_NAME = {name.casefold(): value for value, name in GROUP_NAMES.items()}


class CountryFileError(Exception):
    """A countries file that cannot be imported; `problems` names each bad row."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class CountryRow:
    iso3: str
    name: str
    regional_group: str
    developed: bool
    ldc: bool
    lldc: bool
    sids: bool


def write_csv(out, countries):
    """Write countries in the exchange format."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for c in countries:
        flags = ["yes" if getattr(c, flag) else "no" for flag in FLAGS]
        writer.writerow([c.iso3, neutralise(c.name), GROUP_NAMES.get(c.regional_group, ""), *flags])


def _flag(value, column, problems, where):
    normalised = value.strip().lower()
    if normalised not in ("yes", "no"):
        problems.append(f"{where}: {column} must be yes or no, not {value!r}")
    return normalised == "yes"


def parse_csv(text: str, known_codes: set[str]) -> list[CountryRow]:
    """Read and check every row; raise CountryFileError listing all problems."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None:
        raise CountryFileError(["The file is empty."])
    if [h.strip().lower() for h in header] != HEADER:
        raise CountryFileError([f"Line 1: the header must be {','.join(HEADER)}, not {','.join(header)}"])
    rows, problems, seen = [], [], set()
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        where = f"Line {line}"
        if len(values) != len(HEADER):
            problems.append(f"{where}: expected {len(HEADER)} values, found {len(values)}")
            continue
        iso3, name, group_name, *flag_values = (v.strip() for v in values)
        iso3, name = iso3.upper(), restore(name)
        if iso3 not in known_codes:
            problems.append(f"{where}: unknown country code {iso3!r}")
        elif iso3 in seen:
            problems.append(f"{where}: {iso3} appears twice")
        seen.add(iso3)
        if not name:
            problems.append(f"{where}: the name is empty")
        group = GROUPS_BY_NAME.get(group_name.casefold(), "") if group_name else ""
        if group_name and not group:
            problems.append(
                f"{where}: unknown regional group {group_name!r} "
                f"(use one of: {'; '.join(GROUP_NAMES.values())}; or leave it empty)"
            )
        flags = [_flag(v, column, problems, where) for v, column in zip(flag_values, FLAGS, strict=True)]
        rows.append(CountryRow(iso3, name, group, *flags))
    if problems:
        raise CountryFileError(problems)
    return rows


@transaction.atomic
def countries_import(text: str) -> int:
    """Update countries from the exchange format, all or nothing; return how many changed."""
    countries = {c.iso3: c for c in Country.objects.select_for_update()}
    rows = parse_csv(text, set(countries))
    changed = []
    for row in rows:
        country = countries[row.iso3]
        new = {field: getattr(row, field) for field in ("name", "regional_group", *FLAGS)}
        if any(getattr(country, field) != value for field, value in new.items()):
            for field, value in new.items():
                setattr(country, field, value)
            changed.append(country)
    Country.objects.bulk_update(changed, ["name", "regional_group", *FLAGS])
    return len(changed)


def load_names(country_model=None) -> int:
    """Fill each country's names in the other UN languages from accounts/data/countries_<locale>.csv; return how
    many countries changed. Called by the migration that adds them, and again whenever the files change."""
    model = country_model or Country
    names = {}
    for language, locale in COUNTRY_NAME_LANGUAGES.items():
        path = SEED_FILE.with_name(f"countries_{locale}.csv")
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as file:
            for row in csv.DictReader(line for line in file if not line.startswith("#")):
                names.setdefault(row["iso3"].strip().upper(), {})[language] = row["name"].strip()
    changed = []
    for country in model.objects.all():
        found = names.get(country.iso3, {})
        if found and found != country.names:
            country.names = found
            changed.append(country)
    model.objects.bulk_update(changed, ["names"])
    return len(changed)
