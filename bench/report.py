"""A working group's report at scale: the consensus page with 40 and 400 paragraphs, and the report's PDF made again
after one paragraph changes, against made from scratch.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concord_bench .venv/bin/python bench/report.py [--quick]

It loads the demo (seed_demo) once, then for each size builds a report of a working group of its own
("bench-report-<N>"): N paragraphs in 8 sections of two subsections each, recommendations among them with brackets
and alternatives, 30 members with accounts, and 5 published drafts (a few paragraphs edited between two), each with
a round of comments: 3,000 comments in all at 400 paragraphs (300 at 40), each with a position. Then:

- the consensus page (the console's page of draft 5: its record, its text and every comment of its round) requested
  through the site as the Chair, rendered every time: its SQL queries, which must be the same at 40 and 400
  paragraphs, and its median time as a ratio to the 40-paragraph page's;
- the report to the Commission of the draft being edited (draft 6, with the annex) made into an empty part cache,
  then one of its paragraphs edited and the report made again with the same cache: the time of the second as a
  ratio to the first (aim: at least 10x faster).
No absolute threshold: the machines are shared and noisy. Never run by the tests.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import public_inputs as base  # noqa: E402 (the script's folder first)

SECTIONS, SUBSECTIONS, DRAFTS, MEMBERS = 8, 2, 5, 30
COMMENTS_PER_PARAGRAPH = 7.5  # 3,000 comments at 400 paragraphs
SEED = 20_14


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 repeats of the page instead of 15")
    args = parser.parse_args(argv)
    args.repeats = 5 if args.quick else 15
    return args


def seeded():
    from django.core.management import call_command

    from reports.models import WorkingGroup

    if not WorkingGroup.objects.filter(slug="wgec").exists():
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return WorkingGroup.objects.get(slug="wgec")


def build(n: int, wgec, chair):
    """The group bench-report-<n> with its members and its report (built once; reused when there)."""
    from django.db import transaction

    from accounts.demo import STAKEHOLDER_PASSWORD, demo_user
    from accounts.models import Organisation
    from groups import services
    from groups.models import Comment, Kind, Position
    from reports.models import Member, Nomination, WorkingGroup

    group, created = WorkingGroup.objects.get_or_create(
        slug=f"bench-report-{n}",
        defaults={"name": f"Bench report group ({n})", "policy": wgec.policy, "consultation": wgec.consultation},
    )
    if not created and group.group_reports.exists():
        return group.group_reports.get()
    started = time.perf_counter()
    rng = random.Random(SEED + n)
    organisations = list(Organisation.objects.verified().order_by("pk")[:MEMBERS])
    members = []
    for index, organisation in enumerate(organisations):
        nomination = Nomination.objects.create(working_group=group, organisation=organisation, name=f"Member {index}")
        user = demo_user(f"bench-member-{n}-{index}", f"Member {index}", STAKEHOLDER_PASSWORD)
        members.append(Member.objects.create(working_group=group, nomination=nomination, confirmed_by=chair, user=user))
    with transaction.atomic():
        report = services.start_report(group, title=f"Report of the bench group ({n} paragraphs)", user=chair)
        draft = services.editing(report)
        per_section = n // (SECTIONS * SUBSECTIONS)
        for s in range(SECTIONS):
            section = services.add_section(draft, heading=f"{s + 1}. Section {s + 1}", user=chair)
            for t in range(SUBSECTIONS):
                sub = services.add_section(draft, heading=f"{s + 1}.{t + 1} Part", user=chair, parent=section)
                for p in range(per_section):
                    kind = Kind.RECOMMENDATION if p % 4 == 3 else Kind.FINDING if p % 4 == 2 else Kind.NARRATIVE
                    text = f"Paragraph {s}.{t}.{p}: " + " ".join(rng.choice(WORDS) for _ in range(45)) + "."
                    if kind == Kind.RECOMMENDATION and p % 8 == 7:
                        text += " It should be [implemented] / [considered]."
                    services.add_paragraph(draft, text=text, user=chair, section=sub, kind=kind)
    comments_left = int(n * COMMENTS_PER_PARAGRAPH)
    for number in range(1, DRAFTS + 1):
        with transaction.atomic():
            following = services.publish(draft, user=chair)
            round_ = services.open_round(draft, user=chair, deadline=_later(), publish_comments=True)
            versions = list(draft.paragraphs.all())
            share = comments_left // (DRAFTS - number + 1)
            comments_left -= share
            Comment.objects.bulk_create(
                Comment(round=round_, version=rng.choice(versions), author=member.user, member=member,
                        position=rng.choice(Position.values), text="A comment on the paragraph.", language="en")
                for member in (rng.choice(members) for _ in range(share))
            )  # fmt: skip
            services.close_round(round_, user=chair)
            for version in rng.sample(list(following.paragraphs.all()), 5):  # a few edits before the next draft
                services.edit_paragraph(version, user=chair, revision=version.revision, text=version.text + " Edited.")
        draft = following
    print(f"built {n} paragraphs, {DRAFTS} drafts, {Comment.objects.filter(round__draft__report=report).count():,} "
          f"comments in {time.perf_counter() - started:.1f} s")  # fmt: skip
    return report


WORDS = [
    "cooperation", "enhanced", "governments", "stakeholders", "mechanisms", "public", "policy", "Internet", "roles",
    "responsibilities", "equal", "footing", "developing", "countries", "capacity", "forum", "participation",
]  # fmt: skip


def _later():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(days=30)


def page(report, chair, repeats):
    """The console's page of draft 5, as the Chair: (median seconds, queries)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client(HTTP_HOST="localhost")  # a host the settings allow
    client.force_login(chair)
    url = reverse("groups:draft", args=[report.working_group.slug, report.pk, DRAFTS])
    client.get(url)  # warm the templates
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), len(queries.captured_queries)


def pdf(report, chair):
    """The report of the draft being edited, with its annex: (seconds from scratch, seconds after one paragraph of
    the draft was edited, pages, the second's log line)."""
    from groups import services
    from groups.report_pdf import spec_for
    from reports.compilation import jobs

    editing = services.editing(report)
    spec = spec_for(report, editing.number, annex=True)
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "parts"
        started = time.perf_counter()
        pages, _digest, _log = jobs.document_to_file(spec, output_path=Path(folder) / "full.pdf", cache_dir=cache)
        full = time.perf_counter() - started
        versions = list(editing.paragraphs.order_by("number"))
        version = versions[len(versions) // 2]
        services.edit_paragraph(version, user=chair, revision=version.revision, text=version.text + " Changed.")
        started = time.perf_counter()
        _pages, _digest, log = jobs.document_to_file(spec, output_path=Path(folder) / "again.pdf", cache_dir=cache)
        again = time.perf_counter() - started
    return full, again, pages, log[0]


def main(argv=None):
    args = parse_args(argv)
    base.setup_django()
    from accounts.demo import staff_user
    from accounts.roles import CHAIR

    wgec = seeded()
    chair = staff_user("chair", "Li Wei", CHAIR)
    results = {}
    for n in (40, 400):
        report = build(n, wgec, chair)
        results[n] = page(report, chair, args.repeats)
    (small, small_queries), (large, large_queries) = results[40], results[400]
    print(f"\nconsensus page of draft {DRAFTS}: 40 paragraphs {small_queries} queries; 400 paragraphs {large_queries} "
          f"queries ({'the same' if small_queries == large_queries else 'NOT the same'}); "
          f"time 400/40 = {large / small:.1f}x")  # fmt: skip
    report = build(400, wgec, chair)
    full, again, pages, log = pdf(report, chair)
    print(f"report PDF, 400 paragraphs, {pages} pages: from scratch {full:.2f} s; one paragraph changed {again:.2f} s"
          f" ({log}); ratio {full / again:.1f}x (aim >= 10x: {'met' if full / again >= 10 else 'missed'})")  # fmt: skip


if __name__ == "__main__":
    main()
