"""The review page's word diff at scale: `consultations.diff.word_diff` timed as a ratio to the old diff.

    .venv/bin/python bench/diff.py [--quick] [--old]

Two versions of an answer, the second with every 50th word changed, of 200 to 20,000 words (English recombined
from the demo inputs' sentences by a seeded generator), Chinese of 20,000 words (40,000 characters, every 100th
changed), and two unrelated versions of 20,000 words (the diff gives up: the time it takes to say so). Each is
timed, round-robin in the same process, against the baseline: the old diff (difflib.SequenceMatcher over every word
and space of both versions, as before issue 15) on 1,000 words. R repeats each (10; --quick: 3) after a warm-up.
It prints the medians, the ratio to the baseline, the marks and the pairs of equal items the matcher looked at (its
budget, a count that does not depend on the machine). --old also times the old diff once at 4,000 and 5,000 words,
the sizes of the issue: minutes. No database, no absolute threshold; never run by the tests.
"""

import argparse
import difflib
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402  (after the path is set)

django.setup()  # consultations.demo_data checks the demo inputs against the models (no database is opened)

from consultations import demo_data, diff  # noqa: E402

INPUTS = demo_data.load().inputs

SEED = 20131
SIZES = (200, 1000, 4000, 5000, 20_000)


class Case(NamedTuple):
    label: str
    old: str
    new: str


class Timing(NamedTuple):
    label: str
    ms: float  # median
    ratio: float  # to the baseline's median
    marks: str  # changed parts shown, or "gave up"
    pairs: int  # pairs of equal items looked at (the budget spent)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 10")
    parser.add_argument("--old", action="store_true", help="also the old diff at 4,000 and 5,000 words (minutes)")
    args = parser.parse_args(argv)
    args.repeats = 3 if args.quick else 10
    return args


def old_word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The diff as it was before issue 15: one SequenceMatcher over every word and space of both versions."""
    before, after = diff.TOKEN.findall(old), diff.TOKEN.findall(new)
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(("removed", "".join(before[a1:a2])))
        if b2 > b1:
            parts.append(("added", "".join(after[b1:b2])))
    return parts


# Texts ---------------------------------------------------------------------------------------------------------


def answers(language):
    return " ".join(t for i in INPUTS if i["language"] == language for t in i["answers"].values())


def english(words, rng):
    """`words` words of the demo's English sentences, recombined (172 of them: each comes back about 15 times)."""
    pool, out = [s.strip() + "." for s in answers("en").split(".") if s.strip()], []
    while len(out) < words:
        out.extend(rng.choice(pool).split())
    return " ".join(out[:words])


def chinese(characters, rng):
    """`characters` characters of the demo's Chinese clauses, recombined into sentences of two to four. The demo
    has only 48 sentences: recombined whole, each would come back about 50 times, as no real answer does."""
    pool = [c for c in re.split(r"[，。；：！？]", answers("zh-hans").replace(" ", "")) if c]
    out = ""
    while len(out) < characters:
        out += "，".join(rng.choice(pool) for _ in range(rng.randint(2, 4))) + "。"
    return out[:characters]


def every_nth_changed(tokens, n, joiner, change):
    return joiner.join(change(t) if i % n == n // 2 else t for i, t in enumerate(tokens))


def cases():
    rng = random.Random(SEED)
    made = []
    for words in SIZES:
        text = english(words, rng)
        made.append(
            Case(f"{words:,} words, every 50th changed", text, every_nth_changed(text.split(" "), 50, " ", str.upper))
        )
    text = chinese(40_000, rng)
    made.append(
        Case("20,000 words of Chinese, every 100th character", text, every_nth_changed(text, 100, "", lambda c: "们"))
    )
    made.append(Case("20,000 words, unrelated versions", english(20_000, rng), english(20_000, rng)))
    return made


# Measuring -----------------------------------------------------------------------------------------------------


def spent(case):
    """The marks word_diff shows and the pairs of equal items it looked at (its private parts, read for the count)."""
    budget = diff._Budget(diff.BUDGET)
    try:
        parts = diff._compare(diff._segments(case.old), diff._segments(case.new), budget)
    except diff._OverBudget:
        return "gave up", diff.BUDGET
    check(case, parts)
    return str(sum(kind != "same" for kind, _text in parts)), diff.BUDGET - budget.left


def check(case, parts):
    """What the page shows must be both versions exactly."""
    if (
        "".join(t for k, t in parts if k != "added") != case.old
        or "".join(t for k, t in parts if k != "removed") != case.new
    ):
        raise SystemExit(f"{case.label}: the parts do not rebuild both versions")


def timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def measure(all_cases, repeats):
    baseline = Case(
        "old diff, 1,000 words (baseline)", *next((c.old, c.new) for c in all_cases if c.label.startswith("1,000"))
    )
    for case in all_cases:  # warm-up
        diff.word_diff(case.old, case.new)
    times = {case.label: [] for case in [baseline, *all_cases]}
    for _round in range(repeats):
        times[baseline.label].append(timed(old_word_diff, baseline.old, baseline.new))
        for case in all_cases:
            times[case.label].append(timed(diff.word_diff, case.old, case.new))
    base = statistics.median(times[baseline.label])
    rows = [
        Timing(
            baseline.label, base, 1.0, str(sum(k != "same" for k, _ in old_word_diff(baseline.old, baseline.new))), 0
        )
    ]
    for case in all_cases:
        ms = statistics.median(times[case.label])
        rows.append(Timing(case.label, ms, ms / base, *spent(case)))
    return rows


def print_table(rows, repeats):
    print(f"\nmedian of {repeats} repeats, ratio to the baseline's median; budget {diff.BUDGET:,} pairs\n")
    cells = [("case", "p50 ms", "x base", "marks", "pairs looked at")] + [
        (r.label, f"{r.ms:.1f}", f"{r.ratio:.3g}x", r.marks, f"{r.pairs:,}" if r.pairs else "-") for r in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(5)]
    for line in cells:
        print("  ".join([line[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True))]))


def old_at_scale(all_cases, base_ms):
    print("\nthe old diff at the issue's sizes, once each:")
    for words in (4000, 5000):
        case = next(c for c in all_cases if c.label.startswith(f"{words:,} "))
        ms = timed(old_word_diff, case.old, case.new)
        print(f"    {words:,} words: {ms / 1000:.1f} s = {ms / base_ms:.1f}x baseline")


def main(argv=None):
    args = parse_args(argv)
    started = time.perf_counter()
    all_cases = cases()
    rows = measure(all_cases, args.repeats)
    print_table(rows, args.repeats)
    small, large = rows[1], rows[len(SIZES)]
    print(
        f"\nword_diff at 20,000 words = {large.ratio:.2f}x the old diff at 1,000 words "
        f"({large.ms / small.ms:.0f}x its time at 200 words, for 100x the words), "
        f"{large.pairs:,} of {diff.BUDGET:,} pairs"
    )
    if args.old:
        old_at_scale(all_cases, rows[0].ms)
    print(f"({args.repeats} repeats each, {time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
