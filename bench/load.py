"""Concord under load: gunicorn on PostgreSQL, driven by locust headless, each figure against a trivial view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_bench .venv/bin/python bench/load.py [--quick]

It serves Concord with gunicorn (deploy/gunicorn.conf.py, DEBUG off, the Redis cache, behind a "TLS proxy" on
loopback as nginx would be) plus one view answering "ok" as the baseline, and a Celery worker as deploy/systemd
runs it; then it runs locust (bench/locustfile.py) in four phases:

    capacity   the same number of users on every public page and on the baseline, no pause between requests
    users      --users people (50) pausing 0.5-1.5 s between pages (and before the first): reading, saving
               drafts, sending inputs
    submit     people sending inputs one after another, no pause
    browse     reading the record, no pause: idle, then while a compilation of about 5,000 pages runs

It prints requests per second, p50/p95/p99 and errors of each kind of request, with the ratios to the baseline;
then the inputs in the database against the inputs locust saw acknowledged (they must be equal); then browsing
throughput during the compilation over the idle one. Each phase lasts --seconds (30; --quick: 5, about 20 s of
load in all). No absolute threshold: the machines are shared and noisy. Never run by the tests.
"""

import argparse
import csv
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import compile as compile_bench  # noqa: E402  (bench/compile.py)
import public_inputs  # noqa: E402

SLUG = "load-bench"
MARK = "Loaded by bench/load.py"  # Organisation.description of the organisations a run adds
EMAIL_DOMAIN = "load.bench.invalid"
CACHE_URL = "redis://127.0.0.1:6379/3"  # the bench's own Redis database: flushed at the start of each run
BASELINE = "baseline (trivial view)"
SENT = "input sent"
BROWSING = ("public list", "public list, filtered or searched", "one input", "answers to one question")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 s phases, a small record and compilation")
    parser.add_argument("--seconds", type=int, help="length of each phase (default 30; 5 with --quick)")
    parser.add_argument("--users", type=int, default=50, help="people in the users phase (default 50)")
    parser.add_argument("--logs", type=Path, help="keep gunicorn's, the worker's and locust's logs in this folder")
    parser.add_argument("--pages", type=int, help="pages of the compilation (default 5,000; 500 with --quick)")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (3 if args.quick else 30)
    args.record = 1000 if args.quick else 20000  # as bench/public_inputs.py, so that each reuses the other's
    args.pages = args.pages or (500 if args.quick else 5000)
    if args.seconds < 2 or args.users < 1 or args.pages < 10:
        parser.error("--seconds must be at least 2, --users at least 1 and --pages at least 10")
    return args


def fail(message):
    print(f"bench/load.py: {message}", file=sys.stderr)
    sys.exit(2)


# The people and the record ------------------------------------------------------------------------------------


def load_consultation():
    """A new open consultation for this run's inputs (decisions are kept for good, so inputs cannot be deleted)."""
    from django.utils import timezone

    from consultations.models import Consultation

    now = timezone.now()
    stamp = f"{now:%Y%m%d%H%M%S}"
    consultation = Consultation.objects.create(
        slug=f"{SLUG}-{stamp}",
        title=f"Load benchmark consultation {stamp}",
        reference=f"LOAD-{stamp}",
        summary="Inputs sent by bench/load.py.",
        consent_clause="Inputs may be published.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=365),
        status=Consultation.Status.OPEN,
    )
    public_inputs.add_questionnaire(consultation)
    return consultation


def make_people(n, stamp):
    """n verified organisations, each with a focal point already signed in: [{organisation, session}]."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Country, Membership, Organisation, StakeholderCategory, User

    rng = random.Random(2013)
    categories, countries = list(StakeholderCategory.objects.all()), list(Country.objects.all())
    unusable = make_password(None)
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Load respondent {i + 1:05d} ({stamp})",
                acronym=f"L{i + 1:05d}",
                category=rng.choice(categories),
                country=rng.choice(countries),
                status=Organisation.Status.VERIFIED,
                verified_at=timezone.now(),
                description=MARK,
            )
            for i in range(n)
        )
        users = User.objects.bulk_create(
            User(email=f"focal{i + 1:05d}.{stamp}@{EMAIL_DOMAIN}", full_name=f"Focal point {i + 1}", password=unusable)
            for i in range(n)
        )
        Membership.objects.bulk_create(
            Membership(user=u, organisation=o, role=Membership.Role.FOCAL_POINT, status=Membership.Status.ACTIVE)
            for u, o in zip(users, organisations, strict=True)
        )
        store, expires = SessionStore(), timezone.now() + timedelta(days=1)
        sessions = [
            Session(
                session_key=secrets.token_hex(16),
                expire_date=expires,
                session_data=store.encode(
                    {
                        SESSION_KEY: str(u.pk),
                        BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                        HASH_SESSION_KEY: u.get_session_auth_hash(),
                    }
                ),
            )
            for u in users
        ]
        Session.objects.bulk_create(sessions)
    return [{"organisation": o.pk, "session": s.session_key} for o, s in zip(organisations, sessions, strict=True)]


def plan(record, consultation, people, host):
    """What the locust users request: a finite set of public addresses (as real readers come back to), the
    questionnaire's answers, and the signed-in people."""
    from django.urls import reverse

    from accounts.models import RegionalGroup, StakeholderCategory
    from consultations.models import Submission

    rng = random.Random(67195)
    listing = reverse("consultations:public_inputs", args=[record.slug])
    categories = list(StakeholderCategory.objects.values_list("slug", flat=True))
    groups = [value for value, _label in RegionalGroup.choices]
    filtered = [f"{listing}?category={c}" for c in categories] + [f"{listing}?regional_group={g}" for g in groups]
    filtered += [f"{listing}?category={c}&regional_group={g}" for c in categories for g in groups]
    filtered += [f"{listing}?q={word}" for word in ("internet", "cooperation", "governance", "development")]
    references = list(Submission.objects.public().filter(consultation=record).values_list("reference", flat=True))
    numbers = list(record.questions.values_list("number", flat=True))
    return {
        "host": host,
        "list_urls": [listing] + [f"{listing}?page={p}" for p in range(2, 11)],
        "filtered_urls": filtered,
        "input_urls": [
            reverse("consultations:public_input", args=[record.slug, r]) for r in rng.sample(references, 500)
        ],
        "question_urls": [
            reverse("consultations:question_answers", args=[record.slug, n]) + f"?page={p}"
            for n in numbers
            for p in (1, 2)
        ],
        "form_url": reverse("consultations:submission_edit", args=[consultation.slug, 0]).replace(
            "/0/", "/{organisation}/"
        ),
        "questions": list(consultation.questions.values_list("pk", flat=True)),
        "sentences": public_inputs.sentence_pool()["en"],  # each answer a new mix of them, as inputs differ
        "accounts": people,  # {phase: [{organisation, session}]}
    }


# The site ----------------------------------------------------------------------------------------------------


def site_environment(tmp, queue):
    """Production settings (DEBUG off, behind a TLS proxy on loopback), on the bench's database, cache and queue."""
    environment = dict(os.environ)
    environment.update(
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        BEHIND_TLS_PROXY="true",
        TRUSTED_PROXIES="127.0.0.1",
        CACHE_URL=CACHE_URL,
        DATABASE_CONN_MAX_AGE="60",  # as deploy/env.example
        CELERY_TASK_DEFAULT_QUEUE=queue,
        STATIC_ROOT=str(Path(tmp) / "static"),
        EMAIL_URL=f"file://{Path(tmp) / 'mail'}",
        DJANGO_SETTINGS_MODULE="load_settings",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "bench")]),
    )
    return environment


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(environment, tmp):
    """deploy/gunicorn.conf.py serving the load site; yields its address once the baseline answers."""
    port = free_port()
    environment = environment | {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(Path(tmp) / "access.log"),
    }
    subprocess.run(  # noqa: S603 (a fixed command)
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=environment, check=True
    )
    log_path = Path(tmp) / "gunicorn.log"
    with open(log_path, "ab") as log:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi:application"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_serving(process, f"127.0.0.1:{port}", log_path)
        yield f"127.0.0.1:{port}"
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def wait_serving(process, host, log_path, timeout=60):
    request = urllib.request.Request(  # noqa: S310 (a fixed loopback address)
        f"http://{host}/bench/baseline/", headers={"X-Forwarded-Proto": "https"}
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with suppress(OSError), urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
            if response.status == 200:
                return
        time.sleep(0.3)
    fail(f"gunicorn did not serve the baseline; its log:\n{Path(log_path).read_text()[-3000:]}")


# Load --------------------------------------------------------------------------------------------------------


def locust(phase, users, seconds, host, tmp, plan_path, acknowledged):
    """One headless locust run; returns {request name: figures} from its CSV statistics."""
    prefix = Path(tmp) / phase.replace(":", "-")
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
    command += ["-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", f"http://{host}"]
    command += ["--csv", str(prefix), "--only-summary", "--stop-timeout", "10", "--loglevel", "ERROR"]
    environment = os.environ | {
        "LOAD_PLAN": str(plan_path),
        "LOAD_PHASE": phase,
        "LOAD_ACKNOWLEDGED": str(acknowledged),
    }
    with open(f"{prefix}.log", "wb") as log:
        subprocess.run(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    stats_path = Path(f"{prefix}_stats.csv")
    if not stats_path.exists():
        fail(f"locust wrote no statistics for {phase}; its log:\n{Path(f'{prefix}.log').read_text()[-3000:]}")
    with open(stats_path, newline="") as stats:
        return {
            row["Name"]: {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
            }
            for row in csv.DictReader(stats)
        }


EMPTY = {"requests": 0, "errors": 0, "rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0}


def failures(path):
    with open(path, newline="") as rows:
        return [f"{row['Occurrences']} × {row['Name']}: {row['Error'][:160]}" for row in csv.DictReader(rows)]


def print_phase(title, figures, *, baseline=BASELINE):
    base = figures.get(baseline)
    print(f"\n{title}")
    columns = ("count", 7), ("errors", 6), ("req/s", 8), ("p50 ms", 7), ("p95 ms", 7), ("p99 ms", 7)
    print(f"  {'requests':36} " + " ".join(f"{name:>{width}}" for name, width in columns) + "  vs baseline")
    for name, row in figures.items():
        ratio = ""
        if base and name not in (baseline, "Aggregated") and row["rps"]:
            ratio = f"{row['rps'] / base['rps']:.0%} of its req/s, p50 {row['p50'] / max(base['p50'], 1):.1f}x"
        print(
            f"  {name:36} {row['requests']:>7,} {row['errors']:>6,} {row['rps']:>8.1f} {row['p50']:>7.0f} "
            f"{row['p95']:>7.0f} {row['p99']:>7.0f}  {ratio}"
        )


def count_check(consultation, acknowledged_path):
    """The inputs in the database against those locust saw acknowledged (a redirect to the receipt)."""
    from consultations.models import Submission, SubmissionVersion

    acknowledged = [int(line) for line in Path(acknowledged_path).read_text().split()]
    stored = set(
        Submission.objects.filter(consultation=consultation, current_version__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    return {
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "lost": len(set(acknowledged) - stored),  # acknowledged, not in the database: must be 0
        "twice": len(acknowledged) - len(set(acknowledged)),  # one organisation acknowledged twice: must be 0
        "versions": SubmissionVersion.objects.filter(submission__consultation=consultation).count(),
        "unacknowledged": len(stored - set(acknowledged)),  # stored, but locust stopped before the answer came
    }


# The compilation ---------------------------------------------------------------------------------------------


def compiled_consultation(pages):
    """bench/compile.py's consultation of the size whose compilation has about `pages` pages (2.65 an input)."""
    n = max(10, round(pages / 2.65 / 100) * 100 if pages >= 265 else round(pages / 2.65))
    consultation = compile_bench.bench_consultation(n)
    compile_bench.load(consultation, n)
    return consultation


def start_compilation(consultation, timeout=120):
    """Ask for the complete edition and wait until its parts are being rendered; returns its id."""
    from reports.compilation.jobs import compilation_request
    from reports.models import Compilation

    compilation = compilation_request(
        user=compile_bench.bench_user(),
        consultation=consultation,
        arrangement=Compilation.Arrangement.BY_RESPONDENT,
        edition=Compilation.Edition.COMPLETE,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = Compilation.objects.values("status", "parts_total").get(pk=compilation.pk)
        if row["status"] == Compilation.Status.RUNNING and row["parts_total"]:
            return compilation.pk
        if row["status"] in (Compilation.Status.FAILED, Compilation.Status.SUCCEEDED):
            fail(f"the compilation ended before the browsing began: {row['status']}")
        time.sleep(0.2)
    fail("the compilation did not start")


def compilation_state(compilation_id):
    from reports.models import Compilation

    row = Compilation.objects.values("status", "parts_done", "parts_total", "page_count").get(pk=compilation_id)
    return row


# Running -----------------------------------------------------------------------------------------------------


def flush_cache():
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()


CAPACITY = {
    "Baseline": BASELINE,
    "PublicList": "public list",
    "FilteredList": "public list, filtered or searched",
    "UncachedList": "public list, never cached",
    "PublicInput": "one input",
    "QuestionPage": "answers to one question",
}


def run(args, tmp, queue):
    record = public_inputs.bench_consultation()
    public_inputs.load(record, args.record)
    compiled = compiled_consultation(args.pages)
    consultation = load_consultation()
    people = make_people(20 * args.seconds + 150 * args.seconds, consultation.reference)
    split = 20 * args.seconds  # the users phase sends a few a second; the submit phase up to 150 a second
    accounts = {"users": people[:split], "submit": people[split:]}
    environment = site_environment(tmp, queue)
    os.environ.update({k: environment[k] for k in ("CACHE_URL", "EMAIL_URL", "CELERY_TASK_DEFAULT_QUEUE")})
    flush_cache()
    acknowledged = Path(tmp) / "acknowledged.txt"
    acknowledged.touch()
    results = {"capacity": {}, "failures": []}
    with compile_bench.worker(queue, Path(tmp) / "worker.log", nice=10), gunicorn(environment, tmp) as host:
        plan_path = Path(tmp) / "plan.json"
        plan_path.write_text(json.dumps(plan(record, consultation, accounts, host)))
        print(f"serving on {host}; {len(people):,} signed-in people; phases of {args.seconds} s", flush=True)

        def phase(name, users):
            figures = locust(name, users, args.seconds, host, tmp, plan_path, acknowledged)
            errors = Path(tmp) / f"{name.replace(':', '-')}_failures.csv"
            results["failures"] += [f"{name}: {line}" for line in failures(errors)] if errors.exists() else []
            return figures

        phase("browse", 20)  # warm-up: every worker has imported everything, the cache holds the record
        for kind, label in CAPACITY.items():
            results["capacity"][label] = phase(f"capacity:{kind}", 10).get(label, EMPTY)
        results["users"] = phase("users", args.users)
        results["submit"] = phase("submit", 20)
        results["count"] = count_check(consultation, acknowledged)
        results["idle"] = phase("browse", 20)
        compilation_id = start_compilation(compiled)
        before = compilation_state(compilation_id)
        results["compiling"] = phase("browse", 20)
        results["compilation"] = (before, compilation_state(compilation_id))
    return results


def total_rps(figures, names) -> float:
    return sum(figures[name]["rps"] for name in names if name in figures)


def report(args, results):
    capacity, users, submit = results["capacity"], results["users"], results["submit"]
    print_phase("capacity: 10 users on one kind of page at a time, no pause", capacity)
    print_phase(f"users: {args.users} people, 0.5-1.5 s between pages", users)
    print_phase("submit: 20 people sending inputs one after another (form, draft, form, send), no pause", submit)
    idle, busy = results["idle"], results["compiling"]
    print_phase("browse, idle: 20 readers, no pause", idle, baseline=None)
    print_phase("browse, while the compilation runs", busy, baseline=None)
    count, (before, after) = results["count"], results["compilation"]
    print(
        f"\ninputs: {count['acknowledged']:,} acknowledged, {count['stored']:,} in the database in "
        f"{count['versions']:,} versions; acknowledged but not stored {count['lost']}, acknowledged twice "
        f"{count['twice']}, stored but not acknowledged {count['unacknowledged']} (cut off when locust stopped)"
    )
    print(
        f"compilation: {before['parts_done']}/{before['parts_total']} parts done when browsing began, "
        f"{after['parts_done']}/{after['parts_total']} when it ended ({after['status']})"
    )
    for line in results["failures"][:20]:
        print(f"  failure: {line}")
    idle_rps, busy_rps = total_rps(idle, BROWSING), total_rps(busy, BROWSING)
    errors = sum(row["errors"] for row in capacity.values())
    errors += sum(f["Aggregated"]["errors"] for f in (users, submit, idle, busy) if "Aggregated" in f)
    base = capacity[BASELINE]["rps"]
    print(
        f"\nsummary: errors {errors}; inputs lost {count['lost'] + count['twice']}; "
        f"inputs sent {submit.get(SENT, EMPTY)['rps']:.1f}/s; public list {capacity['public list']['rps'] / base:.0%} "
        f"of the baseline's req/s (filtered {capacity['public list, filtered or searched']['rps'] / base:.0%}, "
        f"one input {capacity['one input']['rps'] / base:.0%}, never cached "
        f"{capacity['public list, never cached']['rps'] / base:.0%}); p95 at {args.users} people "
        f"{users['Aggregated']['p95']:.0f} ms; browsing while compiling {busy_rps / idle_rps:.0%} of idle"
    )


def main(argv=None):
    args = parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="load-bench-") as tmp:
        if args.logs:
            args.logs.mkdir(parents=True, exist_ok=True)
            tmp = str(args.logs.resolve())
        queue = f"load-bench-{os.getpid()}"
        # The sessions this process writes must be read by gunicorn: one key for both, new for each run.
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
        compile_bench.setup_django(Path(tmp) / "media", queue)
        results = run(args, tmp, queue)
    report(args, results)
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
