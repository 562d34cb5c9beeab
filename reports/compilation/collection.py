"""One pass over a document's parts, and the document built from it: render what is missing, lay out, merge.

`collect` reads every part's doc once (through its kind's loader), keys it and looks for it in the cache: what the
layout needs of each part, which parts are still to be rendered, and the log. A job's start makes that pass; when
the missing parts are more than one batch it `keep`s the collection in a work file named by the document's
fingerprint, and the merge, in whichever process takes it, finds it there (`kept`) instead of reading every input
again. An input that changed meanwhile changes the fingerprint: the merge finds no collection under the new one
and collects again, so the document is the inputs as they are when it is merged, as it always was.
"""

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.compilation import files, kinds, layout, merge, render


@dataclass
class Collected:
    """One pass over a document's parts: what the layout needs of each, and what is still to be rendered.

    Each part's doc is kept as its kind slims it (an input keeps its names, not its answers' text), so memory stays
    flat in the number of parts; the missing parts are kept whole while they make one batch, and past that only as
    (index, pk, weight), to be read again by whoever renders them."""

    docs: list = field(default_factory=list)  # each part's doc, as its kind slims it
    parts: list = field(default_factory=list)  # PartPdf, or None while missing
    keys: list = field(default_factory=list)  # each part's key in the cache
    weights: list = field(default_factory=list)  # what rendering each part costs
    missing: list = field(default_factory=list)  # (index, whole doc, weight) while they make one batch
    overflow: list = field(default_factory=list)  # (index, pk, weight) once they do not
    extras: list = field(default_factory=list)  # the other docs the layout needs (slim)
    log: list = field(default_factory=list)  # attachment notes and font warnings

    def batches(self) -> list[list]:
        """The missing parts' pks, in batches for the workers."""
        items = self.overflow or [(index, doc.pk, weight) for index, doc, weight in self.missing]
        return [[pk for _index, pk, _weight in batch] for batch in render.batches(items, weight=_weight_of)]


def _weight_of(item) -> int:
    return item[2]


@dataclass(frozen=True)
class Compiled:
    """A document written: its pages, its SHA-256 and its log."""

    page_count: int
    sha256: str
    log: list[str]


def collect(spec, *, cache_dir) -> Collected:
    """Key every part of the document and find it in the cache, in one pass over its docs."""
    kind = kinds.of(spec)
    collected, title = Collected(), kind.title(spec)
    one_batch, room = settings.COMPILATION_BATCH_PARTS, settings.COMPILATION_BATCH_CHARACTERS
    docs, extras = kind.load(spec)
    weight = 0  # of the missing parts kept whole
    for doc in docs:
        collected.log += kind.notes(doc)
        key, cost, index = render.part_key(kind, doc, title=title), kind.weight(doc), len(collected.docs)
        part = render.cached_part(key, cache_dir)
        if part is None:
            fits = len(collected.missing) < one_batch and weight + cost <= room
            if not collected.overflow and (fits or not collected.missing):
                collected.missing.append((index, doc, cost))
                weight += cost
            else:
                collected.overflow += [(i, d.pk, w) for i, d, w in collected.missing]
                collected.overflow.append((index, doc.pk, cost))
                collected.missing = []
        collected.docs.append(kind.slim(doc))
        collected.parts.append(part)
        collected.keys.append(key)
        collected.weights.append(cost)
    for doc in extras:
        collected.log += kind.notes(doc)
    collected.extras = [kind.slim(doc) for doc in extras]
    return collected


def render_missing(collected: Collected, spec, *, cache_dir) -> None:
    """Render, here, the parts the pass found missing (those the workers did not): one batch at a time."""
    kind = kinds.of(spec)
    title = kind.title(spec)
    for batch in render.batches(collected.overflow, weight=_weight_of):
        kept = [collected.docs[index] for index, _pk, _weight in batch]
        docs = kind.whole(spec, kept, [pk for _index, pk, _weight in batch])
        for (index, _pk, _weight), part in zip(batch, render.render_batch(kind, docs, title, cache_dir=cache_dir),
                                               strict=True):  # fmt: skip
            collected.parts[index] = part
    collected.overflow = []
    for batch in render.batches(collected.missing, weight=_weight_of):
        rendered = render.render_batch(kind, [doc for _index, doc, _weight in batch], title, cache_dir=cache_dir)
        for (index, _doc, _weight), part in zip(batch, rendered, strict=True):
            collected.parts[index] = part
    collected.missing = []


def assemble(spec, collected: Collected, front, *, cache_dir, output_path, generated_at=None, started=None) -> Compiled:
    """Lay out the parts (all rendered by now), merge them behind the front, check, and write output_path."""
    kind = kinds.of(spec)
    started, generated_at = started or time.monotonic(), generated_at or timezone.now()
    body = kind.layout(spec, collected.docs, collected.parts, collected.extras)
    cover = kind.cover(spec, front, contents=bool(body.toc), generated_at=generated_at)
    title, subject = kind.metadata(spec, front)
    layout.label_attachments(body, kind.title(spec), cache_dir=cache_dir)
    contents, front_pages = layout.front_matter(cover, body.toc, cache_dir=cache_dir, title=title)
    output_path = Path(output_path)
    partial = output_path.with_name(f".{output_path.name}.{os.getpid()}.tmp")
    try:
        merged = merge.merge_to_file(
            cover,
            [*contents, *body.files],
            title=title,
            subject=subject,
            keywords=kind.keywords(spec, front),
            created=generated_at,
            language=spec.language,
            bookmarks=layout.shifted(body.bookmarks, front_pages),
            output_path=partial,
        )
        merge.verify(partial, front_pages + body.pages, [(a, front_pages + p) for a, p in body.starts])
        digest, size = merge.file_digest(partial)
        os.replace(partial, output_path)
    finally:
        partial.unlink(missing_ok=True)
    rendered = sum(part.rendered for part in collected.parts)
    fallbacks = [
        _("%(part)s: drawn in a font outside the document's own (%(font)s): %(characters)s")
        % {"part": kind.label(doc) or part.key[:12], "font": font, "characters": " ".join(characters[:40])}
        for doc, part in zip(collected.docs, collected.parts, strict=True)
        for font, characters in part.fallback
    ]
    log = [
        f"{len(collected.parts)} parts: {rendered} rendered, {len(collected.parts) - rendered} from the cache; "
        f"{merged.pages} pages, {size} bytes, in {time.monotonic() - started:.1f} s.",
        *collected.log,
        *fallbacks,
    ]
    return Compiled(merged.pages, digest, log)


def build(spec, *, cache_dir, output_path, collected: Collected | None = None) -> Compiled:
    """Everything in this process: collect (unless `collected` is the pass made already, in the same language),
    render what is not cached, read the front, merge and write output_path."""
    started = time.monotonic()
    kind = kinds.of(spec)
    with translation.override(spec.language):  # labels and notes are in the document's language, and keyed by it
        if collected is None:
            collected = collect(spec, cache_dir=cache_dir)
        render_missing(collected, spec, cache_dir=cache_dir)
        front = kind.front(spec)  # (each batch rendered here gave back its memory as it was written)
        return assemble(spec, collected, front, cache_dir=cache_dir, output_path=output_path, started=started)


# The collection between a job's start and its merge -------------------------------------------------------------


def _work_file(mark: str, cache_dir) -> Path:
    return Path(cache_dir) / f"collection-{mark}.json"


def keep(collected: Collected, spec, *, mark: str, cache_dir) -> None:
    """Keep the pass in a work file named by the fingerprint `mark` (taken before the pass), for the merge."""
    kind = kinds.of(spec)
    data = {
        "docs": [kind.to_data(doc) for doc in collected.docs],
        "keys": collected.keys,
        "weights": collected.weights,
        "extras": [kind.to_data(doc) for doc in collected.extras],
        "log": collected.log,
    }
    path = _work_file(mark, cache_dir)
    files.write_atomically(path, json.dumps(data, ensure_ascii=False).encode())
    files.publish(path)  # the merge may run on another host


def kept(spec, *, mark: str, cache_dir) -> Collected | None:
    """The pass a start kept for the fingerprint `mark`, each part looked up in the cache again (those still missing
    are left to render); None when there is none (the inputs changed since, or no start kept one) or when a file it
    appends is not on this host's disk."""
    path = _work_file(mark, cache_dir)
    try:
        if not files.fetch(path):
            return None
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    kind = kinds.of(spec)
    collected = Collected(log=data["log"], keys=data["keys"], weights=data["weights"])
    collected.docs = [kind.from_data(item) for item in data["docs"]]
    collected.extras = [kind.from_data(item) for item in data["extras"]]
    if not all(kind.present(doc) for doc in [*collected.docs, *collected.extras]):
        return None
    for index, (doc, key, weight) in enumerate(zip(collected.docs, collected.keys, collected.weights, strict=True)):
        part = render.cached_part(key, cache_dir)
        collected.parts.append(part)
        if part is None:
            collected.overflow.append((index, doc.pk, weight))
    return collected


def forget(*, mark: str, cache_dir) -> None:
    """Delete the work file of a pass once its document is made."""
    files.discard(_work_file(mark, cache_dir))
