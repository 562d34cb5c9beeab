"""The slate proposer: from a working group's nominations, the members that meet every hard rule of its policy.

The choice is an integer program (PuLP with its bundled CBC): one binary variable per nomination,
every hard rule a constraint, every advisory rule a constraint with a penalised slack. The objective
ranks, in this order: advisory rules missed, distance from the stated seats when a tolerance allows
more or fewer, and last the secretariat's ranks (1 preferred, unranked after every ranked one).

Besides the policy's rules, two hold for every slate:

- at most one Government member per country;
- no country over-represented among stakeholders: at most max(2, ceil(S / 10)) members from one
  country outside the government bloc, S being the stakeholder seats. A tenth of the seats is the
  share beyond which one country dominates a body of several hundred; below twenty seats a tenth
  rounds to one, which would forbid, across four seat groups of five, a Kenyan company beside a
  Kenyan university, so the limit never falls under two. Organisations counted as international
  are left out: they speak for no country, and most sit in Geneva or New York.

Only nominations that can fill a seat are candidates: Governments of a regional group the policy
seats (or of an ex officio country), and stakeholders of a seat group's categories.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

import pulp
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import CATEGORY_GOVERNMENT, Country, DevelopmentStatus, Organisation, RegionalGroup
from reports import balance
from reports.models import Gender, Nomination, WorkingGroup
from reports.policy import Policy

TIME_LIMIT = 30  # seconds for one solver run


class SlateUndecided(RuntimeError):
    """The solver neither found a slate nor proved there is none within its time limit."""


@dataclass(frozen=True)
class Candidate:
    """What the program knows of one nomination."""

    category: str  # slug
    government: bool
    country: str  # ISO alpha-3
    regional_group: str  # a RegionalGroup value, empty for an observer State
    development: str  # a DevelopmentStatus value
    ldc: bool = False
    sids: bool = False
    lldc: bool = False
    gender: str = ""
    rank: int | None = None

    @property
    def international(self):
        return self.development == DevelopmentStatus.INTERNATIONAL


@dataclass
class Proposal:
    feasible: bool
    members: list[Nomination]
    rules: list  # balance.RuleResult, for the members chosen (all short when there are none)
    unmet: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Constraint:
    """low ≤ Σ terms[i]·x_i ≤ high; `rule` names the rule it belongs to (a rule may need several)."""

    rule: str
    hard: bool
    terms: dict[int, float]
    low: float | None = None
    high: float | None = None
    target: float | None = None  # the stated seats, when a tolerance allows a range around them


# The database side


def propose(working_group: WorkingGroup) -> Proposal:
    """The best slate of the working group's proposed nominations, or why there is none."""
    policy = working_group.policy.parsed()
    nominations = list(
        Nomination.objects.filter(
            working_group=working_group,
            status=Nomination.Status.PROPOSED,
            organisation__status=Organisation.Status.VERIFIED,
        )
        .select_related("organisation__category", "organisation__country")
        .order_by(F("rank").asc(nulls_last=True), "name", "pk")
    )
    candidates = [candidate(n) for n in nominations]
    names = _country_names(policy, nominations)
    chosen = solve(policy, candidates)
    if chosen is None:
        rules = balance.evaluate(policy, [], country_names=names)
        return Proposal(False, [], rules, unmet(policy, candidates, country_names=names))
    members = sorted(
        (nominations[i] for i in chosen),
        key=lambda n: (n.organisation.category.order, n.organisation.country.name, n.name, n.pk),
    )
    rules = balance.evaluate(policy, balance.nomination_cells(members), country_names=names)
    return Proposal(True, members, rules, [])


def candidate(nomination: Nomination) -> Candidate:
    """The nomination as the program sees it (its organisation, category and country loaded)."""
    organisation = nomination.organisation
    country = organisation.country
    return Candidate(
        category=organisation.category.slug,
        government=organisation.category.slug == CATEGORY_GOVERNMENT,
        country=country.iso3,
        regional_group=country.regional_group,
        development=str(organisation.development_status),
        ldc=country.ldc,
        sids=country.sids,
        lldc=country.lldc,
        gender=nomination.gender,
        rank=nomination.rank,
    )


def _country_names(policy, nominations):
    """{iso3: name in the active language} of the nominees' countries and the ex officio ones."""
    names = {n.organisation.country.iso3: n.organisation.country.localized_name() for n in nominations}
    missing = set(policy.government.ex_officio if policy.government else ()) - set(names)
    if missing:
        names.update({country.iso3: country.localized_name() for country in Country.objects.filter(iso3__in=missing)})
    return names


# The program


def solve(policy: Policy, candidates: list[Candidate]) -> list[int] | None:
    """Indices of the chosen candidates, or None when no choice meets every hard rule."""
    return _optimise(_constraints(policy, candidates, {}), candidates)


def stakeholder_cap(policy: Policy) -> int:
    """The most members one country may have outside the government bloc (see the module's docstring)."""
    seats = sum(group.seats or 0 for group in _seats(policy).seat_groups)
    return max(2, math.ceil(seats / 10))


def _seats(policy):
    if policy.total_seats is None:
        raise ValueError(_("this policy counts shares; a slate needs seats"))
    return policy


def _eligible(policy, candidates):
    """Index -> the seat it could fill: ("ex officio", country), ("government", regional group) or ("seats", name)."""
    seats = {}
    government = policy.government
    ex_officio = set(government.ex_officio) if government else set()
    by_category = {slug: group.name for group in policy.seat_groups for slug in group.categories}
    for i, c in enumerate(candidates):
        if government and c.government:
            if c.country in ex_officio:
                seats[i] = ("ex officio", c.country)
            elif c.regional_group in government.seats_per_group:
                seats[i] = ("government", c.regional_group)
        elif c.category in by_category:
            seats[i] = ("seats", by_category[c.category])
    return seats


def _constraints(policy, candidates, names):
    """Every rule of the policy, and the two that hold for every slate, as constraints."""
    policy = _seats(policy)
    seats = _eligible(policy, candidates)
    constraints = _one_government_per_country(candidates, seats)
    if policy.government:
        constraints += _government(policy.government, candidates, seats, names)
    for group in policy.seat_groups:
        constraints += _seat_group(group, candidates, seats)
    constraints += _country_cap(policy, candidates, seats)
    if policy.blocs:
        constraints += _blocs(policy.blocs, candidates, seats)
    if policy.floors:
        constraints += _floors(policy.floors, candidates, seats)
    return constraints


def _exact(number):
    """A policy number as an exact fraction, as balance checks read it (0.1 is one tenth)."""
    return Fraction(str(number))


def _rounded(seats, tolerance):
    """The whole numbers of members within seats ± tolerance."""
    low, high = _exact(seats) - _exact(tolerance), _exact(seats) + _exact(tolerance)
    return max(0, math.ceil(low)), math.floor(high)


def _share_terms(candidates, seats, share, counts):
    """Members of a kind at least `share` of all, as Σ (kind − share)·x ≥ 0 in whole numbers: d·kind − n for n/d."""
    return {i: share.denominator * counts(candidates[i]) - share.numerator for i in seats}


def _one_government_per_country(candidates, seats):
    rule = _("Government: one member per country")
    by_country = defaultdict(dict)
    for i in seats:
        if candidates[i].government:
            by_country[candidates[i].country][i] = 1
    return [Constraint(rule, True, terms, high=1) for terms in by_country.values() if len(terms) > 1]


def _government(government, candidates, seats, names):
    constraints = []
    for code in government.ex_officio:
        terms = {i: 1 for i, seat in seats.items() if seat == ("ex officio", code)}
        label = _("Government, ex officio %(country)s") % {"country": names.get(code, code)}
        constraints.append(Constraint(label, government.hard, terms, 1, 1, 1))
    for group, count in government.seats_per_group.items():
        low, high = _rounded(count, government.tolerance)
        terms = {i: 1 for i, seat in seats.items() if seat == ("government", group)}
        label = _("Government, %(group)s") % {"group": RegionalGroup(group).label}
        constraints.append(Constraint(label, government.hard, terms, low, high, count))
    return constraints


def _seat_group(group, candidates, seats):
    members = [i for i, seat in seats.items() if seat == ("seats", group.name)]
    low, high = _rounded(group.seats, group.tolerance)
    name = balance.seat_group_name(group)
    constraints = [Constraint(name, group.hard, dict.fromkeys(members, 1), low, high, group.seats)]
    if group.parity:
        terms = {i: _side(candidates[i]) for i in members if not candidates[i].international}
        label = _("%(group)s, parity") % {"group": name}
        tolerance = group.parity.tolerance
        constraints.append(Constraint(label, group.parity.hard, terms, -tolerance, tolerance))
    return constraints


def _side(c):
    return 1 if c.development == DevelopmentStatus.DEVELOPED else -1


def _country_cap(policy, candidates, seats):
    cap = stakeholder_cap(policy)
    rule = _("Stakeholders: at most %(n)d from one country") % {"n": cap}
    by_country = defaultdict(dict)
    for i in seats:
        if not candidates[i].government and not candidates[i].international:
            by_country[candidates[i].country][i] = 1
    return [Constraint(rule, True, terms, high=cap) for terms in by_country.values() if len(terms) > cap]


def _blocs(blocs, candidates, seats):
    """Government members over all members within the share ± tolerance: linear once multiplied out."""
    rule = _("Government bloc's share")
    share, tolerance = _exact(blocs.government_share), _exact(blocs.tolerance)
    return [
        Constraint(rule, blocs.hard, _share_terms(candidates, seats, share + tolerance, _is_government), high=0),
        Constraint(rule, blocs.hard, _share_terms(candidates, seats, share - tolerance, _is_government), low=0),
    ]


def _is_government(c):
    return c.government


def _floor_labels():
    return (
        ("ldc", _("Least developed countries")),
        ("sids", _("Small island developing States")),
        ("lldc", _("Landlocked developing countries")),
    )


def _floors(floors, candidates, seats):
    """At least so many members from LDCs, SIDS, LLDCs; women at least the share of all members."""
    constraints = []
    for flag, label in _floor_labels():
        if getattr(floors, flag):
            terms = {i: 1 for i in seats if _counts_for(candidates[i], flag)}
            constraints.append(Constraint(label, floors.hard, terms, low=getattr(floors, flag)))
    if floors.women_percent:
        share = _exact(floors.women_percent) / 100
        terms = _share_terms(candidates, seats, share, _is_woman)
        constraints.append(Constraint(_("Women"), floors.hard, terms, low=0))
    return constraints


def _counts_for(c, flag):
    """Whether the candidate counts toward the LDC, SIDS or LLDC floor: international organisations do not."""
    return getattr(c, flag) and not c.international


def _is_woman(c):
    return c.gender == Gender.FEMALE


def _optimise(constraints, candidates, *, rank=True):
    """The chosen indices under these constraints, None when the hard ones cannot all hold."""
    problem = pulp.LpProblem("slate", pulp.LpMinimize)
    used = sorted({i for c in constraints for i in c.terms})
    x = {i: problem.add_variable(f"x{i}", cat=pulp.LpBinary) for i in used}
    costs = _rank_costs(candidates, used) if rank else {}
    top = sum(sorted(costs.values(), reverse=True)[: _most_seats(constraints)])
    target_weight = top + 1
    spread = sum((c.high - c.low) for c in constraints if c.target is not None and c.high is not None)
    soft_weight = target_weight * (spread + 1)
    objective = [costs[i] * x[i] for i in costs]
    for n, constraint in enumerate(constraints):
        total = pulp.lpSum(coefficient * x[i] for i, coefficient in constraint.terms.items())
        if not constraint.terms and constraint.hard and not _holds(constraint, 0):
            return None
        if not constraint.terms:
            continue
        objective += _bound(problem, constraint, total, n, soft_weight)
        if rank and constraint.target is not None and constraint.low != constraint.high:
            objective += _near_target(problem, constraint, total, n, target_weight)
    problem += pulp.lpSum(objective)
    status = problem.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=TIME_LIMIT))
    if status == pulp.LpStatusInfeasible:
        return None
    if problem.sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        raise SlateUndecided(_("The solver found no slate within %(n)d seconds.") % {"n": TIME_LIMIT})
    return [i for i in used if x[i].value() > 0.5]


def _holds(constraint, value):
    return (constraint.low is None or value >= constraint.low) and (constraint.high is None or value <= constraint.high)


def _bound(problem, constraint, total, n, weight):
    """Add the constraint, with a penalised slack when it is advisory; return its objective terms."""
    penalties = []
    for side, limit in (("low", constraint.low), ("high", constraint.high)):
        if limit is None:
            continue
        slack = 0
        if not constraint.hard:
            slack = problem.add_variable(f"slack_{side}_{n}", lowBound=0)
            penalties.append(weight * slack)
        problem += (total + slack >= limit) if side == "low" else (total - slack <= limit)
    return penalties


def _near_target(problem, constraint, total, n, weight):
    above = problem.add_variable(f"above_{n}", lowBound=0)
    below = problem.add_variable(f"below_{n}", lowBound=0)
    problem += total - constraint.target == above - below
    return [weight * above, weight * below]


def _rank_costs(candidates, used):
    """Rank 1 costs 1, rank r costs r; unranked costs one more than the worst rank given."""
    worst = max((candidates[i].rank or 0 for i in used), default=0)
    return {i: candidates[i].rank or worst + 1 for i in used}


def _most_seats(constraints):
    return sum(int(c.high) for c in constraints if c.target is not None)


# Why there is no slate


def unmet(policy: Policy, candidates: list[Candidate], country_names: dict[str, str] | None = None) -> list[str]:
    """The hard cells that lack candidates, counted; else the hard rules that cannot hold together."""
    shortfalls = _Shortfalls(policy, candidates, country_names or {}).all()
    return shortfalls or conflict(policy, candidates, country_names)


def conflict(policy: Policy, candidates: list[Candidate], country_names: dict[str, str] | None = None) -> list[str]:
    """A smallest set of hard rules no slate meets together, found by dropping each rule in turn."""
    constraints = [c for c in _constraints(policy, candidates, country_names or {}) if c.hard]
    if _optimise(constraints, candidates, rank=False) is not None:
        return []
    needed = list(dict.fromkeys(c.rule for c in constraints))
    for rule in list(needed):
        trial = [r for r in needed if r != rule]
        if _optimise([c for c in constraints if c.rule in trial], candidates, rank=False) is None:
            needed = trial
    return [_("no slate satisfies all hard rules together: %(rules)s") % {"rules": "; ".join(needed)}]


class _Shortfalls:
    """Counts, without the solver, how many distinct candidates each hard cell could seat."""

    def __init__(self, policy, candidates, country_names):
        self.policy, self.candidates, self.names = _seats(policy), candidates, country_names
        self.seats = _eligible(policy, candidates)
        self.cap = stakeholder_cap(policy)

    def all(self):
        found = []
        if self.policy.government and self.policy.government.hard:
            found += self._government()
        for group in self.policy.seat_groups:
            if group.hard:
                found += self._seat_group(group)
        if self.policy.floors and self.policy.floors.hard:
            found += self._floors()
        return found

    def capacity(self, members):
        """How many of these can sit together: one Government per country, the stakeholder cap."""
        governments = {self.candidates[i].country for i in members if self.candidates[i].government}
        international = sum(1 for i in members if self.candidates[i].international)
        others = Counter(
            self.candidates[i].country
            for i in members
            if not self.candidates[i].government and not self.candidates[i].international
        )
        return len(governments) + international + sum(min(n, self.cap) for n in others.values())

    def _government(self):
        government, found = self.policy.government, []
        for code in government.ex_officio:
            if ("ex officio", code) not in self.seats.values():
                place = _("Government, ex officio %(country)s") % {"country": self.names.get(code, code)}
                found.append(_short(place, 0, 1, 1, exact=True))
        for group, count in government.seats_per_group.items():
            members = [i for i, seat in self.seats.items() if seat == ("government", group)]
            low, _high = _rounded(count, government.tolerance)
            available = self.capacity(members)
            if available < low:
                place = _("Government, %(group)s") % {"group": RegionalGroup(group).label}
                countries = ngettext("%(n)d country", "%(n)d countries", available) % {"n": available}
                found.append(
                    _short(
                        place, len(members), low, count, exact=low == count, countries=countries, available=available
                    )
                )
        return found

    def _seat_group(self, group):
        members = [i for i, seat in self.seats.items() if seat == ("seats", group.name)]
        low, _high = _rounded(group.seats, group.tolerance)
        found = []
        available = self.capacity(members)
        if available < low:
            found.append(self._short_of_cap(group.name, members, available, low, group.seats))
        if group.parity and group.parity.hard:
            international = self.capacity([i for i in members if self.candidates[i].international])
            needed = max(0, math.ceil((low - international - group.parity.tolerance) / 2))
            for side, label in ((1, _("developed countries")), (-1, _("developing countries"))):
                on_side = [
                    i for i in members if not self.candidates[i].international and _side(self.candidates[i]) == side
                ]
                available = self.capacity(on_side)
                if available < needed:
                    place = f"{balance.seat_group_name(group)}, {label}"
                    found.append(self._short_of_cap(place, on_side, available, needed, needed, exact=False))
        return found

    def _floors(self):
        floors, found = self.policy.floors, []
        needs = [(getattr(floors, flag), label, lambda c, f=flag: _counts_for(c, f)) for flag, label in _floor_labels()]
        if floors.women_percent:
            women = math.ceil(_exact(floors.women_percent) * self._fewest_members() / 100)
            needs.append((women, _("Women"), _is_woman))
        for needed, label, counts in needs:
            members = [i for i in self.seats if counts(self.candidates[i])]
            available = self.capacity(members)
            if available < needed:
                found.append(self._short_of_cap(label, members, available, needed, needed, exact=False))
        return found

    def _fewest_members(self):
        """The fewest seats a slate can have under the hard seat counts."""
        government, fewest = self.policy.government, 0
        if government and government.hard:
            fewest += len(government.ex_officio)
            fewest += sum(_rounded(n, government.tolerance)[0] for n in government.seats_per_group.values())
        return fewest + sum(_rounded(g.seats, g.tolerance)[0] for g in self.policy.seat_groups if g.hard)

    def _short_of_cap(self, place, members, available, needed, seats, *, exact=True):
        """The shortfall of a cell, naming its countries when one Government or the cap per country bites."""
        countries = None
        if available < len(members):
            count = len({self.candidates[i].country for i in members})
            countries = ngettext("%(n)d country", "%(n)d countries", count) % {"n": count}
            stakeholders = Counter(
                self.candidates[i].country
                for i in members
                if not self.candidates[i].government and not self.candidates[i].international
            )
            if any(n > self.cap for n in stakeholders.values()):
                countries += _(", at most %(cap)d from one country,") % {"cap": self.cap}
        return _short(place, len(members), needed, seats, exact=exact, countries=countries, available=available)


def _short(place, candidates, needed, seats, *, exact, countries=None, available=None):
    """E.g. "Government, Eastern European States: 2 candidates from 2 countries for 4 seats (2 missing)"."""
    available = candidates if available is None else available
    text = ngettext("%(n)d candidate", "%(n)d candidates", candidates) % {"n": candidates}
    if countries:
        text += " " + _("from %(countries)s") % {"countries": countries}
    if exact:
        text += " " + ngettext("for %(n)d seat", "for %(n)d seats", seats) % {"n": seats}
    else:
        text += " " + ngettext("for at least %(n)d seat", "for at least %(n)d seats", needed) % {"n": needed}
    missing = _("(%(n)d missing)") % {"n": needed - available}
    return f"{place}: {text} {missing}"
