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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAIN_DATABASE = "concord"  # the app's own database: never loaded into unless named *_bench
SLUG = "bench"
MARK = "Loaded by bench/public_inputs.py"  # Organisation.description of the rows a reload deletes
SEED = 67195
BATCH = 2000
COMMON_WORD = "internet"  # in most answers, in every alphabet-written language
RARE_WORD = "mongolia"  # in no answer: the contrast that shows whether the GIN index can serve at all
SEARCH_INDEX = "consultations_submission_search"
LANGUAGE_WEIGHTS = {"en": 40, "fr": 15, "es": 15, "ar": 10, "ru": 10, "zh-hans": 10}


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
    from consultations.demo_content import INPUTS

    pool = {}
    for demo in INPUTS:
        for text in demo["answers"].values():
            sentences = [s.strip() for s in re.split(r"(?<=[.!?؟。！？])\s*", text) if s.strip()]
            pool.setdefault(demo["language"], []).extend(sentences)
    return pool


def bench_consultation():
    """The open consultation `bench`, with the demo questionnaire."""
    from django.utils import timezone

    from consultations import demo_content
    from consultations.models import Consultation, Question, Theme

    now = timezone.now()
    consultation, created = Consultation.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Benchmark consultation",
            "reference": "BENCH",
            "summary": "Inputs loaded by bench/public_inputs.py.",
            "consent_clause": demo_content.CONSULTATION["consent_clause"],
            "opens_at": now - timedelta(days=60),
            "closes_at": now + timedelta(days=365),
            "status": Consultation.Status.OPEN,
        },
    )
    if created:
        themes = {t["number"]: Theme.objects.create(consultation=consultation, **t) for t in demo_content.THEMES}
        Question.objects.bulk_create(
            Question(consultation=consultation, theme=themes[q["theme"]], **{k: v for k, v in q.items() if k != "theme"})
            for q in demo_content.QUESTIONS
        )
    return consultation


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
    from consultations.models import Submission, SubmissionState
    from consultations.services import search_text
    from consultations.text import digest

    pool, numbers = sentence_pool(), list(consultation.questions.values_list("number", flat=True))
    languages, weights = list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values())
    order = rng.sample(range(1, len(organisations) + 1), len(organisations))
    rows = []
    for organisation, number in zip(organisations, order, strict=True):
        language = rng.choices(languages, weights)[0]
        answers = make_answers(rng, pool[language], numbers)
        at = consultation.opens_at + timedelta(minutes=rng.randint(1, 60 * 24 * 50))
        submission = Submission(
            consultation=consultation,
            organisation=organisation,
            state=SubmissionState.ACCEPTED,
            language=language,
            consent=consent_of(rng),
            consent_clause=consultation.consent_clause,
            number=number,
            reference=f"{consultation.reference}-{number:04d}",
            digest=digest(answers, []),
            submitted_at=at,
            first_submitted_at=at,
        )
        submission.search_text = search_text(submission, answers)
        rows.append((submission, answers))
    Submission.objects.bulk_create([s for s, _answers in rows], batch_size=BATCH)
    return rows


def make_versions(rows):
    """Version 1 of every input, then each input pointed at it."""
    from consultations.models import Submission, SubmissionVersion

    versions = SubmissionVersion.objects.bulk_create(
        (
            SubmissionVersion(
                submission=submission,
                number=1,
                submitted_at=submission.submitted_at,
                digest=submission.digest,
                language=submission.language,
                consent=submission.consent,
                content={"answers": {f"q{n}": t for n, t in sorted(answers.items())}, "attachments": []},
            )
            for submission, answers in rows
        ),
        batch_size=BATCH,
    )
    submissions = [submission for submission, _answers in rows]
    for submission, version in zip(submissions, versions, strict=True):
        submission.current_version = version
    Submission.objects.bulk_update(submissions, ["current_version"], batch_size=BATCH)


def load(consultation, n):
    """(Re)load n inputs unless exactly n are there already; ANALYZE so the planner knows the new sizes."""
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
        make_versions(make_submissions(consultation, make_organisations(n, rng), rng))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_organisation, consultations_submission, consultations_submissionversion")
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
        ("baseline (trivial view)", "/healthz-baseline/"),
        ("public list", inputs),
        ("public list, category + group", f"{inputs}?category=civil-society&regional_group=african"),
        (f"public list, q={COMMON_WORD}", f"{inputs}?q={COMMON_WORD}"),
        ("public list, deep page", f"{inputs}?page={max(1, -(-listed // PAGE_SIZE) - 1)}"),
        ("by question", by_question),
        ("by question, deep page", f"{by_question}?page={max(1, -(-answered // (PAGE_SIZE * 2)) - 1)}"),
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
    """[(label, url, median ms, ratio to the baseline, queries, inputs)], and the queries of each url."""
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
        rows.append((label, url, median, median / base, len(queries), count))
    return rows, {url: queries for url, (queries, _count) in inspected.items()}
