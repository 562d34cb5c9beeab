"""Places on consultations' pages where an app above it adds a part of its own, so that consultations never names
that app (reports adds the compilations and the balance to the console's dashboard, the public compilations to the
public record, and an input's PDF to its public page and its receipt; review adds an input's codings to its review
page and to its row of the queue).

The app registers, in its AppConfig.ready(), a small template of its own and, when that template needs data, a
function that fetches it for every object of the page at once (a dashboard of twenty consultations, or a queue of
fifty inputs, costs each part one query, not twenty or fifty). A slot holds consultations or inputs, as its name
says. The page includes each part by its template's name, with the part's data as `data`; where nothing is
registered it shows nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# consultations or inputs -> {their pk: what the part's template shows of each}, in one query
Fetch = Callable[[list], dict[int, Any]]


@dataclass(frozen=True)
class Part:
    """A part as one page shows it: its template, and what it shows (None when it fetches nothing)."""

    template: str
    data: Any = None


class Slot:
    """One place on a page, and the parts the apps above have registered for it, in the order they registered."""

    def __init__(self, place: str):
        self.place = place
        self._registered: list[tuple[str, Fetch | None]] = []

    def register(self, template: str, fetch: Fetch | None = None) -> None:
        """Show `template` here; registering the same template again changes nothing."""
        if all(known != template for known, _fetch in self._registered):
            self._registered.append((template, fetch))

    def parts_for_each(self, objects: Iterable) -> dict[int, list[Part]]:
        """{pk: its parts}: each part's data fetched once for every consultation (or input) of the page."""
        objects = list(objects)
        shown = {each.pk: [] for each in objects}
        for template, fetch in self._registered:
            data = fetch(objects) if fetch else {}
            for each in objects:
                shown[each.pk].append(Part(template, data.get(each.pk)))
        return shown

    def parts_for(self, obj) -> list[Part]:
        """The parts of one consultation's (or input's) page."""
        return self.parts_for_each([obj])[obj.pk]


CONSOLE_DASHBOARD = Slot("the console's dashboard, among each consultation's links")
PUBLIC_RECORD = Slot("a consultation's published inputs, above the filters")
PUBLIC_INPUT_DOWNLOADS = Slot("a published input's page, among its details")
RECEIPT_ACTIONS = Slot("an input's receipt, beside its actions")
INPUT_REVIEW = Slot("an input's page in the console, before its history (holds inputs)")
QUEUE_ROW = Slot("an input's row in the console's queue, under its reference (holds inputs)")
