"""Compilations at scale: the naive one-document render against Concord's cached parts on two worker processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_bench .venv/bin/python bench/compile.py [--quick]
        [--inputs N] [--large N]

It creates the database if missing, migrates it and loads N accepted inputs (default 1,000, about 2,500 pages;
--quick: 60) into the closed consultation "compile-bench-<N>" with bulk inserts: five questions, answers of about 135
words (400 characters in Chinese) recombined from the demo inputs' sentences, in the six UN languages, so that an
input runs to about 2.5 pages. Then:

(a) naive: every input rendered as ONE WeasyPrint document by one separate process (this script again);
(b) Concord: `reports.compilation.jobs.compilation_request`, run by a real Celery worker of two processes (prefork,
    concurrency 2) on a queue of its own, with a fresh MEDIA_ROOT, so every part renders; timed from the request
    until the row says succeeded;
(c) one answer of one input changed, then asked again: one part renders, the others come from the cache;
(d) unless --quick: N reloaded at 4,000 inputs (--large) and (b) again; the naive render is not run at that size
    (it slows as the document grows and would take far longer than the rest of the script).

--untagged makes every document without tags (COMPILATION_PDF_TAGS=false): a run with and a run without give what
tagging costs in time, memory and file size (the file's size is printed with each case).

It prints the wall time, the peak memory (VmHWM) of the largest process, the pages, the ratios a/b, b/c and d/b
against the issue's aims, and (unless --quick or --no-breakdown) where the merge's time and memory go: its phases,
timed in this process on the parts (b) and (c) left. Needs Redis (CELERY_BROKER_URL, default
redis://127.0.0.1:6379/0). Never run by the tests.
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import public_inputs  # noqa: E402  (after the path is set)

SLUG = "compile-bench-{n}"  # a consultation for each size, so that no run has to reload another's inputs
MARK = "Loaded by bench/compile.py into {slug}"  # Organisation.description of the rows a reload deletes
SEED = 70250
BATCH = public_inputs.BATCH
QUESTIONS = 5
# Per answer, so that an input runs to about 2.5 pages (the 1,000 inputs, about 2,500 pages); the header
# block takes a third of a page. Chinese is counted in characters, Russian runs to a little more.
WORDS = 135
HAN_CHARACTERS = 400
INPUTS, QUICK_INPUTS, LARGE_INPUTS = 1000, 60, 4000
BROKER = "redis://127.0.0.1:6379/0"
POLL = 0.2  # seconds between samples of the workers' memory and the compilation's row
MB = 1024  # kB


class Case(NamedTuple):
    label: str
    seconds: float
    peak_mb: float  # VmHWM of the largest process
    pages: int
    detail: str = ""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_INPUTS} inputs, (a) (b) (c) only: under a minute")
    parser.add_argument("--inputs", type=int, help=f"inputs for (a) (b) (c) (default {INPUTS:,})")
    parser.add_argument("--large", type=int, default=LARGE_INPUTS, help="inputs for (d); 0 skips it")
    parser.add_argument(
        "--breakdown",
        action=argparse.BooleanOptionalAction,
        help="after (c), time the merge's phases in this process (default: on, off with --quick)",
    )
    parser.add_argument("--timeout", type=int, default=3600, help="seconds to wait for one compilation")
    parser.add_argument("--naive", action=argparse.BooleanOptionalAction, default=True,
                        help="run (a), the naive render (default: on)")  # fmt: skip
    parser.add_argument(
        "--untagged",
        action="store_true",
        help="documents without tags (COMPILATION_PDF_TAGS=false, for this script and its worker): what tagging costs",
    )
    parser.add_argument("--naive-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.inputs = args.inputs or (QUICK_INPUTS if args.quick else INPUTS)
    args.large = 0 if args.quick else args.large
    args.breakdown = not args.quick if args.breakdown is None else args.breakdown
    if args.inputs < 10:
        parser.error("--inputs must be at least 10")
    return args


def fail(message):
    print(f"bench/compile.py: {message}", file=sys.stderr)
    sys.exit(2)


def setup_django(media_root, queue):
    """Django on the *_bench PostgreSQL database, with the broker, queue and MEDIA_ROOT the workers will share."""
    import dj_database_url

    database = dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite://")
    if "postgresql" not in database["ENGINE"]:
        fail("set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/concord_bench")
    if not (database["NAME"] or "").endswith("_bench"):
        fail(f"refusing database {database['NAME']!r}: use one whose name ends in _bench")
    os.environ.setdefault("CELERY_BROKER_URL", BROKER)
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = queue
    os.environ["MEDIA_ROOT"] = str(media_root)
    public_inputs.setup_django()


# Loading ------------------------------------------------------------------------------------------------------


def bench_consultation(n):
    """The closed consultation `compile-bench-<n>`, with the demo's first five questions."""
    from django.utils import timezone

    from consultations import demo_data
    from consultations.models import Consultation

    demo = demo_data.load().consultation
    now = timezone.now()
    consultation, created = Consultation.objects.get_or_create(
        slug=SLUG.format(n=n),
        defaults={
            "title": f"Compilation benchmark consultation, {n:,} inputs",
            "reference": f"COMPILE-BENCH-{n}",
            "summary": "",
            "mandate": demo["mandate"],
            "consent_clause": demo["consent_clause"],
            "opens_at": now - timedelta(days=90),
            "closes_at": now - timedelta(days=1),
            "status": Consultation.Status.CLOSED,
        },
    )
    if created:
        add_questions(consultation)
    return consultation


def add_questions(consultation):
    from consultations import demo_data
    from consultations.models import Question, Theme

    demo = demo_data.load()
    questions = [q for q in demo.questions if q["number"] <= QUESTIONS]
    used = {q["theme"] for q in questions}
    themes = {
        t["number"]: Theme.objects.create(consultation=consultation, **t) for t in demo.themes if t["number"] in used
    }
    Question.objects.bulk_create(
        Question(consultation=consultation, theme=themes[q["theme"]], **{k: v for k, v in q.items() if k != "theme"})
        for q in questions
    )


def clear_inputs(consultation):
    """This consultation's compilations and inputs, and the organisations this script made."""
    from accounts.models import Organisation
    from consultations.models import Submission, SubmissionVersion
    from reports.models import Compilation

    Compilation.objects.filter(consultation=consultation).delete()
    inputs = Submission.objects.filter(consultation=consultation)
    inputs.update(current_version=None)
    SubmissionVersion.objects.filter(submission__consultation=consultation).delete()
    inputs.delete()
    Organisation.objects.filter(description=MARK.format(slug=consultation.slug)).delete()


def make_organisations(n, rng, mark):
    """n verified organisations: categories at random, every country in turn."""
    from django.utils import timezone

    from accounts.models import Country, Organisation, StakeholderCategory

    categories, countries = list(StakeholderCategory.objects.all()), list(Country.objects.all())
    rng.shuffle(countries)
    organisations = []
    for i in range(n):
        category, country = rng.choice(categories), countries[i % len(countries)]
        organisations.append(
            Organisation(
                name=f"{category.name} respondent {i + 1:05d}, {country.name}",
                acronym=f"C{i + 1:05d}",
                category=category,
                country=country,
                status=Organisation.Status.VERIFIED,
                verified_at=timezone.now(),
                description=mark,
            )
        )
    return Organisation.objects.bulk_create(organisations, batch_size=BATCH)


def long_answer(rng, sentences, language):
    """About WORDS words (HAN_CHARACTERS characters in Chinese) of the language's sentences, in paragraphs of four."""
    han = language == "zh-hans"
    target, chosen, size = HAN_CHARACTERS if han else WORDS, [], 0
    while size < target:
        sentence = rng.choice(sentences)
        chosen.append(sentence)
        size += len(sentence) if han else len(sentence.split())
    joiner = "" if han else " "
    return "\n\n".join(joiner.join(chosen[i : i + 4]) for i in range(0, len(chosen), 4))


def make_submissions(consultation, organisations, rng):
    """One accepted input per organisation answering every question; returns [(input, answers)]."""
    from consultations.models import Submission

    pool, numbers = public_inputs.sentence_pool(), list(consultation.questions.values_list("number", flat=True))
    languages, weights = list(public_inputs.LANGUAGE_WEIGHTS), list(public_inputs.LANGUAGE_WEIGHTS.values())
    rows = []
    for number, organisation in enumerate(organisations, 1):
        language = rng.choices(languages, weights)[0]
        answers = {n: long_answer(rng, pool[language], language) for n in numbers}
        at = consultation.opens_at + timedelta(minutes=rng.randint(1, 60 * 24 * 80))
        submission = Submission(consultation=consultation, organisation=organisation, number=number, language=language)
        consent = public_inputs.consent_of(rng)
        rows.append((public_inputs.accepted(submission, answers, consent, at), answers))
    Submission.objects.bulk_create([s for s, _answers in rows], batch_size=BATCH)
    return rows


def loaded_note(n):
    """The consultation's summary once n inputs are loaded: a reload is needed whenever it differs."""
    return f"{n:,} inputs loaded by bench/compile.py: {WORDS} words an answer ({HAN_CHARACTERS} Han), seed {SEED}."


def load(consultation, n):
    """(Re)load n inputs unless they are there already; the compilations of earlier runs are deleted."""
    from django.db import connection, transaction

    from consultations.models import Submission
    from reports.models import Compilation

    Compilation.objects.filter(consultation=consultation).delete()  # their files were in another MEDIA_ROOT
    existing = Submission.objects.filter(consultation=consultation).count()
    if existing == n and consultation.summary == loaded_note(n):
        print(f"{n:,} inputs already loaded in {consultation.slug}")
        return
    started = time.perf_counter()
    rng = random.Random(SEED)
    with transaction.atomic():
        clear_inputs(consultation)
        organisations = make_organisations(n, rng, MARK.format(slug=consultation.slug))
        rows = make_submissions(consultation, organisations, rng)
        public_inputs.make_versions(consultation, rows)
        consultation.summary = loaded_note(n)
        consultation.save(update_fields=["summary"])
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE accounts_organisation, consultations_submission, consultations_submissionversion, "
            "consultations_versionanswer"
        )
    print(f"loaded {n:,} inputs into {consultation.slug} in {time.perf_counter() - started:.1f} s (had {existing:,})")


def change_one_input(consultation):
    """Append a sentence to one answer of the middle input and update the digests, as a new version would."""
    from consultations.models import Submission, SubmissionVersion
    from consultations.services import search_text
    from consultations.text import digest

    ids = list(Submission.objects.filter(consultation=consultation).order_by("pk").values_list("pk", flat=True))
    submission = Submission.objects.select_related("current_version").get(pk=ids[len(ids) // 2])
    version = submission.current_version
    answer = version.answers.select_related("question").order_by("question__number").first()
    answer.text += f"\n\nRevised on {time.strftime('%Y-%m-%d %H:%M:%S')} for bench/compile.py."
    answer.save(update_fields=["text"])
    answers = {a.question.number: a.text for a in version.answers.select_related("question")}
    submission.digest = digest(answers, [])
    submission.search_text = search_text(submission, answers)
    submission.save(update_fields=["digest", "search_text"])
    SubmissionVersion.objects.filter(pk=version.pk).update(digest=submission.digest)
    return submission.reference


# Memory ---------------------------------------------------------------------------------------------------------


def status_kb(pid, field):
    """A /proc/<pid>/status figure in kB, 0 once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def process_tree(root):
    """root and all its descendants, from /proc/*/stat."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


class TreeMemory:
    """Peak memory of a process tree: VmHWM of every process seen, and the largest VmRSS sampled in each phase."""

    def __init__(self, root):
        self.root, self.hwm, self.rss = root, {}, Counter()

    def reset(self):
        """Start a new measurement: the kernel's high-water marks are set back to the current RSS."""
        for pid in process_tree(self.root):
            with suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")
        self.hwm, self.rss = {}, Counter()

    def sample(self, phase):
        for pid in process_tree(self.root):
            self.hwm[pid] = max(self.hwm.get(pid, 0), status_kb(pid, "VmHWM"))
            self.rss[phase] = max(self.rss[phase], status_kb(pid, "VmRSS"))

    def peak_mb(self):
        return max(self.hwm.values(), default=0) / MB


# (a) the naive way ----------------------------------------------------------------------------------------------


NAIVE_STYLE = """
@page { @bottom-center { content: counter(page) " / " counter(pages); font-family: "Noto Sans", sans-serif;
  font-size: 8pt; font-variant-numeric: tabular-nums; color: #333; } }
table.toc td.page a { color: inherit; text-decoration: none; }
table.toc td.page a::after { content: target-counter(attr(href url), page); }
.respondent-name { bookmark-level: 1; }
"""


def naive_html(consultation, docs):
    """The document Concord makes, the naive way: cover, who contributed, contents and every input in ONE HTML
    document, with WeasyPrint numbering the pages ("n / N" and the contents' target-counter) and bookmarking."""
    import re

    from django.template.loader import render_to_string
    from django.utils import timezone

    from accounts.models import StakeholderCategory
    from reports.compilation import documents, inputs, layout, render

    body = layout.layout_by_respondent(docs, [render.PartPdf("", 1, "") for _doc in docs])  # the contents' entries
    anchors = [documents.input_anchor(doc.reference) for doc in docs]
    toc, following = [], iter(anchors)
    upcoming = next(following, "")
    for entry in body.toc:
        toc.append(entry._replace(page=f"@@{upcoming}@@"))
        if entry.level == 2:
            upcoming = next(following, "")
    names = dict(StakeholderCategory.objects.values_list("slug", "name"))
    summary = documents.summary_of(documents.summary_cells(consultation, edition=documents.COMPLETE), names)
    front = render_to_string(
        "pdf/front.html",
        {
            "consultation": documents.consultation_doc(consultation),
            "summary": summary,
            "toc": toc,
            "generated_at": timezone.now(),
            "edition_label": "Complete, for the Commission",
            "arrangement_label": "By respondent",
            "empty_message": "",
        },
    )
    front = re.sub(r"@@([^@]*)@@", r'<a href="#\1"></a>', front)
    parts = render.parts_html(inputs.KIND, docs, consultation.title)
    head, body = parts.split("<body>", 1)
    front_body = front.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    return f"{head.replace('</head>', f'<style>{NAIVE_STYLE}</style></head>')}<body>{front_body}{body}"


def naive_child(n):
    """Run as a separate process by naive(): load, build one HTML document, render it; print JSON."""
    from django.utils import translation

    from consultations.models import Consultation
    from reports.compilation import documents, render

    consultation = Consultation.objects.get(slug=SLUG.format(n=n))
    started = time.perf_counter()
    with translation.override("en"):
        docs = documents.input_docs(consultation, edition=documents.COMPLETE, append_attachments=False)
        data = render.render_html(naive_html(consultation, docs))
    seconds = time.perf_counter() - started
    peak = status_kb(os.getpid(), "VmHWM")
    print(json.dumps({"seconds": seconds, "peak_kb": peak, "pages": render.page_count(data), "inputs": len(docs)}))


def naive(n):
    """(a): this script with --naive-child in a process of its own; its time from loading to the PDF in memory."""
    command = [sys.executable, str(Path(__file__).resolve()), "--naive-child", "--inputs", str(n)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603 (ours)
    if done.returncode:
        fail(f"the naive render failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    pages_per_second = result["pages"] / result["seconds"]
    detail = f"{result['inputs']:,} inputs, {pages_per_second:.1f} pages/s"
    peak = result["peak_kb"] / MB
    return Case("(a) naive: one document, one process", result["seconds"], peak, result["pages"], detail)


# (b), (c), (d): Concord on a Celery worker -------------------------------------------------------------------------


@contextmanager
def worker(queue, log_path, nice=0):
    """A Celery worker of two prefork processes on `queue`, ready when this yields; always stopped after.

    `nice` lowers its priority, as deploy/systemd/concord-worker.service does, so that it yields the CPU to web
    requests (bench/load.py)."""
    command = ["nice", "-n", str(nice)] if nice else []
    command += [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=2"]
    command += ["-Q", queue, "-n", f"{queue}@%h", "--loglevel=WARNING", "--without-gossip", "--without-mingle"]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(  # noqa: S603 (a fixed command)
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    autogroup = Path(f"/proc/{process.pid}/autogroup")
    if nice and autogroup.exists():
        # A new session is a scheduling group of its own (Linux's autogroup), where nice alone weighs nothing
        # against other groups: the group's own nice does, as systemd's CPUWeight= does for the unit.
        with suppress(OSError):
            autogroup.write_text(str(nice))
    try:
        wait_ready(process, log_path)
        yield process
    finally:
        stop(process)
        purge(queue)


def wait_ready(process, log_path, timeout=120):
    """Until one of the worker's processes has run the health check."""
    from reports.tasks import health_check

    result, deadline = health_check.delay(), time.monotonic() + timeout
    while not result.ready():
        if process.poll() is not None or time.monotonic() > deadline:
            fail(f"the Celery worker did not start; its log:\n{Path(log_path).read_text()[-3000:]}")
        time.sleep(POLL)


def stop(process):
    """SIGTERM (a warm shutdown), then SIGKILL to the worker's own process group if it is still there."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # a pool child left behind, if any


def purge(queue):
    """Delete this run's queue from Redis: whatever a failed run left in it, and its bindings."""
    from celery import current_app
    from kombu import Exchange, Queue

    try:
        with current_app.connection_for_write() as connection:
            bound = Queue(queue, Exchange(queue), routing_key=queue)(connection.default_channel)
            bound.declare()  # so that the channel knows the binding it deletes
            bound.delete()
    except Exception as error:  # the run's figures are printed anyway
        print(f"could not delete queue {queue}: {error}", file=sys.stderr)


def bench_user():
    """A staff user of the bench database to ask for compilations."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts import roles

    user, _created = get_user_model().objects.get_or_create(
        email="compile-bench@bench.invalid", defaults={"full_name": "Compile bench", "is_staff": True}
    )
    user.groups.add(Group.objects.get(name=roles.MODERATOR))  # who may ask for compilations
    return user


def concord(label, consultation, memory, timeout):
    """Ask for the complete edition by respondent and wait for it; the worker tree's memory sampled meanwhile."""
    from reports.compilation.jobs import compilation_request
    from reports.models import Compilation

    memory.reset()
    started = time.perf_counter()
    compilation = compilation_request(
        user=bench_user(),
        consultation=consultation,
        arrangement=Compilation.Arrangement.BY_RESPONDENT,
        edition=Compilation.Edition.COMPLETE,
    )
    row, merge_at = wait(compilation.pk, memory, started + timeout)
    seconds = time.perf_counter() - started
    parts = merge_at - started if merge_at else seconds
    detail = (
        f"{row['parts_total']:,} part tasks {parts:.1f} s (largest RSS {memory.rss['parts'] / MB:.0f} MB), "
        f"merge {seconds - parts:.1f} s (largest RSS {memory.rss['merge'] / MB:.0f} MB); {row['log']}"
    )
    return Case(label, seconds, memory.peak_mb(), row["page_count"], detail)


def wait(compilation_id, memory, deadline):
    """Poll the compilation's row until it succeeds: (row, when every part was done)."""
    from reports.models import Compilation

    merge_at, fields = None, ("status", "parts_done", "parts_total", "page_count", "log", "error")
    while True:
        row = Compilation.objects.values(*fields).get(pk=compilation_id)
        merging = row["status"] == Compilation.Status.RUNNING and 0 < row["parts_total"] <= row["parts_done"]
        if merging and merge_at is None:
            merge_at = time.perf_counter()
        memory.sample("merge" if merge_at else "parts")
        if row["status"] == Compilation.Status.SUCCEEDED:
            return row, merge_at
        if row["status"] == Compilation.Status.FAILED:
            fail(f"compilation {compilation_id} failed: {row['error']}")
        if time.perf_counter() > deadline:
            fail(f"compilation {compilation_id} still {row['status']} ({row['parts_done']}/{row['parts_total']})")
        time.sleep(POLL)


# Where (c)'s merge goes -----------------------------------------------------------------------------------------

PHASES = (  # (module of reports.compilation, function); nested: merge_to_file > number_glyphs
    ("collection", "collect"),
    ("documents", "summary_cells"),
    ("collection", "render_missing"),
    ("layout", "render_front"),
    ("layout", "front_matter"),
    ("merge", "merge_to_file"),
    ("merge", "number_glyphs"),
    ("merge", "verify"),
    ("merge", "file_digest"),
)


class Phases:
    """The engine's functions wrapped in this process: time per phase, and the RSS sampled while it is innermost."""

    def __init__(self):
        self.stack, self.seconds, self.calls, self.rss = [], Counter(), Counter(), Counter()
        self.originals, self.running = {}, False

    def wrap(self, module, name):
        original = self.originals[module, name] = getattr(module, name)

        def timed(*args, **kwargs):
            self.stack.append(name)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
                self.calls[name] += 1
                self.stack.pop()

        setattr(module, name, timed)

    def sampler(self):
        while self.running:
            if self.stack:
                name = self.stack[-1]
                self.rss[name] = max(self.rss[name], status_kb(os.getpid(), "VmRSS"))
            time.sleep(0.02)

    @contextmanager
    def watching(self):
        import importlib

        for module, name in PHASES:
            self.wrap(importlib.import_module(f"reports.compilation.{module}"), name)
        self.running = True
        thread = threading.Thread(target=self.sampler, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.running = False
            thread.join()
            for (module, name), original in self.originals.items():
                setattr(module, name, original)


def merge_breakdown(consultation, output_dir):
    """compile_to_file in this process on the cached parts, as the merge task runs it: its phases."""
    from reports.compilation import documents, files, jobs

    Path(f"/proc/{os.getpid()}/clear_refs").write_text("5")
    started = time.perf_counter()
    with Phases().watching() as phases:
        pages, _sha, _log = jobs.compile_to_file(
            consultation,
            arrangement=documents.BY_RESPONDENT,
            edition=documents.COMPLETE,
            cache_dir=files.cache_dir(),
            output_path=Path(output_dir) / "breakdown.pdf",
            language=jobs.LANGUAGE,
        )
    total = time.perf_counter() - started
    peak = status_kb(os.getpid(), "VmHWM") / MB
    print(f"\nWhere the merge goes: compile_to_file in this process on the cached parts, {pages:,} pages")
    print(f"{total:.1f} s, peak of this process {peak:.0f} MB; nested: merge_to_file > number_glyphs\n")
    cells = [("phase", "calls", "s", "share", "RSS MB")] + [
        (name, str(phases.calls[name]), f"{phases.seconds[name]:.2f}", f"{phases.seconds[name] / total:.0%}",
         f"{phases.rss[name] / MB:.0f}" if phases.rss[name] else "-")
        for _module, name in PHASES
    ]  # fmt: skip
    print_cells(cells)


# Reporting ------------------------------------------------------------------------------------------------------


def print_cells(cells):
    widths = [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]
    for line in cells:
        numbers = (cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True))
        print("  ".join([line[0].ljust(widths[0]), *numbers]))


def print_table(cases):
    print("\nwall s: from the request (a: from loading) to the PDF; peak MB: VmHWM of the largest process\n")
    cells = [("case", "wall s", "peak MB", "pages")]
    cells += [(c.label, f"{c.seconds:.1f}", f"{c.peak_mb:.0f}", f"{c.pages:,}") for c in cases]
    print_cells(cells)
    print()
    for case in cases:
        if case.detail:
            print(f"{case.label[:3]} {case.detail}")


def aim(met):
    return "aim met" if met else "aim missed"


def print_ratios(a, b, c, d):
    print()
    print(f"b peak     = {b.peak_mb:5.0f} MB  (aim < 300 MB: {aim(b.peak_mb < 300)})")
    if a:
        print(f"a/b time   = {a.seconds / b.seconds:5.2f}x   (aim >= 2.5x: {aim(a.seconds / b.seconds >= 2.5)})")
        share = b.peak_mb / a.peak_mb
        print(f"b/a memory = {share:5.0%}    (aim < 20%: {aim(share < 0.2)})")
    print(f"b/c time   = {b.seconds / c.seconds:5.1f}x   (aim >= 20x: {aim(b.seconds / c.seconds >= 20)})")
    if d:
        print(f"d/b memory = {d.peak_mb / b.peak_mb:5.2f}x   (aim < 1.2x: {aim(d.peak_mb / b.peak_mb < 1.2)})")


def run(args, tmp, queue):
    """(a), (b), (c) at args.inputs, then (d) at args.large; returns the cases."""
    consultation = bench_consultation(args.inputs)
    load(consultation, args.inputs)
    a = naive(args.inputs) if args.naive else None
    if a:
        print(f"(a) done in {a.seconds:.1f} s", flush=True)
    with worker(queue, Path(tmp) / "worker.log") as process:
        memory = TreeMemory(process.pid)
        b = concord("(b) Concord, 2 worker processes", consultation, memory, args.timeout)
        print(f"(b) done in {b.seconds:.1f} s", flush=True)
        reference = change_one_input(consultation)
        c = concord(f"(c) again, {reference} changed", consultation, memory, args.timeout)
        print(f"(c) done in {c.seconds:.1f} s", flush=True)
        if args.breakdown:
            merge_breakdown(consultation, tmp)
        d = None
        if args.large:
            large = bench_consultation(args.large)
            load(large, args.large)
            d = concord(f"(d) Concord, {args.large:,} inputs", large, memory, args.timeout)
    return a, b, c, d


def main(argv=None):
    args = parse_args(argv)
    if args.naive_child:  # the environment, database included, is the parent's
        public_inputs.setup_django()
        return naive_child(args.inputs)
    started = time.perf_counter()
    os.environ["COMPILATION_PDF_TAGS"] = "false" if args.untagged else "true"  # the worker inherits it
    print(f"Documents {'without' if args.untagged else 'with'} tags (COMPILATION_PDF_TAGS)", flush=True)
    with tempfile.TemporaryDirectory(prefix="compile-bench-") as tmp:
        queue = f"compile-bench-{os.getpid()}"
        setup_django(Path(tmp) / "media", queue)
        a, b, c, d = run(args, tmp, queue)
    print_table([case for case in (a, b, c, d) if case])
    print_ratios(a, b, c, d)
    if args.large and args.naive:
        print("(the naive render is not run at (d): it slows as the document grows, see DESIGN.md)")
    print(f"({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
