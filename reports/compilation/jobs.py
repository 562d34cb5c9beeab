"""Compilations as jobs, and the engine's one entry point: what views, commands and tasks call.

A compilation is one row (reports.models.Compilation): requested in a transaction, started by a worker that makes
the one pass over its parts, its missing parts rendered in batches by the workers in parallel, then merged once.
A compilation's fingerprint names what it was made from (the inputs' sent versions, the arrangement, the edition,
the templates): asking again with nothing changed returns the file already made, and a part already rendered for
the same input is never rendered again. One input's own PDF is made the same way, by a worker, and cached.

Tasks are thin wrappers of these functions (reports.tasks); this module asks for them by name, through the outbox,
so that it imports nothing above it. Only the Compilation rows are read and written here; the inputs are read by
reports.compilation.documents.
"""

import json
import os
import time
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import roles
from consultations import public_cache
from outbox.services import enqueue
from reports.compilation import collection, documents, files, kinds, locks, merge, render
from reports.compilation.documents import LANGUAGE
from reports.compilation.inputs import KIND, Spec
from reports.models import Compilation

STUCK_AFTER = timedelta(minutes=30)
# The tasks (reports.tasks), by name: they import this module.
START_TASK = "reports.tasks.compilation_start"
SINGLE_INPUT_TASK = "reports.tasks.single_input_pdf_render"
# A render of one input's PDF asked of the workers is not asked for again until this long has passed: long enough
# for a queue and a long answer (a second request meanwhile would only wait for the first), short enough that a
# render lost with its worker is asked for again by a later visit.
PDF_PENDING_SECONDS = 5 * 60


def may_request(user) -> bool:
    """Whether someone may ask for a compilation: a reader of the console whose role may (a moderator's)."""
    return roles.secretariat_can(user, "accounts.view_console") and user.has_perm("reports.request_compilation")


def compilation_request(
    *, user, consultation, arrangement, edition, languages=(), append_attachments=True, language=LANGUAGE
) -> Compilation:
    """Ask for a compilation; the same one already made or on its way is returned instead of a new job."""
    if not may_request(user):
        raise PermissionDenied(_("Your role cannot ask for compilations."))
    spec = Spec(consultation, arrangement, edition, tuple(languages), append_attachments, language)
    return document_request(
        spec, user=user, arrangement=arrangement, languages=list(languages), append_attachments=append_attachments
    )


@transaction.atomic
def document_request(spec, *, user, **row) -> Compilation:
    """Ask the workers for the document a spec describes, of any kind (its row holds the kind's own fields, `row`);
    the same document already made or on its way is returned instead of a new job. Who may ask is the caller's
    rule (compilation_request's for compilations)."""
    mark = kinds.of(spec).fingerprint(spec)
    existing = (
        Compilation.objects.select_for_update()
        .filter(fingerprint=mark)
        .exclude(status=Compilation.Status.FAILED)
        .first()
    )
    if existing:
        return existing
    compilation = Compilation.objects.create(
        kind=spec.kind,
        consultation=spec.consultation,
        edition=spec.edition,
        language=spec.language,
        fingerprint=mark,
        requested_by=user,
        **row,
    )
    enqueue(START_TASK, compilation.pk)  # a follow-up: handed to a worker once the request commits, or by the sweep
    return compilation


def compilation_start(compilation_id: int) -> list[list] | None:
    """Claim the job, make the one pass over its parts, and cut those not in the cache into batches of part ids.

    Returns None if another worker has the job, and [] when it was finished here: when every part is cached, or
    the missing ones make one batch (one more input, a changed answer), the merge runs at once in this task, on
    the pass just made. Otherwise the pass is kept for the merge (collection.keep). Parts already rendered count as
    done at once: the progress shown is the share of the document ready."""
    claimed = Compilation.objects.filter(pk=compilation_id, status=Compilation.Status.QUEUED).update(
        status=Compilation.Status.RUNNING, started_at=timezone.now(), parts_done=0
    )
    if not claimed:
        return None
    spec = _spec(compilation_id)
    with translation.override(spec.language):  # the same language as the merge, or the cache keys differ
        mark = kinds.of(spec).fingerprint(spec)  # before the pass: a change during it leaves the merge none to find
        collected = collection.collect(spec, cache_dir=files.cache_dir())
        missing, total = len(collected.missing) + len(collected.overflow), len(collected.parts)
        Compilation.objects.filter(pk=compilation_id).update(parts_total=total, parts_done=total - missing)
        if collected.overflow:
            collection.keep(collected, spec, mark=mark, cache_dir=files.cache_dir())
            return collected.batches()
    compilation_finish(compilation_id, collected=collected)
    return []


def part_render(compilation_id: int, part_ids: list) -> int:
    """Render one batch of parts (the ones still missing: a task run again renders nothing twice); return how many."""
    spec = _spec(compilation_id)
    kind = kinds.of(spec)
    with translation.override(spec.language):
        docs = kind.parts_of(spec, part_ids)
        parts = render.render_parts(kind, docs, kind.title(spec), cache_dir=files.cache_dir())
    # A task delivered twice counts once more: the bar stops at the total.
    Compilation.objects.filter(pk=compilation_id).update(
        parts_done=Least(F("parts_done") + len(part_ids), F("parts_total"))
    )
    return sum(part.rendered for part in parts)


def compilation_finish(compilation_id: int, collected=None) -> str:
    """Merge front matter, parts and page numbers; check the result; store the file and its digest.

    `collected`: the start's pass, when the merge runs in the start's task; otherwise the pass the start kept."""
    try:
        with _merge_claimed(compilation_id) as claimed:  # the claim is held until the row says succeeded
            if not claimed:
                return "skipped: another worker is merging it"  # this task, delivered again while it runs
            return _finish(compilation_id, collected)
    except Exception as error:
        _fail(compilation_id, error)
        raise
    finally:
        render.release_memory()  # of the merge, before this worker's next task


@contextmanager
def _merge_claimed(compilation_id):
    """Whether this process may merge the compilation, its claim held while the block runs."""
    with locks.claims_held():
        yield locks.claim_merge(compilation_id)


def _finish(compilation_id, collected):
    compilation = Compilation.objects.select_related("consultation").get(pk=compilation_id)
    if compilation.status != Compilation.Status.RUNNING:
        return "skipped"
    kind = kinds.get(compilation.kind)
    spec, parts, mark = kind.spec_of(compilation), files.cache_dir(), None
    if collected is None:
        with translation.override(spec.language):
            mark = kind.fingerprint(spec)
            collected = collection.kept(spec, mark=mark, cache_dir=parts)  # None if the inputs changed: collect again
    output = parts.parent / f"compilation-{compilation.pk}.pdf"
    compiled = collection.build(spec, cache_dir=parts, output_path=output, collected=collected)
    with output.open("rb") as handle:
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        compilation.file.save(kind.file_name(compilation, stamp), File(handle), save=False)
    output.unlink(missing_ok=True)
    Compilation.objects.filter(pk=compilation_id, status=Compilation.Status.RUNNING).update(
        status=Compilation.Status.SUCCEEDED,
        parts_done=F("parts_total"),
        finished_at=timezone.now(),
        page_count=compiled.page_count,
        sha256=compiled.sha256,
        file=compilation.file.name,
        log="\n".join(compiled.log),
    )
    if mark:
        collection.forget(mark=mark, cache_dir=parts)
    if compilation.edition == Compilation.Edition.PUBLIC:
        transaction.on_commit(public_cache.stale)  # the public record lists it
    return "succeeded"


def _spec(compilation_id):
    """The spec of a job's row, whatever its kind."""
    compilation = Compilation.objects.select_related("consultation").get(pk=compilation_id)
    return kinds.get(compilation.kind).spec_of(compilation)


def _fail(compilation_id, error):
    Compilation.objects.filter(pk=compilation_id).update(
        status=Compilation.Status.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
    )


def compilations_sweep(now=None) -> int:
    """Queue again the compilations a lost worker left behind; their cached parts are reused."""
    now = now or timezone.now()
    stuck = Compilation.objects.filter(
        status__in=Compilation.IN_PROGRESS,
        requested_at__lt=now - STUCK_AFTER,
    )
    ids = list(stuck.values_list("pk", flat=True))
    Compilation.objects.filter(pk__in=ids).update(status=Compilation.Status.QUEUED, started_at=None, parts_done=0)
    for compilation_id in ids:
        enqueue(START_TASK, compilation_id)
    return len(ids)


def parts_prune(now=None) -> int:
    """Delete part records unused for COMPILATION_PARTS_KEEP_DAYS, then the files no record needs; return how many.

    A record's time is that of its last use (render.cached_part touches it), so the parts of a consultation still
    being compiled stay however old they are. A file being written has a temporary name and is left alone; so is
    a pass kept for a merge (collection-*.json) until it is that old."""
    now = now or time.time()
    cutoff = now - settings.COMPILATION_PARTS_KEEP_DAYS * 86400
    directory, deleted = files.cache_dir(), 0
    needed = set()
    for record in directory.glob("*.json"):
        if record.name.startswith("collection-"):
            continue
        try:
            if record.stat().st_mtime < cutoff:
                record.unlink()
                deleted += 1
                continue
            needed.add(json.loads(record.read_text())["file"])
        except (FileNotFoundError, ValueError, KeyError):
            continue
    kinds_of_file = ("batch-*.pdf", "input-*.pdf", "contents-*.pdf", "front-*.pdf", "collection-*.json")
    for path in [found for pattern in kinds_of_file for found in directory.glob(pattern)]:
        with suppress(FileNotFoundError):
            unused = path.name not in needed if path.name.startswith("batch-") else path.stat().st_mtime < cutoff
            young = path.stat().st_mtime >= now - 3600  # a batch whose records are still being written
            if unused and not young:
                path.unlink()
                deleted += 1
    return deleted


def compile_to_file(
    consultation,
    *,
    arrangement,
    edition,
    languages=(),
    append_attachments=True,
    output_path,
    cache_dir=None,
    language=LANGUAGE,
) -> tuple[int, str, list[str]]:
    """Everything in this process, no job row (the compile_inputs command): read, render what is not cached (into
    `cache_dir`, this host's part cache unless another is given), merge and write; (page count, SHA-256, log)."""
    spec = Spec(consultation, arrangement, edition, tuple(languages), append_attachments, language)
    return document_to_file(spec, output_path=output_path, cache_dir=cache_dir)


def document_to_file(spec, *, output_path, cache_dir=None) -> tuple[int, str, list[str]]:
    """A document of any kind made in this process, no job row: (page count, SHA-256, log)."""
    compiled = collection.build(spec, cache_dir=cache_dir or files.cache_dir(), output_path=output_path)
    return compiled.page_count, compiled.sha256, compiled.log


# One input's own PDF ---------------------------------------------------------------------------------------------


def single_input(submission, *, edition) -> Path | None:
    """The input's own PDF, its labels in the current language, if it is cached; else None, and a worker is asked
    to render it (once while a render is pending): a page never renders it, a long input takes a worker minutes."""
    path, cached = single_input_cached(submission, edition=edition, cache_dir=files.cache_dir())
    if cached:
        return path
    if cache.add(f"pdf-pending:{path.name}", True, PDF_PENDING_SECONDS):
        enqueue(SINGLE_INPUT_TASK, submission.pk, edition, translation.get_language())
    return None


def single_input_cached(submission, *, edition, cache_dir) -> tuple[Path, bool]:
    """Where the input's own PDF is cached, labels in the current language, and whether it is there: renders nothing."""
    _doc, _title, path = _single_input(submission.pk, edition, cache_dir)
    if not files.fetch(path):
        return path, False
    with suppress(OSError):
        os.utime(path)  # in use: parts_prune keeps it
    return path, True


def single_input_render(submission_id: int, *, edition, language) -> str:
    """A worker's job: render one input's own PDF into the cache, its labels in `language`; the file's name."""
    with translation.override(language):
        return _single_input_pdf(submission_id, edition, files.cache_dir()).name


def single_input_pdf(submission, *, edition, cache_dir) -> Path:
    """One input as its own PDF (the organisation's copy with its receipt, or the public page's), cached: rendered
    here when it is not (a worker's job: single_input_render)."""
    return _single_input_pdf(submission.pk, edition, cache_dir)


def _single_input_pdf(submission_id, edition, cache_dir) -> Path:
    doc, title, path = _single_input(submission_id, edition, cache_dir)
    if files.fetch(path):
        return path
    part = render.render_part(KIND, doc, title, cache_dir=cache_dir)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:  # the part's pages alone, numbered and tagged as in a compilation
        merge.merge_to_file(None, [part], title=documents.respondent_label(doc), subject=title,
                            language=translation.get_language() or LANGUAGE, bookmarks=[], output_path=partial,
                            created=timezone.now())  # fmt: skip
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    files.publish(path)  # for the web hosts, when media is in object storage
    return path


def _single_input(submission_id, edition, cache_dir):
    """The input as its PDF shows it, the consultation's title, and the file it is cached in (keyed by both)."""
    doc, title = documents.single_input_doc(submission_id, edition=edition)
    return doc, title, Path(cache_dir) / f"input-{render.part_key(KIND, doc, title=title)}.pdf"
