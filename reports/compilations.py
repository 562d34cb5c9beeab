"""Compilations as jobs: one row each, parts rendered in parallel by workers, then merged once.

A compilation's fingerprint names what it was made from (the inputs' sent versions, the
arrangement, the edition, the templates): asking again with nothing changed returns the file
already made, and a part already rendered for the same input is never rendered again.
"""

import hashlib
import json
import time
from contextlib import contextmanager, suppress
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone, translation

from consultations import public_cache
from consultations import queries as consultation_queries
from consultations.models import Submission
from outbox.services import enqueue
from reports import workfiles
from reports.models import Compilation
from reports.workfiles import cache_dir

STUCK_AFTER = timedelta(minutes=30)
# The language of a compilation's own labels unless another is asked for (inputs keep theirs).
LANGUAGE = "en"


def included(consultation, *, edition, languages=()):
    """The inputs a compilation includes: accepted, of verified organisations; the public edition as consented."""
    inputs = Submission.objects.public() if edition == Compilation.Edition.PUBLIC else Submission.objects.counted()
    inputs = inputs.filter(consultation=consultation)
    if languages:
        inputs = inputs.filter(language__in=languages)
    return inputs


def fingerprint(consultation, *, arrangement, edition, languages=(), append_attachments=True, language=LANGUAGE) -> str:
    """What the document would be made from, in one query."""
    from reports import pdf

    rows = list(
        included(consultation, edition=edition, languages=languages)
        .order_by("pk")
        .values_list("pk", "current_version__digest", "consent", "organisation__name", "organisation__country_id")
    )
    questions = list(consultation.questions.order_by("number").values_list("number", "text"))
    document = {
        "consultation": [consultation.pk, consultation.title, consultation.mandate, consultation.reference],
        "arrangement": arrangement,
        "edition": edition,
        "languages": sorted(languages),
        "attachments": append_attachments,
        "template": pdf.TEMPLATE_VERSION,
        "questions": questions,
        "inputs": rows,
    }
    if language != LANGUAGE:  # English documents keep the fingerprints they had before the language was a choice
        with translation.override(language):
            document["language"] = [language, pdf.consultation_doc(consultation), pdf.questions_of(consultation)]
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def compilation_request(
    *, user, consultation, arrangement, edition, languages=(), append_attachments=True, language=LANGUAGE
) -> Compilation:
    """Ask for a compilation; the same one already made or on its way is returned instead of a new job."""
    mark = fingerprint(
        consultation,
        arrangement=arrangement,
        edition=edition,
        languages=languages,
        append_attachments=append_attachments,
        language=language,
    )
    existing = (
        Compilation.objects.select_for_update()
        .filter(fingerprint=mark)
        .exclude(status=Compilation.Status.FAILED)
        .first()
    )
    if existing:
        return existing
    compilation = Compilation.objects.create(
        consultation=consultation,
        arrangement=arrangement,
        edition=edition,
        languages=list(languages),
        append_attachments=append_attachments,
        language=language,
        fingerprint=mark,
        requested_by=user,
    )
    _enqueue(compilation.pk)
    return compilation


def _enqueue(compilation_id):
    """The start is a follow-up (outbox): handed to a worker once the request commits, or by the sweep."""
    from reports import tasks

    enqueue(tasks.compilation_start, compilation_id)


def compilation_start(compilation_id: int) -> list[list] | None:
    """Claim the job and cut the parts not in the cache into batches of part ids for the workers.

    Returns None if another worker has the job, and [] when it was finished here: when every part is cached, or
    the missing ones make one batch (one more input, a changed answer), the merge runs at once in this task, on
    the inputs already loaded. Parts already rendered count as done at once: the progress shown is the share of
    the document ready."""
    from reports import pdf

    claimed = Compilation.objects.filter(pk=compilation_id, status=Compilation.Status.QUEUED).update(
        status=Compilation.Status.RUNNING, started_at=timezone.now(), parts_done=0
    )
    if not claimed:
        return None
    compilation = Compilation.objects.select_related("consultation").get(pk=compilation_id)
    with translation.override(compilation.language):  # the same language as the merge, or the cache keys differ
        collected = pdf.collect(
            compilation.consultation,
            arrangement=compilation.arrangement,
            edition=compilation.edition,
            languages=compilation.languages,
            append_attachments=compilation.append_attachments,
            cache_dir=cache_dir(),
        )
    missing = len(collected.missing) + len(collected.overflow)
    total = len(collected.parts)
    Compilation.objects.filter(pk=compilation_id).update(parts_total=total, parts_done=total - missing)
    if not collected.overflow:
        compilation_finish(compilation_id, collected=collected)
        return []
    return collected.batches()


def part_docs(compilation, ids=None) -> list:
    """The compilation's parts as docs (inputs, or questions' answers by category); only those of `ids` if given."""
    from reports import pdf

    if compilation.arrangement == Compilation.Arrangement.BY_QUESTION:
        docs = pdf.question_docs(compilation.consultation, edition=compilation.edition, languages=compilation.languages)
        return docs if ids is None else [doc for doc in docs if doc.pk in set(ids)]
    return pdf.input_docs(
        compilation.consultation,
        edition=compilation.edition,
        languages=compilation.languages,
        append_attachments=compilation.append_attachments,
        ids=ids,
    )


def part_render(compilation_id: int, part_ids: list) -> int:
    """Render one batch of parts (the ones still missing: a task run again renders nothing twice); return how many."""
    from reports import pdf

    compilation = Compilation.objects.select_related("consultation").get(pk=compilation_id)
    with translation.override(compilation.language):
        docs = part_docs(compilation, part_ids)
        parts = pdf.render_parts(docs, compilation.consultation.translated("title"), cache_dir=cache_dir())
    # A task delivered twice counts once more: the bar stops at the total.
    Compilation.objects.filter(pk=compilation_id).update(
        parts_done=Least(F("parts_done") + len(part_ids), F("parts_total"))
    )
    return sum(part.rendered for part in parts)


def compilation_finish(compilation_id: int, collected=None) -> str:
    """Merge front matter, parts and page numbers; check the result; store the file and its digest."""
    from reports import pdf

    try:
        with _merge_claimed(compilation_id) as claimed:  # the claim is held until the row says succeeded
            if not claimed:
                return "skipped: another worker is merging it"  # this task, delivered again while it runs
            return _finish(compilation_id, collected)
    except Exception as error:
        _fail(compilation_id, error)
        raise
    finally:
        pdf.release_memory()  # of the merge, before this worker's next task


@contextmanager
def _merge_claimed(compilation_id):
    """Whether this process may merge the compilation, its claim held while the block runs (pdf.claims_held)."""
    from reports import pdf

    with pdf.claims_held():
        yield workfiles.claim_merge(compilation_id)


def _finish(compilation_id, collected):
    from reports import pdf

    compilation = Compilation.objects.select_related("consultation").get(pk=compilation_id)
    if compilation.status != Compilation.Status.RUNNING:
        return "skipped"
    output = cache_dir().parent / f"compilation-{compilation.pk}.pdf"
    pages, digest, log = pdf.compile_to_file(
        compilation.consultation,
        arrangement=compilation.arrangement,
        edition=compilation.edition,
        languages=tuple(compilation.languages),
        append_attachments=compilation.append_attachments,
        cache_dir=cache_dir(),
        output_path=output,
        language=compilation.language,
        collected=collected,
    )
    with output.open("rb") as handle:
        compilation.file.save(_file_name(compilation), File(handle), save=False)
    output.unlink(missing_ok=True)
    Compilation.objects.filter(pk=compilation_id, status=Compilation.Status.RUNNING).update(
        status=Compilation.Status.SUCCEEDED,
        parts_done=F("parts_total"),
        finished_at=timezone.now(),
        page_count=pages,
        sha256=digest,
        file=compilation.file.name,
        log="\n".join(log),
    )
    if compilation.edition == Compilation.Edition.PUBLIC:
        transaction.on_commit(public_cache.stale)  # the public record lists it
    return "succeeded"


def _file_name(compilation):
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return f"{compilation.consultation.slug}-{compilation.arrangement}-{compilation.edition}-{stamp}.pdf"


def _fail(compilation_id, error):
    Compilation.objects.filter(pk=compilation_id).update(
        status=Compilation.Status.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
    )


def compilations_sweep(now=None) -> int:
    """Queue again the compilations a lost worker left behind; their cached parts are reused."""
    now = now or timezone.now()
    stuck = Compilation.objects.filter(
        status__in=[Compilation.Status.QUEUED, Compilation.Status.RUNNING],
        requested_at__lt=now - STUCK_AFTER,
    )
    ids = list(stuck.values_list("pk", flat=True))
    Compilation.objects.filter(pk__in=ids).update(status=Compilation.Status.QUEUED, started_at=None, parts_done=0)
    for compilation_id in ids:
        _enqueue(compilation_id)
    return len(ids)


def parts_prune(now=None) -> int:
    """Delete part records unused for COMPILATION_PARTS_KEEP_DAYS, then the files no record needs; return how many.

    A record's time is that of its last use (reports.pdf.cached_part touches it), so the parts of a consultation
    still being compiled stay however old they are. A file being written has a temporary name and is left alone."""
    now = now or time.time()
    cutoff = now - settings.COMPILATION_PARTS_KEEP_DAYS * 86400
    directory, deleted = cache_dir(), 0
    needed = set()
    for record in directory.glob("*.json"):
        try:
            if record.stat().st_mtime < cutoff:
                record.unlink()
                deleted += 1
                continue
            needed.add(json.loads(record.read_text())["file"])
        except (FileNotFoundError, ValueError, KeyError):
            continue
    for path in [*directory.glob("batch-*.pdf"), *directory.glob("input-*.pdf"), *directory.glob("contents-*.pdf")]:
        with suppress(FileNotFoundError):
            unused = path.name not in needed if path.name.startswith("batch-") else path.stat().st_mtime < cutoff
            young = path.stat().st_mtime >= now - 3600  # a batch whose records are still being written
            if unused and not young:
                path.unlink()
                deleted += 1
    return deleted


def public_editions(consultation):
    """Succeeded public compilations anyone may download."""
    return consultation_queries.public_compilations(consultation)
