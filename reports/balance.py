"""Balance checks: a population counted in SQL, then compared with a representation policy by pure functions.

The population is either a consultation's counted inputs (accepted, from verified organisations) or a working
group's members. One grouped query turns it into cells (category × country × development × gender → count);
`evaluate` compares the cells with a `Policy` and returns, per rule, the verdict, the figures and the remedy in
words; `report` wraps both into the JSON document a `BalanceReport` keeps.

Shares are compared exactly (fractions, not floats), so 30% of 10 is 3, never 2.9999.
"""

from collections import Counter
from dataclasses import asdict, dataclass, replace
from fractions import Fraction
from math import ceil, floor

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Q, TextChoices, Value, When
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from accounts.models import (
    CATEGORY_GOVERNMENT,
    Country,
    DevelopmentStatus,
    Organisation,
    RegionalGroup,
)
from consultations.models import Consent, Submission
from reports import policy as policies
from reports.models import Gender, Member, RepresentationPolicy


class Verdict(TextChoices):
    """What a rule says of the population: as a report stores it, and as a page shows it."""

    MEETS = "meets", pgettext_lazy("balance verdict", "meets")
    SHORT = "short", pgettext_lazy("balance verdict", "short")
    OVER = "over", pgettext_lazy("balance verdict", "over")


MEETS, SHORT, OVER = Verdict.MEETS, Verdict.SHORT, Verdict.OVER
DEVELOPED, DEVELOPING, INTERNATIONAL = (
    DevelopmentStatus.DEVELOPED.value,
    DevelopmentStatus.DEVELOPING.value,
    DevelopmentStatus.INTERNATIONAL.value,
)
# The development status of an input published without its organisation's name, as the public record counts it.
NOT_SHOWN = "not-shown"

# How a remedy names the members of a seat group ("3 more members from the technical and academic communities").
SEAT_GROUP_PHRASES = {
    "private sector": gettext_lazy("the private sector"),
    "civil society": gettext_lazy("civil society"),
    "technical and academic communities": gettext_lazy("the technical and academic communities"),
    "technical community": gettext_lazy("the technical community"),
    "academic community": gettext_lazy("the academic community"),
    "intergovernmental and international organizations": gettext_lazy(
        "intergovernmental and international organizations"
    ),
}

# The seat groups the default policies name, in the interface's language when a report shows them; a group a policy
# names otherwise is shown as written.
SEAT_GROUP_NAMES = {
    "private sector": gettext_lazy("Private sector"),
    "civil society": gettext_lazy("Civil society"),
    "technical and academic communities": gettext_lazy("Technical and academic communities"),
    "technical community": gettext_lazy("Technical community"),
    "academic community": gettext_lazy("Academic community"),
    "intergovernmental and international organizations": gettext_lazy(
        "Intergovernmental and international organizations"
    ),
}


def seat_group_name(group: policies.SeatGroup) -> str:
    return str(SEAT_GROUP_NAMES.get(group.name.lower(), group.name))


# The floors on country groupings: the flag on the cell (floor_label and floor_remedy say them in words).
FLOORS = ["ldc", "sids", "lldc"]


@dataclass(frozen=True)
class Cell:
    """A number of members (or inputs) alike in category, country, development and gender."""

    category: str
    country: str
    regional_group: str
    development: str
    ldc: bool = False
    sids: bool = False
    lldc: bool = False
    gender: str = ""
    count: int = 1


@dataclass(frozen=True)
class RuleResult:
    """One rule of a policy checked against a population."""

    rule: str
    label: str
    hard: bool
    verdict: str
    expected: int | float | str
    actual: int | float | str
    remedy: str = ""


@dataclass(frozen=True)
class Gap:
    """How far a count is from its band: the verdict, and how many members of the kind (or of other kinds) close it."""

    verdict: str
    members: int | None = None  # more of the kind when short, fewer when over
    others: int | None = None  # fewer of other kinds when short, more when over


# Counting ------------------------------------------------------------------------------------------------------


def _columns(organisation: str) -> dict:
    """The cell's columns as expressions over the organisation reached through `organisation`."""
    country = f"{organisation}__country"
    return {
        "category": F(f"{organisation}__category__slug"),
        "country": F(f"{country}__iso3"),
        "regional_group": F(f"{country}__regional_group"),
        "development": Case(
            When(**{f"{organisation}__is_international": True}, then=Value(INTERNATIONAL)),
            When(**{f"{country}__developed": True}, then=Value(DEVELOPED)),
            default=Value(DEVELOPING),
            output_field=CharField(),
        ),
        "ldc": F(f"{country}__ldc"),
        "sids": F(f"{country}__sids"),
        "lldc": F(f"{country}__lldc"),
    }


def _grouped(queryset, columns: dict) -> list[Cell]:
    """One GROUP BY query: a cell per distinct combination of the columns."""
    rows = queryset.order_by().values(**columns).annotate(count=Count("pk")).order_by(*columns)
    return [Cell(**row) for row in rows]


def inputs_cells(consultation) -> list[Cell]:
    """The counted inputs of a consultation (accepted, from verified organisations), in one query."""
    return cells_of(Submission.objects.counted().filter(consultation=consultation))


def cells_of(inputs, *, public: bool = False) -> list[Cell]:
    """The cells of some inputs, in one query (input_columns says what `public` hides)."""
    return _grouped(inputs, input_columns(public=public))


def input_columns(*, public: bool, submission: str = "") -> dict:
    """A cell's columns as expressions over an input (reached through `submission`, e.g. "submission__", from another
    model), for grouping inputs by category, country, development and country groupings.

    `public`: an input published without its organisation's name counts only by what the public record shows of it,
    its category and regional group. Its development status is NOT_SHOWN, its country blank and its country
    groupings (LDC, SIDS, LLDC) false: beside the named inputs' countries, any of them could give it away."""
    columns = {**_columns(f"{submission}organisation"), "gender": Value("", output_field=CharField())}
    if public:
        anonymous = Q(**{f"{submission}consent": Consent.ANONYMOUS})
        hidden = {"country": Value(""), "development": Value(NOT_SHOWN), **{flag: Value(False) for flag in FLOORS}}
        for name, value in hidden.items():
            columns[name] = Case(When(anonymous, then=value), default=columns[name])
    return columns


def members_cells(working_group) -> list[Cell]:
    """The members of a working group, by self-declared gender too, in one query."""
    members = Member.objects.filter(
        working_group=working_group, nomination__organisation__status=Organisation.Status.VERIFIED
    )
    return _grouped(members, {**_columns("nomination__organisation"), "gender": F("nomination__gender")})


def nomination_cells(nominations) -> list[Cell]:
    """The cells of nominations held in memory (organisation, its category and country loaded); no query.

    As everywhere in balance checks, a nomination through an organisation that is not verified does not count."""
    counts = Counter(
        Cell(
            category=n.organisation.category.slug,
            country=n.organisation.country.iso3,
            regional_group=n.organisation.country.regional_group,
            development=str(n.organisation.development_status),
            ldc=n.organisation.country.ldc,
            sids=n.organisation.country.sids,
            lldc=n.organisation.country.lldc,
            gender=n.gender,
            count=0,
        )
        for n in nominations
        if n.organisation.is_verified
    )
    cells = [replace(cell, count=count) for cell, count in counts.items()]
    return sorted(cells, key=lambda c: (c.category, c.country, c.development, c.gender))


# Arithmetic ----------------------------------------------------------------------------------------------------


def _exact(number) -> Fraction:
    """A policy number as an exact fraction (0.1 is one tenth, not 0.1000000000000000055…)."""
    return Fraction(str(number))


def _percent(fraction) -> float:
    """A fraction as a percentage rounded half up to one decimal."""
    return floor(Fraction(fraction) * 1000 + Fraction(1, 2)) / 10


def _shown(number) -> str:
    """A number for a sentence: 5, 2.5, 33.3 (no trailing .0)."""
    return f"{float(number):g}" if number != int(number) else str(int(number))


def _seats_gap(actual: int, seats, tolerance) -> Gap:
    """A count against seats ± tolerance."""
    low, high = _exact(seats) - _exact(tolerance), _exact(seats) + _exact(tolerance)
    if actual < low:
        return Gap(SHORT, members=ceil(low - actual))
    if actual > high:
        return Gap(OVER, members=ceil(actual - high))
    return Gap(MEETS)


def _share_gap(actual: int, total: int, share, tolerance) -> Gap:
    """A count's share of the total against share ± tolerance; an empty population is short of any positive share."""
    low, high = _exact(share) - _exact(tolerance), _exact(share) + _exact(tolerance)
    if total == 0:
        return Gap(SHORT, members=1) if low > 0 else Gap(MEETS)
    if actual < low * total:
        members = ceil((low * total - actual) / (1 - low)) if low < 1 else None
        others = ceil(total - actual / low) if actual else None
        return Gap(SHORT, members=members, others=others)
    if actual > high * total:
        members = ceil((actual - high * total) / (1 - high))
        others = ceil(actual / high - total) if high > 0 else None
        # Taking away every member leaves no share at all: not a remedy.
        return Gap(OVER, members=members if members < total else None, others=others)
    return Gap(MEETS)


def _moves(gap: Gap, who: dict) -> str:
    """The remedy as a sentence: "2 more Government members from African States.", or, when adding cannot reach the
    share, "3 fewer other members.". `who` names the members counted: {"group": a regional group} for Governments,
    {"phrase": a seat group's phrase} for stakeholders."""
    more = gap.verdict == SHORT
    if gap.members is not None and "group" in who:
        if more:
            text = ngettext(
                "%(n)d more Government member from %(group)s.",
                "%(n)d more Government members from %(group)s.",
                gap.members,
            )
        else:
            text = ngettext(
                "%(n)d fewer Government member from %(group)s.",
                "%(n)d fewer Government members from %(group)s.",
                gap.members,
            )
        return text % {"n": gap.members, **who}
    if gap.members is not None:
        if more:
            text = ngettext("%(n)d more member from %(phrase)s.", "%(n)d more members from %(phrase)s.", gap.members)
        else:
            text = ngettext("%(n)d fewer member from %(phrase)s.", "%(n)d fewer members from %(phrase)s.", gap.members)
        return text % {"n": gap.members, **who}
    # gap.others may be None too (no number of other members closes the gap): it is shown as it is.
    if more:
        text = ngettext("%(n)s fewer other member.", "%(n)s fewer other members.", gap.others or 0)
    else:
        text = ngettext("%(n)s more other member.", "%(n)s more other members.", gap.others or 0)
    return text % {"n": gap.others}


def _sentence(text: str) -> str:
    # The full stop is the language's own (Chinese ends a sentence with 。).
    return pgettext("a sentence and its full stop", "%(sentence)s.") % {"sentence": text[:1].upper() + text[1:]}


def _count(cells, predicate=lambda cell: True) -> int:
    return sum(cell.count for cell in cells if predicate(cell))


# Rules ---------------------------------------------------------------------------------------------------------


def _target_rule(rule, label, hard, cells, total, predicate, *, seats, share, tolerance, who) -> RuleResult:
    """A count of cells against seats or a share of the whole, ± tolerance, with its remedy."""
    actual = _count(cells, predicate)
    if seats is not None:
        gap = _seats_gap(actual, seats, tolerance)
        if tolerance:
            label = _("%(label)s (± %(tolerance)s)") % {"label": label, "tolerance": _shown(tolerance)}
        expected, shown = seats, actual
    else:
        gap = _share_gap(actual, total, share, tolerance)
        if tolerance:
            label = _("%(label)s (%% of all, ± %(tolerance)s)") % {
                "label": label,
                "tolerance": _shown(_percent(_exact(tolerance))),
            }
        else:
            label = _("%(label)s (%% of all)") % {"label": label}
        expected, shown = _percent(_exact(share)), _percent(Fraction(actual, total) if total else 0)
    remedy = "" if gap.verdict == MEETS else _moves(gap, who)
    return RuleResult(rule, label, hard, gap.verdict, expected, shown, remedy)


def _country_name(code: str, country_names) -> str:
    return (country_names or {}).get(code, code)


def government_rules(government: policies.Government, cells, total, country_names=None) -> list[RuleResult]:
    """Government members per regional group (ex officio countries aside), then each ex officio country."""
    ex_officio = set(government.ex_officio)
    targets = government.seats_per_group or government.share_per_group
    results = []
    for group in RegionalGroup:
        if group.value not in targets:
            continue
        name = str(group.label)
        results.append(
            _target_rule(
                f"government:{group.value}",
                _("Government members from %(group)s") % {"group": name},
                government.hard,
                cells,
                total,
                lambda c, g=group.value: (
                    c.category == CATEGORY_GOVERNMENT and c.regional_group == g and c.country not in ex_officio
                ),
                seats=government.seats_per_group.get(group.value),
                share=government.share_per_group.get(group.value),
                tolerance=government.tolerance,
                who={"group": name},
            )
        )
    results += [ex_officio_rule(code, government.hard, cells, country_names) for code in government.ex_officio]
    return results


def ex_officio_rule(code: str, hard: bool, cells, country_names=None) -> RuleResult:
    """An ex officio Government: present once."""
    country = _country_name(code, country_names)
    name = _("Government of %(country)s (ex officio)") % {"country": country}
    actual = _count(cells, lambda c: c.category == CATEGORY_GOVERNMENT and c.country == code)
    verdict, remedy = MEETS, ""
    if actual == 0:
        verdict, remedy = SHORT, _("The Government of %(country)s (ex officio) is missing.") % {"country": country}
    elif actual > 1:
        remedy = ngettext(
            "%(n)d fewer member for the Government of %(country)s (ex officio).",
            "%(n)d fewer members for the Government of %(country)s (ex officio).",
            actual - 1,
        ) % {"n": actual - 1, "country": country}
        verdict = OVER
    return RuleResult(f"government:ex-officio:{code}", name, hard, verdict, 1, actual, remedy)


def seat_group_rules(group: policies.SeatGroup, cells, total) -> list[RuleResult]:
    """A seat group's seats or share, then its developed/developing parity if the policy asks for it."""
    phrase = SEAT_GROUP_PHRASES.get(group.name.lower())
    if phrase is None:
        phrase = _("the %(name)s seat group") % {"name": group.name}
    results = [
        _target_rule(
            f"seats:{group.name}",
            seat_group_name(group),
            group.hard,
            cells,
            total,
            lambda c: c.category in group.categories,
            seats=group.seats,
            share=group.share,
            tolerance=group.tolerance,
            who={"phrase": phrase},
        )
    ]
    if group.parity is not None:
        results.append(parity_rule(group, [c for c in cells if c.category in group.categories]))
    return results


def parity_rule(group: policies.SeatGroup, cells) -> RuleResult:
    """Developed and developing members of a seat group differ by at most the parity tolerance."""
    developed = _count(cells, lambda c: c.development == DEVELOPED)
    developing = _count(cells, lambda c: c.development == DEVELOPING)
    tolerance = group.parity.tolerance
    difference = abs(developed - developing)
    expected = _("|developed − developing| ≤ %(tolerance)s") % {"tolerance": tolerance}
    label = _("%(group)s: developed and developing countries") % {"group": seat_group_name(group)}
    if difference <= tolerance:
        return RuleResult(f"parity:{group.name}", label, group.parity.hard, MEETS, expected, difference)
    return RuleResult(
        f"parity:{group.name}",
        label,
        group.parity.hard,
        OVER,
        expected,
        difference,
        parity_remedy(seat_group_name(group), developed, developing, difference - tolerance),
    )


def parity_remedy(name: str, developed: int, developing: int, moves: int) -> str:
    """ "Civil society: 4 from developed countries and 1 from developing; 2 more from developing countries, …"."""
    if developed > developing:
        way = ngettext(
            "%(n)d more from a developing country, or %(n)d fewer from a developed one, reaches parity",
            "%(n)d more from developing countries, or %(n)d fewer from developed ones, reach parity",
            moves,
        )
    else:
        way = ngettext(
            "%(n)d more from a developed country, or %(n)d fewer from a developing one, reaches parity",
            "%(n)d more from developed countries, or %(n)d fewer from developing ones, reach parity",
            moves,
        )
    text = ngettext(
        "%(name)s: %(developed)d from a developed country and %(developing)d from developing; %(way)s.",
        "%(name)s: %(developed)d from developed countries and %(developing)d from developing; %(way)s.",
        developed,
    )
    return text % {"name": name, "developed": developed, "developing": developing, "way": way % {"n": moves}}


def blocs_rule(blocs: policies.Blocs, cells, total) -> RuleResult:
    """The Government bloc's share of the whole, ± tolerance."""
    actual = _count(cells, lambda c: c.category == CATEGORY_GOVERNMENT)
    gap = _share_gap(actual, total, blocs.government_share, blocs.tolerance)
    tolerance = _shown(_percent(_exact(blocs.tolerance)))
    if blocs.tolerance:
        label = _("Government members (%% of all, ± %(tolerance)s)") % {"tolerance": tolerance}
    else:
        label = _("Government members (%% of all)") % {}  # formatted only to turn %% into the percent sign
    shown = _percent(Fraction(actual, total) if total else 0)
    expected = _percent(_exact(blocs.government_share))
    return RuleResult("blocs", label, blocs.hard, gap.verdict, expected, shown, blocs_remedy(gap))


def blocs_remedy(gap: Gap) -> str:
    """ "3 more Government members or 3 fewer other stakeholders" (either way closes the gap)."""
    if gap.verdict == MEETS:
        return ""
    ways = []
    if gap.members is not None:
        if gap.verdict == SHORT:
            text = ngettext("%(n)d more Government member", "%(n)d more Government members", gap.members)
        else:
            text = ngettext("%(n)d fewer Government member", "%(n)d fewer Government members", gap.members)
        ways.append(text % {"n": gap.members})
    if gap.others is not None:
        if gap.verdict == SHORT:
            text = ngettext("%(n)d fewer other stakeholder", "%(n)d fewer other stakeholders", gap.others)
        else:
            text = ngettext("%(n)d more other stakeholder", "%(n)d more other stakeholders", gap.others)
        ways.append(text % {"n": gap.others})
    if len(ways) == 2:
        return _sentence(_("%(one_way)s or %(other_way)s") % {"one_way": ways[0], "other_way": ways[1]})
    return _sentence("".join(ways))


def floor_rules(floors: policies.Floors, cells, total) -> list[RuleResult]:
    """LDC, SIDS and LLDC members at least their floors, and women at least their share; floors at 0 ask nothing."""
    results = []
    for flag in FLOORS:
        floor_ = getattr(floors, flag)
        if not floor_:
            continue
        actual = _count(cells, lambda c, f=flag: getattr(c, f) and c.development != INTERNATIONAL)
        results.append(floor_rule(flag, floor_, actual, floors.hard))
    if floors.women_percent:
        results.append(women_rule(floors, cells, total))
    return results


def floor_rule(flag: str, floor_: int, actual: int, hard: bool) -> RuleResult:
    """At least `floor_` members from a country grouping (international organisations left out)."""
    short = max(floor_ - actual, 0)
    verdict, remedy = (SHORT, floor_remedy(flag, short)) if short else (MEETS, "")
    return RuleResult(f"floor:{flag}", floor_label(flag), hard, verdict, floor_, actual, remedy)


def floor_label(flag: str) -> str:
    """What a floor counts: "Members from least developed countries"."""
    if flag == "ldc":
        return _("Members from least developed countries")
    if flag == "sids":
        return _("Members from small island developing States")
    return _("Members from landlocked developing countries")


def floor_remedy(flag: str, short: int) -> str:
    """The remedy of a floor `short` members short, as a sentence: "2 more members from least developed countries."."""
    if flag == "ldc":
        text = ngettext(
            "%(n)d more member from a least developed country.",
            "%(n)d more members from least developed countries.",
            short,
        )
    elif flag == "sids":
        text = ngettext(
            "%(n)d more member from a small island developing State.",
            "%(n)d more members from small island developing States.",
            short,
        )
    else:
        text = ngettext(
            "%(n)d more member from a landlocked developing country.",
            "%(n)d more members from landlocked developing countries.",
            short,
        )
    return text % {"n": short}


def women_rule(floors: policies.Floors, cells, total) -> RuleResult:
    """Women among all members at least the floor's percentage; who did not state a gender is not counted a woman."""
    women = _count(cells, lambda c: c.gender == Gender.FEMALE)
    not_stated = _count(cells, lambda c: not c.gender)
    share = _exact(floors.women_percent) / 100
    # In a body of this size: women in place of other members, as seats are fixed.
    needed = max(ceil(share * total) - women, 0) if total else 1
    actual = _percent(Fraction(women, total) if total else 0)
    target = f"{_shown(floors.women_percent)}%"
    label = _("Women (at least %(target)s of all members)") % {"target": target}
    if not needed:
        return RuleResult("floor:women", label, floors.hard, MEETS, _percent(share), actual)
    remedy = ngettext(
        "Women: %(women)d of %(total)d (%(share)s%%), %(not_stated)d not stated; %(n)d more woman reaches %(target)s.",
        "Women: %(women)d of %(total)d (%(share)s%%), %(not_stated)d not stated; %(n)d more women reach %(target)s.",
        needed,
    ) % {
        "women": women,
        "total": total,
        "share": _shown(actual),
        "not_stated": not_stated,
        "n": needed,
        "target": target,
    }
    return RuleResult("floor:women", label, floors.hard, SHORT, _percent(share), actual, remedy)


def evaluate(policy: policies.Policy, cells, *, country_names: dict[str, str] | None = None) -> list[RuleResult]:
    """Every rule of the policy checked against the cells: pure, no database."""
    cells = list(cells)
    total = _count(cells)
    results = []
    if policy.government:
        results += government_rules(policy.government, cells, total, country_names)
    for group in policy.seat_groups:
        results += seat_group_rules(group, cells, total)
    if policy.blocs:
        results.append(blocs_rule(policy.blocs, cells, total))
    if policy.floors:
        results += floor_rules(policy.floors, cells, total)
    return results


# The document --------------------------------------------------------------------------------------------------

_CATEGORY_ORDER = {slug: i for i, slug in enumerate(policies.CATEGORY_SLUGS)}
_GROUP_ORDER = {group: i for i, group in enumerate(RegionalGroup.values)}
_DEVELOPED = {DEVELOPED: True, DEVELOPING: False, INTERNATIONAL: None, NOT_SHOWN: NOT_SHOWN}


def cross_table(cells) -> list[dict]:
    """Counts by category × regional group × development, in the categories' and regional groups' order.

    "developed" is True, False, None (an international organisation) or NOT_SHOWN (cells_of's public counts)."""
    counts = Counter()
    for cell in cells:
        counts[cell.category, cell.regional_group, cell.development] += cell.count
    rows = [
        {"category": category, "regional_group": group, "developed": _DEVELOPED[development], "count": count}
        for (category, group, development), count in counts.items()
    ]
    return sorted(rows, key=_cross_table_order)


def _cross_table_order(row):
    category, group = row["category"], row["regional_group"]
    developed = {True: 0, False: 1, None: 2, NOT_SHOWN: 3}[row["developed"]]
    return (_CATEGORY_ORDER.get(category, len(_CATEGORY_ORDER)), category, _GROUP_ORDER.get(group, -1), developed)


def gender_counts(cells) -> dict[str, int]:
    """Members by self-declared gender; "not_stated" where none was given."""
    counts = {gender: _count(cells, lambda c, g=gender: c.gender == g) for gender in Gender.values}
    return {**counts, "not_stated": _count(cells, lambda c: not c.gender)}


TEXTS = ("label", "expected", "actual", "remedy")  # what a rule says in words, in each interface language


def report(policy: policies.Policy, cells, *, country_names=None, people: bool = True) -> dict:
    """The JSON document of a balance check; `people=False` for inputs, which have no gender.

    `country_names` is {iso3: name} or {iso3: {language: name}}. The rules are in the active language; "texts"
    holds their words in every interface language ({language: [{label, expected, actual, remedy}]}), so that a
    report computed once by a worker reads in each viewer's language."""
    cells = list(cells)
    rules = evaluate(policy, cells, country_names=_names_in(country_names, translation.get_language()))
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            said = evaluate(policy, cells, country_names=_names_in(country_names, language))
        texts[language] = [{key: getattr(rule, key) for key in TEXTS} for rule in said]
    return {
        "total": _count(cells),
        "cells": cross_table(cells),
        "rules": [asdict(rule) for rule in rules],
        "texts": texts,
        "meets_hard": all(rule.verdict == MEETS for rule in rules if rule.hard),
        "gender": gender_counts(cells) if people else dict.fromkeys([*Gender.values, "not_stated"], 0),
    }


def _names_in(country_names, language):
    if not country_names:
        return country_names
    return {code: names.get(language) or names["en"] if isinstance(names, dict) else names
            for code, names in country_names.items()}  # fmt: skip


def rules_in(result: dict, language: str | None) -> list[dict]:
    """A stored report's rules with their words in `language` (a report stored before "texts" keeps its own)."""
    texts = (result.get("texts") or {}).get(language or "")
    if texts is None or len(texts) != len(result["rules"]):
        return result["rules"]
    return [{**rule, **said} for rule, said in zip(result["rules"], texts, strict=True)]


def consultation_policy(consultation) -> policies.Policy:
    """The consultation's own policy, or the default one for inputs (built in memory, never saved)."""
    try:
        return consultation.policy.parsed()
    except RepresentationPolicy.DoesNotExist:
        return RepresentationPolicy(name="Default", document=policies.consultation_default()).parsed()


def country_names(cells, policy: policies.Policy) -> dict[str, dict[str, str]]:
    """Names of the countries present and of the ex officio ones, {iso3: {language: name}}, in one query."""
    codes = {cell.country for cell in cells} | set(policy.government.ex_officio if policy.government else ())
    return {
        code: {**(names or {}), "en": name}
        for code, name, names in Country.objects.filter(iso3__in=codes).values_list("iso3", "name", "names")
    }


def population_report(consultation=None, working_group=None) -> dict:
    """The balance report of a consultation's inputs or of a working group's members, in at most three queries."""
    if (consultation is None) == (working_group is None):
        raise ValueError("Give a consultation or a working group, not both.")
    if consultation is not None:
        policy, cells = consultation_policy(consultation), inputs_cells(consultation)
    else:
        policy, cells = working_group.policy.parsed(), members_cells(working_group)
    names = country_names(cells, policy)
    return report(policy, cells, country_names=names, people=working_group is not None)
