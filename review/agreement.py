"""How far coders agree: Cohen's kappa for two, Krippendorff's alpha for any number, with missing values.

Pure functions over plain values. Concord measures agreement at the level of input × code: for each code, each
input that two or more coders have finished says, for each of them, whether they applied the code to it.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations


def cohen_kappa(pairs: Iterable[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two coders' values for the same items; None where chance agreement is total (or no item)."""
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _b in pairs), Counter(b for _a, b in pairs)
    expected = sum(first[value] * second[value] for value in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal values: one sequence per unit, a value (None where missing) per coder.

    Units with fewer than two values do not count. None where the values show no variation to agree about."""
    coincidences = Counter()
    for values in units:
        present = [value for value in values if value is not None]
        if len(present) < 2:
            continue
        for pair in permutations(present, 2):
            coincidences[pair] += 1 / (len(present) - 1)
    totals = Counter()
    for (value, _other), weight in coincidences.items():
        totals[value] += weight
    n = sum(totals.values())
    observed = sum(weight for (value, other), weight in coincidences.items() if value != other)
    expected = sum(totals[value] * totals[other] for value in totals for other in totals if value != other)
    if not expected:
        return None
    return 1 - (n - 1) * observed / expected


@dataclass(frozen=True)
class Agreement:
    """Agreement on one code (or on all): inputs compared, inputs where the coders differ, and the coefficients
    (kappa only when exactly two coders took part)."""

    inputs: int
    disagreements: int
    kappa: float | None
    alpha: float | None


def by_code(coded: Mapping[Hashable, Mapping[Hashable, set]], codes: Iterable[Hashable]) -> dict:
    """{code: Agreement} and, under None, the agreement over every input × code.

    `coded`: {coder: {input: the codes they applied to it}}, for the inputs each coder has finished."""
    coders = list(coded)
    inputs = sorted({item for finished in coded.values() for item in finished}, key=str)
    shared = [item for item in inputs if sum(item in coded[coder] for coder in coders) >= 2]
    results, every = {}, []
    for code in codes:
        units = [
            tuple((code in coded[coder][item]) if item in coded[coder] else None for coder in coders) for item in shared
        ]
        results[code] = _agreement(units, len(coders))
        every += units
    results[None] = _agreement(every, len(coders))
    return results


def _agreement(units: list[tuple], coders: int) -> Agreement:
    differ = sum(len({value for value in unit if value is not None}) > 1 for unit in units)
    kappa = cohen_kappa(unit for unit in units if None not in unit) if coders == 2 else None
    return Agreement(len(units), differ, kappa, krippendorff_alpha(units))
