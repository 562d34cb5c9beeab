"""The review at scale on PostgreSQL: the issue register (console and public) with 2,000 and 20,000 inputs and ten
codings per input, each page timed as a ratio to the trivial view of bench/public_inputs.py in the same process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_bench .venv/bin/python bench/review.py [--quick]

It loads the inputs as bench/public_inputs.py does (consultation "bench"), the demo codebook, and ten codings per
input (200,000 for 20,000 inputs) with bulk inserts, publishes the register, writes syntheses of two questions and
of ten issues (each quoting five codings), then requests the console's register, the public register and, for
comparison, the public list of inputs, rendered every time; then the public register as a visitor gets it, from the
public record's cache. It prints, for each size, each page's median, its ratio to the baseline's median and its SQL
queries: the register's queries must not grow with the inputs.

Then the summary of inputs (review.summary), public edition, is made into an empty part cache (every part rendered),
one synthesis is changed and it is made again: the second run renders one part and takes the others from the cache,
and its time is printed as a ratio to the full render.
No absolute threshold: the machines are shared and noisy. Never run by the tests.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import public_inputs as base  # noqa: E402 (the script's folder first)

CODINGS_PER_INPUT = 10
ANALYST = "bench-analyst"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 and 2,000 inputs, 5 repeats")
    args = parser.parse_args(argv)
    args.sizes = (200, 2000) if args.quick else (2000, 20000)
    args.repeats = 5 if args.quick else 15
    return args


def analyst():
    from accounts.demo import staff_user
    from review.roles import ANALYST as ROLE

    return staff_user(ANALYST, "Bench Analyst", ROLE)


def load_codings(consultation, user):
    """The demo codebook, and CODINGS_PER_INPUT codings of question 1's answer per input (spread over the issues),
    unless as many are there already."""
    from django.db import connection, transaction

    from consultations.models import Submission, VersionAnswer
    from review import services
    from review.demo import CODEBOOK_FILE
    from review.models import Code, Coding, RegisterPublication

    if not Code.objects.filter(consultation=consultation).exists():
        services.codebook_import(
            user=user, consultation=consultation, name=CODEBOOK_FILE.name, data=CODEBOOK_FILE.read_bytes()
        )
    inputs = Submission.objects.filter(consultation=consultation).count()
    wanted = inputs * CODINGS_PER_INPUT
    if Coding.objects.filter(submission__consultation=consultation).count() == wanted:
        print(f"{wanted:,} codings already loaded")
        return
    started = time.perf_counter()
    issues = list(Code.objects.filter(consultation=consultation, level__gte=Code.Level.ISSUE))
    rng = random.Random(base.SEED)
    answers = VersionAnswer.objects.filter(version__submission__consultation=consultation).values_list(
        "version__submission_id", "version_id", "question_id", "text"
    )
    with transaction.atomic():
        Coding.objects.filter(submission__consultation=consultation).delete()
        batch, seen = [], set()
        for submission_id, version_id, question_id, text in answers.iterator(chunk_size=base.BATCH):
            if submission_id in seen:
                continue  # one answer per input is enough to code
            seen.add(submission_id)
            for code in rng.sample(issues, CODINGS_PER_INPUT):
                start = rng.randrange(0, max(1, len(text) - 40))
                end = min(len(text), start + rng.randint(10, 40))
                batch.append(
                    Coding(
                        submission_id=submission_id,
                        version_id=version_id,
                        question_id=question_id,
                        code=code,
                        start=start,
                        end=end,
                        passage=text[start:end] or text[:1],
                        coder=user,
                    )  # fmt: skip
                )
            if len(batch) >= 10 * base.BATCH:
                Coding.objects.bulk_create(batch, batch_size=base.BATCH)
                batch = []
        Coding.objects.bulk_create(batch, batch_size=base.BATCH)
        RegisterPublication.objects.get_or_create(consultation=consultation, defaults={"published_by": user})
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE review_coding, review_code")
    print(f"loaded {Coding.objects.filter(submission__consultation=consultation).count():,} codings "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip


def measure(consultation, user, repeats):
    """(label, median ms, ratio to the baseline, queries) of each page."""
    from django.test import Client
    from django.test.utils import override_settings

    pages = [
        (base.BASELINE, "/healthz-baseline/"),
        ("public list of inputs", f"/consultations/{base.SLUG}/inputs/"),
        ("register (console)", f"/moderation/review/{base.SLUG}/register/"),
        ("register (public)", f"/consultations/{base.SLUG}/issues/"),
    ]
    client = Client()
    client.force_login(user)
    urls = [url for _label, url in pages]
    overrides = {"ROOT_URLCONF": base.baseline_urlconf(), "ALLOWED_HOSTS": ["testserver"], "SECURE_SSL_REDIRECT": False}
    with override_settings(**overrides):
        queries = {url: len(base.inspect(client, url)[0]) for url in urls}
        times = base.timings(client, urls, repeats)
        # The public register as visitors get it: from the public record's cache, once rendered.
        cached = f"/consultations/{base.SLUG}/issues/"
        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=300):
            visitor = Client()
            cached_times = base.timings(visitor, [urls[0], cached], repeats)
            cached_queries = len(base.inspect(visitor, cached)[0])
    baseline = statistics.median(times[urls[0]])
    rows = [
        (label, statistics.median(times[url]), statistics.median(times[url]) / baseline, queries[url])
        for label, url in pages
    ]
    median = statistics.median(cached_times[cached])
    ratio = median / statistics.median(cached_times[urls[0]])
    return [*rows, ("register (public), cached", median, ratio, cached_queries)]


def write_syntheses(consultation, user):
    """Syntheses of questions 1 and 2 and of the first ten issues, each quoting five codings of its subject."""
    from review.models import Code, Coding, Synthesis, SynthesisQuote

    Synthesis.objects.filter(consultation=consultation).delete()
    text = "\n\n".join(f"Paragraph {n} of what the inputs said, read across categories and regions." for n in range(4))
    subjects = [{"question": q} for q in consultation.questions.order_by("number")[:2]]
    subjects += [{"code": c} for c in Code.objects.filter(consultation=consultation, level=Code.Level.ISSUE)[:10]]
    made = []
    for subject in subjects:
        synthesis = Synthesis.objects.create(consultation=consultation, language="en", text=text, updated_by=user,
                                             **subject)  # fmt: skip
        codings = Coding.objects.current().filter(submission__consultation=consultation)
        codings = (
            codings.filter(question=subject["question"])
            if "question" in subject
            else codings.filter(code=subject["code"])
        )
        for position, coding in enumerate(codings.order_by("pk")[:5]):
            SynthesisQuote.objects.create(synthesis=synthesis, coding=coding, after=position % 4, position=position,
                                          added_by=user)  # fmt: skip
        made.append(synthesis)
    return made


def measure_summary(consultation, syntheses):
    """(seconds of the full render, seconds after one synthesis changed, the two runs' first log lines)."""
    import tempfile

    from reports.compilation import jobs
    from review.summary import SummarySpec

    spec = SummarySpec(consultation, "public")
    with tempfile.TemporaryDirectory() as folder:
        output, cache = Path(folder) / "summary.pdf", Path(folder) / "parts"
        cache.mkdir()
        started = time.perf_counter()
        _pages, _digest, full_log = jobs.document_to_file(spec, output_path=output, cache_dir=cache)
        full = time.perf_counter() - started
        syntheses[0].text += "\n\nOne more paragraph, written after the first summary."
        syntheses[0].save()
        started = time.perf_counter()
        _pages, _digest, one_log = jobs.document_to_file(spec, output_path=output, cache_dir=cache)
        one = time.perf_counter() - started
    return full, one, full_log[0], one_log[0]


def main(argv=None):
    args = parse_args(argv)
    # What the pages cost to render: the public record's cache would answer every repeat (measured apart).
    os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")
    base.setup_django()
    consultation = base.bench_consultation()
    user = analyst()
    results, summaries = {}, {}
    from consultations.models import Submission
    from review.models import Coding, Synthesis

    for size in args.sizes:
        if Submission.objects.filter(consultation=consultation).count() != size:
            Synthesis.objects.filter(consultation=consultation).delete()  # their quotes hold codings
            Coding.objects.filter(submission__consultation=consultation).delete()  # they hold the inputs' versions
        base.load(consultation, size)
        load_codings(consultation, user)
        syntheses = write_syntheses(consultation, user)  # the register pages show them too
        results[size] = measure(consultation, user, args.repeats)
        summaries[size] = measure_summary(consultation, syntheses)
    small, large = args.sizes
    print(f"\n{'page':<24} {'queries':>18} {'median ms':>22} {'ratio to baseline':>22}")
    print(f"{'':<24} {f'{small:,} / {large:,}':>18} {f'{small:,} / {large:,}':>22} {f'{small:,} / {large:,}':>22}")
    for (label, ms_s, ratio_s, q_s), (_label, ms_l, ratio_l, q_l) in zip(results[small], results[large], strict=True):
        queries, ms, ratio = f"{q_s} / {q_l}", f"{ms_s:.1f} / {ms_l:.1f}", f"{ratio_s:.1f} / {ratio_l:.1f}"
        print(f"{label:<24} {queries:>18} {ms:>22} {ratio:>22}")
    grown = [
        label for (label, *_s, q_s), (_l, *_x, q_l) in zip(results[small], results[large], strict=True) if q_s != q_l
    ]
    print("\nqueries grow with the inputs on: " + (", ".join(grown) if grown else "no page"))
    print("\nsummary of inputs (public edition): one synthesis changed, as a ratio to the full render")
    for size, (full, one, full_log, one_log) in summaries.items():
        print(f"{size:>7,} inputs: full {full:.1f} s ({full_log}); one synthesis changed {one:.1f} s "
              f"({one_log}); ratio {one / full:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
