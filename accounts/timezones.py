"""The time zones a person chooses from: IANA's current names, grouped by region, each labelled by its place.

The list is IANA's zone.tab, its own table for people choosing a zone (one or more per country, current names
only), read from the time-zone database zoneinfo itself reads. `zoneinfo.available_timezones()` also holds the
~180 names IANA keeps only so old settings still work (Africa/Asmera, Asia/Calcutta, US/Eastern, Etc/GMT+3), and
zone1970.tab leaves out the countries whose clocks have agreed with a neighbour's since 1970 (no Europe/Oslo).

A legacy name someone already has is read as its current one through CLDR's aliases (Babel's copy), which keep
the place (Africa/Asmera → Africa/Asmara) where tzdata's links keep only the rules (→ Africa/Nairobi).
"""

import functools
import zoneinfo
from importlib import resources
from pathlib import Path

from babel.core import get_global
from django import forms
from django.utils.translation import gettext_lazy as _

UTC = "UTC"
REGIONS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}


def _zone_table() -> str:
    """zone.tab from where zoneinfo finds its zones: the system's database first, else the tzdata package."""
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")


@functools.cache
def current_zones() -> frozenset[str]:
    """The zones offered: zone.tab's, and UTC."""
    listed = {line.split()[2] for line in _zone_table().splitlines() if line and not line.startswith("#")}
    return frozenset((listed | {UTC}) & zoneinfo.available_timezones())


def canonical(name: str) -> str:
    """The current name of a zone (Africa/Asmera → Africa/Asmara); a name without one is returned as it is."""
    if name in current_zones():
        return name
    alias = get_global("zone_aliases").get(name)
    return alias if alias in current_zones() else name


def label(name: str) -> str:
    """The place, readably: "Africa/Cairo" → "Cairo", "America/Argentina/Buenos_Aires" → "Buenos Aires (Argentina)"."""
    places = [part.replace("_", " ") for part in name.split("/")[1:]] or [name]
    return f"{places[-1]} ({places[0]})" if len(places) > 1 else places[0]


@functools.cache
def choices() -> list:
    """UTC, then one group per region, each in the order of its labels."""
    groups: dict[str, list] = {region: [] for region in REGIONS}
    for name in current_zones() - {UTC}:
        groups.setdefault(name.split("/")[0], []).append((name, label(name)))
    by_label = functools.partial(sorted, key=lambda zone: zone[1])
    return [(UTC, UTC)] + [(REGIONS.get(region, region), by_label(zones)) for region, zones in groups.items()]


class TimeZoneField(forms.ChoiceField):
    """A zone from `choices()`; a legacy name is shown and taken as its current one."""

    def __init__(self, **kwargs):
        super().__init__(choices=choices, **kwargs)

    def prepare_value(self, value):
        return canonical(value) if value else value

    def to_python(self, value):
        return canonical(super().to_python(value))

    def keep(self, name: str) -> None:
        """Offer a zone that has no current name (Etc/GMT-3, which an administrator may set) to the one who has it."""
        if canonical(name) not in current_zones():
            self.choices = [*choices(), (name, name)]
