"""The balance check at scale on PostgreSQL: `population_report` timed as a ratio to a plain count of the same inputs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_bench .venv/bin/python bench/balance.py [--quick]
        [--inputs N] [--explain]

It creates the database if missing, migrates it, loads N accepted inputs of verified organisations (default 100,000;
--quick: 5,000) into the consultation "balance-bench" with bulk inserts, then times, round-robin in the same process,
`SELECT COUNT(*)` over the counted inputs (the baseline) and `reports.balance.population_report` over the same
inputs: R repeats each (20; --quick: 10) after a warm-up. It prints the medians, the ratio, the SQL queries of one
report and the size of the cross-table. No absolute threshold: the machines are shared and noisy. Never run by the
tests.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import public_inputs  # noqa: E402  (after the path is set)

SLUG = "balance-bench"
MARK = "Loaded by bench/balance.py"  # Organisation.description of the rows a reload deletes
SEED = 20131
BATCH = public_inputs.BATCH
MAX_INPUTS = 100_000


class Timing(NamedTuple):
    label: str
    ms: float  # median
    ratio: float  # to the baseline's median
    queries: int


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 inputs and 10 repeats: under a minute")
    parser.add_argument("--inputs", type=int, help=f"inputs to load (default {MAX_INPUTS:,}; 5,000 with --quick)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN (ANALYZE, BUFFERS) of the grouped count")
    args = parser.parse_args(argv)
    args.repeats = 10 if args.quick else 20
    args.inputs = args.inputs or (5000 if args.quick else MAX_INPUTS)
    if not 100 <= args.inputs <= MAX_INPUTS:
        parser.error(f"--inputs must be between 100 and {MAX_INPUTS:,}")
    return args


def fail(message):
    print(f"bench/balance.py: {message}", file=sys.stderr)
    sys.exit(2)


def setup_django():
    """Django on the PostgreSQL database DATABASE_URL names, which must end in _bench; migrated."""
    import os

    import dj_database_url

    database = dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite://")
    if "postgresql" not in database["ENGINE"]:
        fail("set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/concord_bench")
    if not (database["NAME"] or "").endswith("_bench"):
        fail(f"refusing database {database['NAME']!r}: use one whose name ends in _bench")
    public_inputs.setup_django()


# Loading ------------------------------------------------------------------------------------------------------


def bench_consultation():
    """The closed consultation `balance-bench` (its inputs are only counted, never shown)."""
    from django.utils import timezone

    from consultations.models import Consultation

    now = timezone.now()
    consultation, _created = Consultation.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Balance benchmark consultation",
            "reference": "BALANCE-BENCH",
            "summary": "Inputs loaded by bench/balance.py.",
            "consent_clause": "Loaded for a benchmark.",
            "opens_at": now - timedelta(days=60),
            "closes_at": now - timedelta(days=1),
            "status": Consultation.Status.CLOSED,
        },
    )
    return consultation


def clear_inputs(consultation):
    """This consultation's inputs and the organisations this script made (they have no versions or decisions)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM consultations_submission WHERE consultation_id = %s", [consultation.pk])
        cursor.execute(
            "DELETE FROM reports_nomination WHERE organisation_id IN "
            "(SELECT id FROM accounts_organisation WHERE description = %s)",
            [MARK],
        )
        cursor.execute("DELETE FROM accounts_organisation WHERE description = %s", [MARK])


def make_organisations(n, rng):
    """n verified organisations: categories at random, every country in turn, half the IGOs international."""
    from accounts.models import CATEGORY_INTERGOVERNMENTAL, Country, Organisation, StakeholderCategory

    categories, countries = list(StakeholderCategory.objects.all()), list(Country.objects.all())
    rng.shuffle(countries)
    organisations = []
    for i in range(n):
        category, country = rng.choice(categories), countries[i % len(countries)]
        international = category.slug == CATEGORY_INTERGOVERNMENTAL and rng.random() < 0.5
        organisations.append(
            Organisation(
                name=f"Balance respondent {i + 1:06d}",
                category=category,
                country=country,
                is_international=international,
                status=Organisation.Status.VERIFIED,
                description=MARK,
            )
        )
    return Organisation.objects.bulk_create(organisations, batch_size=BATCH)


def make_inputs(consultation, organisations):
    """One accepted input per organisation: only what a balance check reads (no versions or answers)."""
    from consultations.models import Submission, SubmissionState

    at = consultation.opens_at + timedelta(days=1)
    Submission.objects.bulk_create(
        (
            Submission(
                consultation=consultation,
                organisation=organisation,
                state=SubmissionState.ACCEPTED,
                number=i,
                reference=f"{consultation.reference}-{i:06d}",
                submitted_at=at,
                first_submitted_at=at,
            )
            for i, organisation in enumerate(organisations, 1)
        ),
        batch_size=BATCH,
    )


def load(consultation, n):
    """(Re)load n inputs unless exactly n are there already, then VACUUM ANALYZE as autovacuum would."""
    from django.db import connection, transaction

    from consultations.models import Submission

    existing = Submission.objects.filter(consultation=consultation).count()
    if existing == n:
        print(f"{n:,} inputs already loaded in {SLUG}")
        return
    started = time.perf_counter()
    with transaction.atomic():
        clear_inputs(consultation)
        make_inputs(consultation, make_organisations(n, random.Random(SEED)))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE accounts_organisation, consultations_submission")
    print(f"loaded {n:,} inputs into {SLUG} in {time.perf_counter() - started:.1f} s (had {existing:,})")


# Measuring ----------------------------------------------------------------------------------------------------


def baseline(consultation):
    """SELECT COUNT(*) over the counted inputs: what any balance check must at least read."""
    from consultations.models import Submission

    return Submission.objects.counted().filter(consultation=consultation).count()


def balance_report(consultation):
    from reports.balance import population_report

    return population_report(consultation=consultation)


def queries_of(function, consultation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = function(consultation)
    return result, captured.captured_queries


def timings(consultation, functions, repeats):
    """Milliseconds per function, taken round-robin after one warm-up each."""
    for function in functions:
        function(consultation)
    times = {function: [] for function in functions}
    for _round in range(repeats):
        for function in functions:
            started = time.perf_counter()
            function(consultation)
            times[function].append((time.perf_counter() - started) * 1000)
    return times


def measure(consultation, repeats):
    """A Timing for the baseline and for the report, the report itself and its queries."""
    count, count_queries = queries_of(baseline, consultation)
    document, report_queries = queries_of(balance_report, consultation)
    if document["total"] != count:
        raise SystemExit(f"the report counts {document['total']:,} inputs, the baseline {count:,}")
    times = timings(consultation, [baseline, balance_report], repeats)
    base = statistics.median(times[baseline])
    rows = [
        Timing("SELECT COUNT(*) (baseline)", base, 1.0, len(count_queries)),
        Timing("population_report", statistics.median(times[balance_report]), 0, len(report_queries)),
    ]
    rows[1] = rows[1]._replace(ratio=rows[1].ms / base)
    return rows, document, report_queries


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return [line for (line,) in cursor.fetchall()]


def print_table(rows, n, repeats):
    print(f"\nN = {n:,} counted inputs; median of {repeats} repeats, ratio to the baseline's median\n")
    cells = [("case", "p50 ms", "x base", "queries")] + [
        (row.label, f"{row.ms:.1f}", f"{row.ratio:.1f}x", str(row.queries)) for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(4)]
    for line in cells:
        print("  ".join([line[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True))]))


def slate_group(n):
    """A working group with the 2013 policy and n nominations from this script's organisations (rebuilt each run)."""
    import random as _random

    from accounts.models import Organisation
    from reports import policy as policies
    from reports.models import Gender, Nomination, RepresentationPolicy, WorkingGroup

    policy, _created = RepresentationPolicy.objects.get_or_create(
        name="bench 2013", defaults={"document": policies.wgec_2013()}
    )
    group, _created = WorkingGroup.objects.get_or_create(
        slug="slate-bench", defaults={"name": "Slate bench", "policy": policy}
    )
    group.nominations.all().delete()
    rng = _random.Random(SEED)
    organisations = list(Organisation.objects.filter(description=MARK).select_related("category", "country")[: n * 4])
    rng.shuffle(organisations)
    # The ex officio hosts must be among the nominations, or no slate can exist.
    from accounts.models import Country, StakeholderCategory

    government = StakeholderCategory.objects.get(slug="government")
    hosts = [
        Organisation.objects.get_or_create(
            name=f"Bench Government of {iso3}",
            defaults={
                "category": government,
                "country": Country.objects.get(iso3=iso3),
                "status": "verified",
                "description": MARK,
            },
        )[0]
        for iso3 in ("CHE", "TUN")
    ]
    organisations = hosts + organisations
    genders = [Gender.FEMALE, Gender.MALE, Gender.OTHER, ""]
    Nomination.objects.bulk_create(
        Nomination(
            working_group=group,
            name=f"Nominee {i:05d}",
            organisation=o,
            gender=rng.choice(genders),
            rank=rng.randint(1, n),
        )
        for i, o in enumerate(organisations[:n])
    )
    return group


def slate(args):
    """The slate proposer over N nominations (2,000; quick 300): median seconds, queries, and whether it is feasible."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.slate import propose

    n = 300 if args.quick else 2000
    group = slate_group(n)
    with CaptureQueriesContext(connection) as captured:
        proposal = propose(group)
    times = []
    for _round in range(3):
        started = time.perf_counter()
        propose(group)
        times.append(time.perf_counter() - started)
    print(
        f"\nslate over {n:,} nominations: p50 {statistics.median(times):.2f} s, {len(captured)} queries, "
        f"feasible: {proposal.feasible}, {len(proposal.members)} members"
        + ("" if proposal.feasible else f"; unmet: {'; '.join(proposal.unmet)}")
    )


def main(argv=None):
    args = parse_args(argv)
    started = time.perf_counter()
    setup_django()
    consultation = bench_consultation()
    load(consultation, args.inputs)
    rows, document, queries = measure(consultation, args.repeats)
    print_table(rows, args.inputs, args.repeats)
    grouped = next(q["sql"] for q in queries if "GROUP BY" in q["sql"])
    print(f"\ncross-table: {len(document['cells'])} rows; rules: {len(document['rules'])}")
    if args.explain:
        print("\nEXPLAIN (ANALYZE, BUFFERS) of the grouped count:")
        print("\n".join(f"    {line}" for line in explain(grouped)))
    report = rows[1]
    print(
        f"\npopulation_report p50 = {report.ratio:.1f}x SELECT COUNT(*) ({report.ms:.1f} ms vs {rows[0].ms:.1f} ms), "
        f"{report.queries} queries at N={args.inputs:,}"
    )
    slate(args)
    print(f"({args.repeats} repeats each, {time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
