"""Agreement between coders, checked against values published with their data, not only against itself."""

import pytest

from review.agreement import Agreement, by_code, cohen_kappa, krippendorff_alpha


def table(cells: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    """A two-coder contingency table as the list of its pairs."""
    return [pair for pair, count in cells.items() for _ in range(count)]


def test_kappa_of_the_textbook_table():
    """Cohen's kappa of the usual worked example: 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no:
    observed agreement 0.7, chance agreement 0.5, kappa 0.4."""
    pairs = table({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15})
    assert cohen_kappa(pairs) == pytest.approx(0.4)


def test_kappa_differs_where_the_agreement_does_not():
    """The worked pair of tables "same percentages but different numbers": both agree on 60 of 100 items, but
    chance agreement is 0.54 in the first and 0.46 in the second: kappa 0.1304 and 0.2593."""
    first = table({("yes", "yes"): 45, ("yes", "no"): 15, ("no", "yes"): 25, ("no", "no"): 15})
    second = table({("yes", "yes"): 25, ("yes", "no"): 35, ("no", "yes"): 5, ("no", "no"): 35})
    assert cohen_kappa(first) == pytest.approx(0.1304, abs=0.00005)
    assert cohen_kappa(second) == pytest.approx(0.2593, abs=0.00005)


def test_alpha_of_krippendorffs_binary_example():
    """Krippendorff (2011), Computing Krippendorff's Alpha-Reliability, example A: two observers, ten units,
    binary data: alpha = 0.095."""
    first = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    second = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(list(zip(first, second, strict=True))) == pytest.approx(0.095, abs=0.0005)


def test_alpha_of_krippendorffs_example_with_missing_values():
    """The same paper's example C: four observers, twelve units, nominal values, some missing: alpha = 0.743."""
    n = None
    observers = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]
    assert krippendorff_alpha(list(zip(*observers, strict=True))) == pytest.approx(0.743, abs=0.0005)


def test_alpha_of_two_coders_is_close_to_kappa_on_many_units():
    """For two coders without missing values, alpha corrects kappa for the sample's size: (n-1)/n apart at most."""
    pairs = table({("yes", "yes"): 200, ("yes", "no"): 50, ("no", "yes"): 100, ("no", "no"): 150})
    assert krippendorff_alpha(pairs) == pytest.approx(cohen_kappa(pairs), abs=0.01)


def test_it_says_nothing_where_agreement_cannot_be_measured():
    """Every unit given the same value by everyone: chance agreement is total and no coefficient exists."""
    assert cohen_kappa([("yes", "yes")] * 5) is None
    assert krippendorff_alpha([("yes", "yes")] * 5) is None
    assert cohen_kappa([]) is None
    assert krippendorff_alpha([(1, None), (None, 2)]) is None  # no unit coded twice


def test_it_compares_two_coders_input_by_input_and_code_by_code():
    """Two analysts code four inputs blind with two codes; they differ on one input for "security" only."""
    coded = {
        "amal": {"I1": {"security"}, "I2": {"security", "access"}, "I3": set(), "I4": {"access"}},
        "bo": {"I1": {"security"}, "I2": {"access"}, "I3": set(), "I4": {"access"}},
    }
    results = by_code(coded, ["security", "access"])
    assert results["access"] == Agreement(inputs=4, disagreements=0, kappa=1.0, alpha=1.0)
    security = results["security"]
    assert (security.inputs, security.disagreements) == (4, 1)
    # pairs (yes, yes), (yes, no), (no, no), (no, no): observed 0.75, chance 0.5 → kappa 0.5
    assert security.kappa == pytest.approx(0.5)
    assert results[None].inputs == 8 and results[None].disagreements == 1


def test_it_leaves_out_inputs_only_one_coder_finished_and_gives_alpha_for_three():
    coded = {
        "amal": {"I1": {"security"}, "I2": set(), "I3": {"security"}},
        "bo": {"I1": {"security"}, "I2": set()},
        "chen": {"I1": {"security"}, "I2": {"security"}},
    }
    security = by_code(coded, ["security"])["security"]
    assert security.inputs == 2  # I3 was finished by one coder only
    assert security.kappa is None  # three coders: alpha only
    assert security.alpha == pytest.approx(krippendorff_alpha([(True, True, True), (False, False, True)]))
