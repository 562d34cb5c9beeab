"""Rendering parts: HTML to PDF with WeasyPrint, batches of parts, and the cache that finds each part by its content.

A part (an input, or one category's answers to a question: whatever a document kind cuts its document into) is
keyed by everything it shows, so it is rendered once and found again whoever asks. Missing parts are rendered in
batches (one WeasyPrint document each, cut back into parts by their named destinations), which costs far less per
page than one render per part and keeps each render's memory small. What a part shows, and with which template, is
its kind's (reports.compilation.kinds); nothing here reads the database.
"""

import ctypes
import ctypes.util
import functools
import gc
import hashlib
import io
import json
import mimetypes
import os
import re
import unicodedata
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from pikepdf import Array, Dictionary, NameTree
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from reports.compilation import files, fonts, locks, tagging

# Cached parts are keyed by it (render.variant): bump it whenever templates/pdf/ or static/css/print*.css change.
TEMPLATE_VERSION = "15"
# Relative and "static:" URLs in the templates resolve against this, and only url_fetcher serves them.
BASE_URL = "static:"


# Fetching and rendering ----------------------------------------------------------------------------------------


def url_fetcher(url, timeout=10, ssl_context=None):
    """WeasyPrint's resources: the project's static files and data: URLs; anything else raises ValueError."""
    if url.startswith("data:"):
        return URLFetcher(timeout=timeout, allowed_protocols={"data"}).fetch(url)
    name = _static_name(url)
    path = finders.find(name) if name else None
    if not path:
        raise ValueError(f"Only the project's static files may be fetched, not {url[:200]}")
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": content_type})


def _static_name(url: str) -> str | None:
    """The static file a URL names ("static:css/print.css" or "/static/css/print.css"), or None."""
    if url.startswith("static:"):
        name = url.removeprefix("static:")
    else:
        parts, prefix = urlsplit(url), "/" + urlsplit(settings.STATIC_URL).path.strip("/") + "/"
        if parts.scheme or parts.netloc or not parts.path.startswith(prefix):
            return None
        name = parts.path.removeprefix(prefix)
    name = unquote(name).lstrip("/")
    if not name or "\\" in name or any(piece in ("", ".", "..") for piece in name.split("/")):
        return None
    return name


class StaticFetcher(URLFetcher):
    """url_fetcher in the shape WeasyPrint 70 calls (an URLFetcher); a refused URL stops the render."""

    def __init__(self):
        super().__init__(fail_on_errors=True)

    def fetch(self, url, headers=None):
        return url_fetcher(url, self._timeout)


def render_html(html: str) -> bytes:
    """HTML to PDF with WeasyPrint, fetching nothing but static files; tagged (reports.compilation.tagging) unless
    COMPILATION_PDF_TAGS is off."""
    tagging.install()
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFetcher())
        return document.write_pdf(pdf_tags=settings.COMPILATION_PDF_TAGS, pdf_version="1.7")
    except FatalURLFetchingError as error:  # a BaseException: make it an ordinary error
        raise ValueError(f"{error}: {error.__cause__}") from error


def render_html_cached(html: str, cache_dir) -> bytes:
    """A page rendered once from `html` and kept in the part cache under the HTML's digest (a report's cover, the
    same until its draft or language changes): rendered again only when the HTML differs."""
    key = hashlib.sha256(f"{variant()}\n{html}".encode()).hexdigest()
    path = Path(cache_dir) / f"front-{key}.pdf"
    if files.fetch(path):
        with suppress(OSError):
            os.utime(path)  # in use: jobs.parts_prune keeps it
        return path.read_bytes()
    data = render_html(html)
    files.write_atomically(path, data)
    files.publish(path)
    return data


def release_memory() -> None:
    """Hand back to the system what a render freed: WeasyPrint leaves cycles for the collector, and glibc keeps
    freed memory for the process unless asked to trim it. A worker then merges, or renders its next batch, from
    about the memory it started with (measured: 210 MB after a render of 60 pages, 150 MB after this)."""
    gc.collect()
    with suppress(OSError, AttributeError):
        _libc().malloc_trim(0)


@functools.cache
def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")


def direction(text: str) -> str:
    """ "rtl" or "ltr" from the first strong character, as HTML's dir="auto" decides (WeasyPrint ignores auto)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def paragraphs(text: str) -> list[tuple[str, str]]:
    """[(direction, paragraph)] split at blank lines."""
    blocks = (block.strip() for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")))
    return [(direction(block), block) for block in blocks if block]


# Reading PDFs --------------------------------------------------------------------------------------------------


def destinations(document: pikepdf.Pdf) -> dict[str, int]:
    """The named destinations of a PDF as {name: 0-based page}: a name tree (PDF 1.2+) or the old /Dests dict."""
    pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
    found = {}
    names = document.Root.get("/Names")
    if names is not None and "/Dests" in names:
        entries = NameTree(names.Dests).items()
    else:
        entries = document.Root.get("/Dests", Dictionary()).items()
    for name, target in entries:
        target = target.get("/D", target) if isinstance(target, Dictionary) else target
        if isinstance(target, Array) and len(target) and isinstance(target[0], Dictionary):
            page = pages.get(target[0].objgen)
            if page is not None:
                found[str(name).removeprefix("/")] = page
    return found


def named_pages(path) -> tuple[dict[str, int], int]:
    """A PDF's named destinations as {name: 0-based page}, and its page count."""
    with pikepdf.open(path) as document:
        return destinations(document), len(document.pages)


def page_count(data: bytes) -> int:
    """The pages of a PDF held in memory."""
    with pikepdf.open(io.BytesIO(data)) as document:
        return len(document.pages)


# The part cache: each part's pages, rendered once, found by its key --------------------------------------------
#
# A batch of parts is rendered as one WeasyPrint document (far cheaper per page than one render each) into
# cache_dir/batch-<hash>.pdf; then cache_dir/<key>.json says, for each part in it, which pages are its own.
# A part changed later is rendered in a new batch; the old batch file stays for the parts still using it.


@dataclass(frozen=True)
class PartPdf:
    """A part's pages in a file on disk: `pages` pages from page `first` (0-based) of `path`.

    A batch file holds several parts; an appended attachment is a part of its own file. `starts` maps the part's
    anchors ("input-<reference>", "q<number>-<reference>") to pages within the part."""

    path: str
    pages: int
    key: str
    starts: dict = field(default_factory=dict)
    rendered: bool = False
    first: int = 0
    section: str = ""  # consecutive parts of the same section are one section of the document's structure
    figures: tuple = ()  # an appended attachment's: each page's description (its own tags are not trusted)
    fallback: tuple = ()  # (font, characters) drawn in a font outside the documents' own (print.css)


def variant() -> str:
    """What every cached page depends on besides what it shows: the templates' version, and whether it is tagged."""
    return TEMPLATE_VERSION if settings.COMPILATION_PDF_TAGS else f"{TEMPLATE_VERSION}-untagged"


def part_key(kind, doc, *, title="") -> str:
    """SHA-256 over what the part shows (its kind says what: the digests, names, wording, edition…), the template
    version, the document's title and the language of the labels: a part is rendered again exactly when one changes."""
    shown = {**kind.shown(doc), "template": variant(), "title": title, "labels": translation.get_language()}
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def parts_html(kind, docs, title: str) -> str:
    """One HTML document of several parts, each opening a new page: a batch for one WeasyPrint render."""
    return render_to_string(kind.part_template, {"parts": [kind.context(doc) for doc in docs], "title": title})


def part_html(kind, doc, title: str) -> str:
    """The HTML of one part alone."""
    return parts_html(kind, [doc], title)


def batches(docs, *, weight, size=None, characters=None) -> list[list]:
    """Docs in order, cut into batches of at most `size` docs and about `characters` of `weight` (a render's cost)."""
    size = size or settings.COMPILATION_BATCH_PARTS
    characters = characters or settings.COMPILATION_BATCH_CHARACTERS
    cut, batch, length = [], [], 0
    for doc in docs:
        cost = weight(doc)
        if batch and (len(batch) >= size or length + cost > characters):
            cut.append(batch)
            batch, length = [], 0
        batch.append(doc)
        length += cost
    return [*cut, batch] if batch else cut


def cached_part(key: str, cache_dir) -> PartPdf | None:
    """The part of this key if a batch holding it is in the cache, else None."""
    index = Path(cache_dir) / f"{key}.json"
    try:
        files.fetch(index)  # rendered on another host, perhaps
        entry = json.loads(index.read_text())
    except (FileNotFoundError, ValueError):
        return None
    path = Path(cache_dir) / entry["file"]
    if not files.fetch(path):
        return None
    with suppress(OSError):
        os.utime(index)  # in use: jobs.parts_prune keeps it
    fallback = tuple(tuple(pair) for pair in entry.get("fallback", ()))
    return PartPdf(str(path), entry["pages"], key, entry["starts"], first=entry["first"], fallback=fallback)


def render_batch(kind, docs, title: str, *, cache_dir) -> list[PartPdf]:
    """The docs' parts: those another process rendered meanwhile from the cache, the others rendered here, once.

    A task delivered twice (past the broker's visibility timeout) or a merge that found a part missing while its
    task was still running waits here for the other process, then finds its parts in the cache.
    """
    keys = [part_key(kind, doc, title=title) for doc in docs]
    with locks.claims_held():
        locks.wait_for_parts(keys)
        ready = {key: cached_part(key, cache_dir) for key in keys}
        todo = [doc for doc, key in zip(docs, keys, strict=True) if ready[key] is None]
        if todo:
            ready |= {part.key: part for part in _render_batch(kind, todo, title, cache_dir=cache_dir)}
    return [ready[key] for key in keys]


def _render_batch(kind, docs, title: str, *, cache_dir) -> list[PartPdf]:
    """Render docs as one document, then record which of its pages are each doc's part."""
    keys = [part_key(kind, doc, title=title) for doc in docs]
    path = Path(cache_dir) / f"batch-{hashlib.sha256(''.join(keys).encode()).hexdigest()[:40]}.pdf"
    files.write_atomically(path, render_html(parts_html(kind, docs, title)))
    release_memory()
    anchors, total = named_pages(path)
    starts = [anchors[f"part-{i}"] for i in range(len(docs))]
    if starts != sorted(starts) or starts[0] != 0:
        raise ValueError(f"The parts of {path.name} are not in order: {starts}")
    parts = []
    ranges = [(starts[i], starts[i + 1] if i + 1 < len(starts) else total) for i in range(len(keys))]
    fallbacks = fonts.fallback_characters(path, ranges)
    for i, key in enumerate(keys):
        first, end = ranges[i]
        own = {name: page - first for name, page in anchors.items() if first <= page < end}
        own.pop(f"part-{i}")
        entry = {"file": path.name, "first": first, "pages": end - first, "starts": own, "fallback": fallbacks[i]}
        files.write_atomically(Path(cache_dir) / f"{key}.json", json.dumps(entry, ensure_ascii=False).encode())
        parts.append(PartPdf(str(path), end - first, key, own, rendered=True, first=first,
                             fallback=tuple(tuple(pair) for pair in fallbacks[i])))  # fmt: skip
    files.publish(path, *(Path(cache_dir) / f"{key}.json" for key in keys))  # the batch first, then its records
    return parts


def render_parts(kind, docs, title: str, *, cache_dir) -> list[PartPdf]:
    """Every doc's part: from the cache, or rendered in batches now (in this process)."""
    found = {}
    missing = []
    for doc in docs:
        part = cached_part(part_key(kind, doc, title=title), cache_dir)
        if part is None:
            missing.append(doc)
        else:
            found[id(doc)] = part
    for batch in batches(missing, weight=kind.weight):
        for doc, part in zip(batch, render_batch(kind, batch, title, cache_dir=cache_dir), strict=True):
            found[id(doc)] = part
    return [found[id(doc)] for doc in docs]


def render_part(kind, doc, title: str, *, cache_dir) -> PartPdf:
    """One part, from the cache or rendered alone."""
    return render_parts(kind, [doc], title, cache_dir=cache_dir)[0]
