"""The public record at scale on PostgreSQL: each page timed as a ratio to a trivial view in the same process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_bench .venv/bin/python bench/public_inputs.py [--quick]
        [--inputs N]

It creates the database if missing, migrates it, loads N accepted inputs (default 20,000; --quick: 1,000) into
one open consultation (slug "bench") with bulk inserts, then requests the public list and the by-question page
through Django's test Client against the real URLconf. Each case runs R times (20; --quick: 5) after a warm-up,
round-robin with the baseline so that a noisy neighbour slows every case alike; it prints the median, the ratio
to the baseline's median, the SQL queries and the number of inputs the page reports, then EXPLAIN of the
free-text count. No absolute threshold: the machines are shared and noisy. Never run by the tests.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
import types
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAIN_DATABASE = "concord"  # the app's own database: never loaded into unless named *_bench
SLUG = "bench"
MARK = "Loaded by bench/public_inputs.py"  # Organisation.description of the rows a reload deletes
SEED = 67195
BATCH = 2000
COMMON_WORD = "internet"  # in most answers, in every alphabet-written language
RARE_WORD = "blockchain"  # in no input: the contrast that shows whether the GIN index can serve at all
SEARCH_INDEX = "consultations_submission_search"
LANGUAGE_WEIGHTS = {"en": 40, "fr": 15, "es": 15, "ar": 10, "ru": 10, "zh-hans": 10}
BASELINE = "baseline (trivial view)"
LIST, LIST_FILTERED, LIST_TEXT, LIST_DEEP = (
    "public list",
    "public list, category + group",
    f"public list, q={COMMON_WORD}",
    "public list, deep page",
)
QUESTION, QUESTION_DEEP = "by question", "by question, deep page"


class Row(NamedTuple):
    label: str
    url: str
    ms: float  # median
    ratio: float  # to the baseline's median
    queries: int
    inputs: int | None  # as the page reports them


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 inputs and 5 repeats: under a minute")
    parser.add_argument("--inputs", type=int, help="inputs to load (default 20,000; 1,000 with --quick)")
    args = parser.parse_args(argv)
    args.repeats = 5 if args.quick else 20
    args.inputs = args.inputs or (1000 if args.quick else 20000)
    if args.inputs < 100:
        parser.error("--inputs must be at least 100")
    return args


def fail(message):
    print(f"bench/public_inputs.py: {message}", file=sys.stderr)
    sys.exit(2)


def database_settings():
    """The PostgreSQL database DATABASE_URL names, refused if it could be the app's real one."""
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        fail("set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/concord_bench")
    database = dj_database_url.parse(url)
    if "postgresql" not in database["ENGINE"]:
        fail(f"DATABASE_URL must point to PostgreSQL, not {database['ENGINE']}")
    name = database["NAME"] or ""
    if MAIN_DATABASE in name and not name.endswith("_bench"):
        fail(f"refusing database {name!r}: it looks like the app's own; use a name ending in _bench")
    return database


def ensure_database(database):
    """Create the database from the server's `postgres` database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    params = {
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]).fetchone()
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"])))
            print(f"created database {database['NAME']}")


def setup_django():
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("DEBUG", "true")
    ensure_database(database_settings())
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


# Loading ------------------------------------------------------------------------------------------------------


def sentence_pool():
    """Sentences of the demo inputs' answers, by language, to recombine into varied text."""
    from consultations import demo_data

    pool = {}
    for demo in demo_data.load().inputs:
        for text in demo["answers"].values():
            sentences = [s.strip() for s in re.split(r"(?<=[.!?؟。！？])\s*", text) if s.strip()]
            pool.setdefault(demo["language"], []).extend(sentences)
    return pool


def bench_consultation():
    """The open consultation `bench`, with the demo questionnaire."""
    from django.utils import timezone

    from consultations import demo_data
    from consultations.models import Consultation

    now = timezone.now()
    consultation, created = Consultation.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Benchmark consultation",
            "reference": "BENCH",
            "summary": "Inputs loaded by bench/public_inputs.py.",
            "consent_clause": demo_data.load().consultation["consent_clause"],
            "opens_at": now - timedelta(days=60),
            "closes_at": now + timedelta(days=365),
            "status": Consultation.Status.OPEN,
        },
    )
    if created:
        add_questionnaire(consultation)
    return consultation


def add_questionnaire(consultation):
    """The demo themes and questions (consultations/data/demo/consultation.toml)."""
    from consultations import demo_data
    from consultations.models import Question, Theme

    demo = demo_data.load()
    themes = {t["number"]: Theme.objects.create(consultation=consultation, **t) for t in demo.themes}
    Question.objects.bulk_create(
        Question(consultation=consultation, theme=themes[q["theme"]], **{k: v for k, v in q.items() if k != "theme"})
        for q in demo.questions
    )


def clear_inputs(consultation):
    from accounts.models import Organisation
    from consultations.models import Submission, SubmissionVersion

    inputs = Submission.objects.filter(consultation=consultation)
    inputs.update(current_version=None)
    SubmissionVersion.objects.filter(submission__consultation=consultation).delete()
    inputs.delete()
    Organisation.objects.filter(description=MARK).delete()


def make_organisations(n, rng):
    """n verified organisations: categories at random, every country in turn."""
    from django.utils import timezone

    from accounts.models import CATEGORY_INTERGOVERNMENTAL, Country, Organisation, StakeholderCategory

    categories = list(StakeholderCategory.objects.all())
    countries = list(Country.objects.all())
    rng.shuffle(countries)
    organisations = []
    for i in range(n):
        category, country = rng.choice(categories), countries[i % len(countries)]
        organisations.append(
            Organisation(
                name=f"{category.name} respondent {i + 1:05d}, {country.name}",
                acronym=f"B{i + 1:05d}",
                category=category,
                country=country,
                is_international=category.slug == CATEGORY_INTERGOVERNMENTAL and rng.random() < 0.5,
                status=Organisation.Status.VERIFIED,
                verified_at=timezone.now(),
                description=MARK,
            )
        )
    return Organisation.objects.bulk_create(organisations, batch_size=BATCH)


def make_answers(rng, sentences, numbers):
    """Answers by question number: question 1 nine times in ten, each other one time in two."""
    chosen = [n for n in numbers if rng.random() < (0.9 if n == 1 else 0.5)] or [numbers[0]]
    return {n: " ".join(rng.sample(sentences, rng.randint(2, 4))) for n in chosen}


def consent_of(rng):
    from consultations.models import Consent

    roll = rng.random()
    return Consent.SECRETARIAT if roll < 0.05 else Consent.ANONYMOUS if roll < 0.15 else Consent.PUBLIC


def make_submissions(consultation, organisations, rng):
    """One accepted input per organisation, numbered in a shuffled order; returns [(input, answers)]."""
    from consultations.models import Submission

    pool, numbers = sentence_pool(), list(consultation.questions.values_list("number", flat=True))
    languages, weights = list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values())
    order = rng.sample(range(1, len(organisations) + 1), len(organisations))
    rows = []
    for organisation, number in zip(organisations, order, strict=True):
        language = rng.choices(languages, weights)[0]
        answers = make_answers(rng, pool[language], numbers)
        at = consultation.opens_at + timedelta(minutes=rng.randint(1, 60 * 24 * 50))
        submission = Submission(consultation=consultation, organisation=organisation, number=number, language=language)
        rows.append((accepted(submission, answers, consent_of(rng), at), answers))
    Submission.objects.bulk_create([s for s, _answers in rows], batch_size=BATCH)
    return rows


def accepted(submission, answers, consent, at):
    """The input as services leave it once sent and accepted: reference, digest, search text."""
    from consultations.models import SubmissionState
    from consultations.services import search_text
    from consultations.text import digest

    submission.state, submission.consent = SubmissionState.ACCEPTED, consent
    submission.consent_clause = submission.consultation.consent_clause
    submission.reference = f"{submission.consultation.reference}-{submission.number:04d}"
    submission.digest = digest(answers, [])
    submission.submitted_at = submission.first_submitted_at = at
    submission.search_text = search_text(submission, answers)
    return submission


def make_versions(consultation, rows):
    """Version 1 of every input with its answers, then each input pointed at it."""
    from consultations.models import Submission, SubmissionVersion, VersionAnswer

    question_ids = dict(consultation.questions.values_list("number", "pk"))
    versions = SubmissionVersion.objects.bulk_create(
        (
            SubmissionVersion(
                submission=submission,
                number=1,
                submitted_at=submission.submitted_at,
                digest=submission.digest,
                language=submission.language,
                consent=submission.consent,
                attachments=[],
            )
            for submission, answers in rows
        ),
        batch_size=BATCH,
    )
    VersionAnswer.objects.bulk_create(
        (
            VersionAnswer(version=version, question_id=question_ids[n], text=text)
            for version, (_submission, answers) in zip(versions, rows, strict=True)
            for n, text in answers.items()
            if text
        ),
        batch_size=BATCH,
    )
    submissions = [submission for submission, _answers in rows]
    for submission, version in zip(submissions, versions, strict=True):
        submission.current_version = version
    Submission.objects.bulk_update(submissions, ["current_version"], batch_size=BATCH)


def load(consultation, n):
    """(Re)load n inputs unless exactly n are there already, then VACUUM ANALYZE as autovacuum would."""
    from django.db import connection, transaction

    from consultations.models import Submission

    existing = Submission.objects.filter(consultation=consultation).count()
    if existing == n:
        print(f"{n:,} inputs already loaded")
        return
    started = time.perf_counter()
    rng = random.Random(SEED)
    with transaction.atomic():
        clear_inputs(consultation)
        make_versions(consultation, make_submissions(consultation, make_organisations(n, rng), rng))
    with connection.cursor() as cursor:
        # As autovacuum would after a bulk load: fresh statistics for the planner. (The search index is built
        # with fastupdate off, so no GIN pending list is left for VACUUM to merge.)
        cursor.execute(
            "VACUUM ANALYZE accounts_organisation, consultations_submission, consultations_submissionversion, "
            "consultations_versionanswer"
        )
    print(f"loaded {n:,} inputs in {time.perf_counter() - started:.1f} s (had {existing:,})")


# Measuring ----------------------------------------------------------------------------------------------------


def baseline_urlconf():
    """A URLconf module, built in memory: a trivial view beside the real URLconf."""
    from django.http import HttpResponse
    from django.urls import include, path

    module = types.ModuleType("bench_public_inputs_urls")
    module.urlpatterns = [
        path("healthz-baseline/", lambda request: HttpResponse("ok")),
        path("", include("config.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def cases(consultation):
    """(label, url) of every page measured, the baseline first."""
    from consultations import queries
    from consultations.views import PAGE_SIZE

    listed = queries.public_inputs(consultation).count()
    question = consultation.questions.get(number=1)
    answered = queries.public_answers_to(consultation, question).count()
    inputs, by_question = f"/consultations/{SLUG}/inputs/", f"/consultations/{SLUG}/questions/1/"
    return [
        (BASELINE, "/healthz-baseline/"),
        (LIST, inputs),
        (LIST_FILTERED, f"{inputs}?category=civil-society&regional_group=african"),
        (LIST_TEXT, f"{inputs}?q={COMMON_WORD}"),
        (LIST_DEEP, f"{inputs}?page={max(1, -(-listed // PAGE_SIZE) - 1)}"),
        (QUESTION, by_question),
        (QUESTION_DEEP, f"{by_question}?page={max(1, -(-answered // (PAGE_SIZE * 2)) - 1)}"),
    ]


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return response


def inspect(client, url):
    """One request with queries captured and templates instrumented: (queries, inputs the page reports)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

    setup_test_environment()
    try:
        with CaptureQueriesContext(connection) as captured:
            response = get(client, url)
    finally:
        teardown_test_environment()
    page = response.context["page"] if response.context and "page" in response.context else None
    return captured.captured_queries, page.paginator.count if page else None


def timings(client, urls, repeats):
    """Milliseconds per url, the urls taken round-robin after one warm-up each."""
    for url in urls:
        get(client, url)
    times = {url: [] for url in urls}
    for _round in range(repeats):
        for url in urls:
            started = time.perf_counter()
            get(client, url)
            times[url].append((time.perf_counter() - started) * 1000)
    return times


def measure(consultation, repeats):
    """A Row per case, and the queries of each url."""
    from django.test import Client
    from django.test.utils import override_settings

    client, labelled = Client(), cases(consultation)
    urls = [url for _label, url in labelled]
    overrides = {"ROOT_URLCONF": baseline_urlconf(), "ALLOWED_HOSTS": ["testserver"], "SECURE_SSL_REDIRECT": False}
    with override_settings(**overrides):
        inspected = {url: inspect(client, url) for url in urls}
        times = timings(client, urls, repeats)
    base = statistics.median(times[urls[0]])
    rows = []
    for label, url in labelled:
        median = statistics.median(times[url])
        queries, count = inspected[url]
        rows.append(Row(label, url, median, median / base, len(queries), count))
    return rows, {url: queries for url, (queries, _count) in inspected.items()}


# Reporting ----------------------------------------------------------------------------------------------------


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return [line for (line,) in cursor.fetchall()]


def explain_search(queries):
    """EXPLAIN the free-text count, and the same count for a word no input holds, to tell why the index is
    or is not used: a rare word that uses it shows that the index serves the condition and the choice is the
    planner's."""
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "search_vector @@" in q["sql"]]
    if not counts:
        print(f"\nno full-text count among the queries of q={COMMON_WORD}: the filter did not use PostgreSQL search")
        return
    plan = explain(counts[0])
    rare = explain(counts[0].replace(f"'{COMMON_WORD}'", f"'{RARE_WORD}'"))
    print(f"\nEXPLAIN (ANALYZE, BUFFERS) of the paginator's count for q={COMMON_WORD}:")
    print("\n".join(f"    {line}" for line in plan))
    print(f"GIN index {SEARCH_INDEX}: {'used' if uses_index(plan) else 'NOT used'} for q={COMMON_WORD}; ", end="")
    print(f"{'used' if uses_index(rare) else 'NOT used'} for q={RARE_WORD} (no match):")
    print("\n".join(f"    {line}" for line in rare if "Scan" in line or "Execution" in line))


def uses_index(plan):
    return any(SEARCH_INDEX in line for line in plan)


def print_table(rows, n):
    print(f"\nN = {n:,} inputs loaded; median of the repeats, ratio to the baseline's median\n")
    header = ("case", "p50 ms", "x base", "queries", "inputs")
    cells = [header] + [
        (row.label, f"{row.ms:.1f}", f"{row.ratio:.1f}x", str(row.queries), f"{row.inputs:,}" if row.inputs else "-")
        for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    for line in cells:
        numbers = (cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True))
        print("  ".join([line[0].ljust(widths[0]), *numbers]))


def query_counts(rows):
    """ "7-8/5, deep pages as first pages": queries of the public list (any filter) and of the by-question page."""
    views = [[row.queries for row in rows if row.label.startswith(view)] for view in (LIST, QUESTION)]
    counts = "/".join(str(v[0]) if min(v) == max(v) else f"{min(v)}-{max(v)}" for v in views)
    queries = {row.label: row.queries for row in rows}
    same = queries[LIST_DEEP] == queries[LIST] and queries[QUESTION_DEEP] == queries[QUESTION]
    return f"{counts}, deep pages {'as first pages' if same else 'NOT as first pages'}"


def summary(rows, n):
    """One line: the first pages as ratios, the costly variants beside them, the query counts."""
    ratio = {row.label: f"{row.ratio:.1f}x" for row in rows}
    return (
        f"public list p50 = {ratio[LIST]} baseline (q= {ratio[LIST_TEXT]}, "
        f"deep page {ratio[LIST_DEEP]}), by-question p50 = {ratio[QUESTION]} (deep page {ratio[QUESTION_DEEP]}), "
        f"queries {query_counts(rows)} at N={n:,}"
    )


def main(argv=None):
    args = parse_args(argv)
    started = time.perf_counter()
    # What the record costs to render: the page cache (bench/load.py measures it) would answer every repeat.
    os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")
    setup_django()
    consultation = bench_consultation()
    load(consultation, args.inputs)
    rows, queries = measure(consultation, args.repeats)
    print_table(rows, args.inputs)
    explain_search(queries[next(row.url for row in rows if row.label == LIST_TEXT)])
    print(f"\n{summary(rows, args.inputs)}")
    print(f"({args.repeats} repeats each, {time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
