"""Representation policies: the targets a population (accepted inputs, or a working group) is checked against.

A policy is a small JSON document, edited in the admin and validated here:

    {
      "government": {"seats_per_group": {"african": 4, …}, "ex_officio": ["CHE", "TUN"],
                     "tolerance": 0, "hard": true},
      "seat_groups": [{"name": "Private sector", "categories": ["private-sector"], "seats": 5,
                       "tolerance": 0, "hard": true,
                       "parity": {"tolerance": 1, "hard": true}}, …],
      "blocs": {"government_share": 0.5, "tolerance": 0.1, "hard": false},
      "floors": {"ldc": 2, "sids": 1, "lldc": 1, "women_percent": 30, "hard": false}
    }

Seats are absolute numbers (a working group); a consultation's inputs are better described by
shares ("share": 0.2 instead of "seats"). Each part is optional. "parity" asks developing and
developed members of a seat group to differ by at most its tolerance (international
organisations counted as international are left out of parity).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import RegionalGroup

CATEGORY_SLUGS = [
    "government",
    "private-sector",
    "civil-society",
    "technical-community",
    "academic-community",
    "intergovernmental",
]


@dataclass(frozen=True)
class Parity:
    tolerance: int = 1
    hard: bool = True


@dataclass(frozen=True)
class SeatGroup:
    name: str
    categories: tuple[str, ...]
    seats: int | None = None
    share: float | None = None
    tolerance: float = 0
    hard: bool = True
    parity: Parity | None = None


@dataclass(frozen=True)
class Government:
    seats_per_group: dict[str, int] = field(default_factory=dict)
    share_per_group: dict[str, float] = field(default_factory=dict)
    ex_officio: tuple[str, ...] = ()
    tolerance: float = 0
    hard: bool = True


@dataclass(frozen=True)
class Blocs:
    government_share: float
    tolerance: float = 0.1
    hard: bool = False


@dataclass(frozen=True)
class Floors:
    ldc: int = 0
    sids: int = 0
    lldc: int = 0
    women_percent: float = 0
    hard: bool = False


@dataclass(frozen=True)
class Policy:
    government: Government | None = None
    seat_groups: tuple[SeatGroup, ...] = ()
    blocs: Blocs | None = None
    floors: Floors | None = None

    @property
    def total_seats(self) -> int | None:
        """The size of the body the policy describes, when it counts seats; None for shares."""
        if self.government and self.government.share_per_group:
            return None
        if any(group.seats is None for group in self.seat_groups):
            return None
        government = (
            sum(self.government.seats_per_group.values()) + len(self.government.ex_officio) if self.government else 0
        )
        return government + sum(group.seats for group in self.seat_groups)


def parse(document: dict) -> Policy:
    """Read and check a policy document; raise ValidationError naming every problem."""
    problems: list[str] = []
    if not isinstance(document, dict):
        raise ValidationError(_("A policy is a JSON object."))
    unknown = set(document) - {"government", "seat_groups", "blocs", "floors"}
    if unknown:
        problems.append(_("Unknown parts: %(parts)s.") % {"parts": ", ".join(sorted(unknown))})
    _check_shapes(document)
    policy = Policy(
        government=_government(document.get("government"), problems),
        seat_groups=tuple(_seat_group(g, i, problems) for i, g in enumerate(document.get("seat_groups") or [], 1)),
        blocs=_blocs(document.get("blocs"), problems),
        floors=_floors(document.get("floors"), problems),
    )
    _check_shares_add_up(policy, problems)
    _check_categories_once(policy, problems)
    if problems:
        raise ValidationError(problems)
    return policy


def _check_shapes(document):
    """Each part is an object (seat groups a list of objects), or nothing below can read it."""
    for key in ("government", "blocs", "floors"):
        if document.get(key) is not None and not isinstance(document[key], dict):
            raise ValidationError(_("%(part)s must be a JSON object.") % {"part": key})
    groups = document.get("seat_groups")
    if groups is not None and (not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups)):
        raise ValidationError(_("seat_groups must be a list of JSON objects."))
    for group in groups or []:
        if group.get("parity") is not None and not isinstance(group["parity"], dict):
            raise ValidationError(_("A seat group's parity must be a JSON object."))
    government = document.get("government") or {}
    for key in ("seats_per_group", "share_per_group"):
        if government.get(key) is not None and not isinstance(government[key], dict):
            raise ValidationError(_("government.%(key)s must be a JSON object.") % {"key": key})


def _number(value, where, problems, *, integer=False, low=0, high=None):
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        problems.append(
            _("%(where)s must be a %(kind)s.") % {"where": where, "kind": _("whole number") if integer else _("number")}
        )
        return 0
    if value < low or (high is not None and value > high):
        limit = f"{low}–{high}" if high is not None else f"≥ {low}"
        problems.append(
            _("%(where)s must be %(limit)s, not %(value)s.") % {"where": where, "limit": limit, "value": value}
        )
    return value


def _government(part, problems):
    if part is None:
        return None
    _unknown_keys(part, "government", _("Government"), problems)
    groups = set(RegionalGroup.values)
    seats = part.get("seats_per_group") or {}
    shares = part.get("share_per_group") or {}
    for key in [*seats, *shares]:
        if key not in groups:
            problems.append(
                _("Unknown regional group %(group)r (use %(groups)s).")
                % {"group": key, "groups": ", ".join(sorted(groups))}
            )
    if seats and shares:
        problems.append(_("Government: give seats or shares per regional group, not both."))
    seats = {
        k: _number(v, _("Government seats for %(g)s") % {"g": k}, problems, integer=True) for k, v in seats.items()
    }
    shares = {k: _number(v, _("Government share for %(g)s") % {"g": k}, problems, high=1) for k, v in shares.items()}
    ex_officio = tuple(str(code).upper() for code in part.get("ex_officio") or ())
    if any(not isinstance(code, str) or len(code) != 3 for code in ex_officio):
        problems.append(_("Ex officio countries are ISO alpha-3 codes."))
    return Government(
        seats_per_group=seats,
        share_per_group=shares,
        ex_officio=ex_officio,
        tolerance=_tolerance(part, _("Government"), problems),
        hard=_flag(part, "hard", True, _("Government"), problems),
    )


def _flag(part, key, default, where, problems):
    value = part.get(key, default)
    if not isinstance(value, bool):
        problems.append(_("%(where)s: %(key)s must be true or false.") % {"where": where, "key": key})
        return default
    return value


ALLOWED_KEYS = {
    "government": {"seats_per_group", "share_per_group", "ex_officio", "tolerance", "hard"},
    "seat_group": {"name", "categories", "seats", "share", "tolerance", "hard", "parity"},
    "parity": {"tolerance", "hard"},
    "blocs": {"government_share", "tolerance", "hard"},
    "floors": {"ldc", "sids", "lldc", "women_percent", "hard"},
}


def _unknown_keys(part, kind, where, problems):
    unknown = set(part) - ALLOWED_KEYS[kind]
    if unknown:
        problems.append(_("%(where)s: unknown keys %(keys)s.") % {"where": where, "keys": ", ".join(sorted(unknown))})


def _tolerance(part, where, problems):
    tolerance = part.get("tolerance", 0)
    return _number(tolerance, _("%(where)s: the tolerance") % {"where": where}, problems)


def _seat_group(part, index, problems):
    where = part.get("name") or _("Seat group %(n)d") % {"n": index}
    _unknown_keys(part, "seat_group", where, problems)
    categories = tuple(part.get("categories") or ())
    if not categories:
        problems.append(_("%(where)s names no category.") % {"where": where})
    for slug in categories:
        if slug not in CATEGORY_SLUGS:
            problems.append(_("%(where)s: unknown category %(slug)r.") % {"where": where, "slug": slug})
    seats, share = part.get("seats"), part.get("share")
    if (seats is None) == (share is None):
        problems.append(_("%(where)s needs seats or a share (one of them).") % {"where": where})
    if seats is not None:
        seats = _number(seats, _("%(where)s: seats") % {"where": where}, problems, integer=True)
    if share is not None:
        share = _number(share, _("%(where)s: share") % {"where": where}, problems, high=1)
    tolerance = _tolerance(part, where, problems)
    if share is not None and isinstance(tolerance, int | float) and tolerance > 1:
        problems.append(_("%(where)s: a share's tolerance is at most 1.") % {"where": where})
    if seats is not None and isinstance(tolerance, int | float) and tolerance > seats:
        problems.append(
            _("%(where)s: a tolerance of %(t)s is larger than its %(s)s seats.")
            % {"where": where, "t": tolerance, "s": seats}
        )
    parity = part.get("parity")
    if parity is not None:
        _unknown_keys(parity, "parity", where, problems)
        parity = Parity(
            tolerance=_number(
                parity.get("tolerance", 1),
                _("%(where)s: the parity tolerance") % {"where": where},
                problems,
                integer=True,
            ),
            hard=_flag(parity, "hard", True, where, problems),
        )
    return SeatGroup(where, categories, seats, share, tolerance, _flag(part, "hard", True, where, problems), parity)


def _blocs(part, problems):
    if part is None:
        return None
    _unknown_keys(part, "blocs", _("Blocs"), problems)
    return Blocs(
        government_share=_number(part.get("government_share"), _("The government bloc's share"), problems, high=1),
        tolerance=_number(part.get("tolerance", 0.1), _("The blocs' tolerance"), problems, high=1),
        hard=_flag(part, "hard", False, _("Blocs"), problems),
    )


def _floors(part, problems):
    if part is None:
        return None
    _unknown_keys(part, "floors", _("Floors"), problems)
    return Floors(
        ldc=_number(part.get("ldc", 0), _("The LDC floor"), problems, integer=True),
        sids=_number(part.get("sids", 0), _("The SIDS floor"), problems, integer=True),
        lldc=_number(part.get("lldc", 0), _("The LLDC floor"), problems, integer=True),
        women_percent=_number(part.get("women_percent", 0), _("The share of women (in percent)"), problems, high=100),
        hard=_flag(part, "hard", False, _("Floors"), problems),
    )


def _check_shares_add_up(policy, problems):
    shares = [g.share for g in policy.seat_groups if g.share is not None]
    if policy.government and policy.government.share_per_group:
        shares += list(policy.government.share_per_group.values())
    if shares and all(isinstance(s, int | float) for s in shares) and sum(shares) > 1.000001:
        problems.append(_("The shares add up to %(total).2f, more than 1.") % {"total": sum(shares)})


def _check_categories_once(policy, problems):
    names = [g.name for g in policy.seat_groups]
    for name in {n for n in names if names.count(n) > 1}:
        problems.append(_("Two seat groups are named %(name)s.") % {"name": name})
    seen = {}
    for group in policy.seat_groups:
        for slug in group.categories:
            if slug in seen:
                problems.append(
                    _("%(slug)s is in two seat groups: %(a)s and %(b)s.")
                    % {"slug": slug, "a": seen[slug], "b": group.name}
                )
            seen[slug] = group.name
    if policy.government and "government" in seen:
        problems.append(_("The government category is the government bloc; it cannot also be a seat group."))


def wgec_2013() -> dict:
    """The 2013 working group: four Governments per regional group and the two WSIS hosts ex officio;
    five seats per stakeholder seat group, the technical and academic communities sharing one;
    developing and developed as equal as five seats allow."""
    parity = {"tolerance": 1, "hard": True}
    return {
        "government": {
            "seats_per_group": dict.fromkeys(RegionalGroup.values, 4),
            "ex_officio": ["CHE", "TUN"],
            "tolerance": 0,
            "hard": True,
        },
        "seat_groups": [
            {"name": "Private sector", "categories": ["private-sector"], "seats": 5, "hard": True, "parity": parity},
            {"name": "Civil society", "categories": ["civil-society"], "seats": 5, "hard": True, "parity": parity},
            {
                "name": "Technical and academic communities",
                "categories": ["technical-community", "academic-community"],
                "seats": 5,
                "hard": True,
                "parity": parity,
            },
            {
                "name": "Intergovernmental and international organizations",
                "categories": ["intergovernmental"],
                "seats": 5,
                "hard": True,
            },
        ],
        "floors": {"ldc": 2, "sids": 1, "women_percent": 30, "hard": False},
    }


def consultation_default() -> dict:
    """For a consultation's inputs: shares rather than seats, all advisory.

    Parity counts members, so it is left to working groups: among hundreds of inputs a count
    tolerance would mean nothing (a share-based parity rule is future work)."""
    return {
        "government": {
            "share_per_group": dict.fromkeys(RegionalGroup.values, 0.08),
            "tolerance": 0.05,
            "hard": False,
        },
        "seat_groups": [
            {
                "name": "Private sector",
                "categories": ["private-sector"],
                "share": 0.15,
                "tolerance": 0.1,
                "hard": False,
            },
            {
                "name": "Civil society",
                "categories": ["civil-society"],
                "share": 0.15,
                "tolerance": 0.1,
                "hard": False,
            },
            {
                "name": "Technical and academic communities",
                "categories": ["technical-community", "academic-community"],
                "share": 0.15,
                "tolerance": 0.1,
                "hard": False,
            },
            {
                "name": "Intergovernmental and international organizations",
                "categories": ["intergovernmental"],
                "share": 0.15,
                "tolerance": 0.1,
                "hard": False,
            },
        ],
        "floors": {"ldc": 1, "hard": False},
    }


def summary(policy: Policy) -> list[tuple[str, str, bool]]:
    """The policy in rows a reader can check a slate against: (what, target, hard)."""
    rows = []
    if policy.government:
        g = policy.government
        for group, seats in {**g.seats_per_group, **g.share_per_group}.items():
            target = f"{seats:.0%}" if group in g.share_per_group else str(seats)
            rows.append((_("Governments, %(group)s") % {"group": RegionalGroup(group).label}, target, g.hard))
        if g.ex_officio:
            rows.append((_("Ex officio Governments"), ", ".join(g.ex_officio), g.hard))
    for group in policy.seat_groups:
        target = str(group.seats) if group.seats is not None else f"{group.share:.0%}"
        if group.parity:
            target += _(" (developed and developing within %(n)s)") % {"n": group.parity.tolerance}
        rows.append((group.name, target, group.hard))
    if policy.blocs:
        rows.append((_("Government bloc"), f"{policy.blocs.government_share:.0%}", policy.blocs.hard))
    if policy.floors:
        f = policy.floors
        for label, value in (
            (_("At least, from LDCs"), f.ldc),
            (_("At least, from SIDS"), f.sids),
            (_("At least, from LLDCs"), f.lldc),
        ):
            if value:
                rows.append((label, str(value), f.hard))
        if f.women_percent:
            rows.append((_("Women, at least"), f"{f.women_percent:g}%", f.hard))
    return rows
