"""Compilations: one PDF of a consultation's inputs, made of parts rendered once each and merged.

A part is an input (or, arranged by question, one category's answers to a question), built as a plain dataclass
and cached under a key of everything it shows, so compiling again after one more input renders one part. Missing
parts are rendered by WeasyPrint in batches (one document each, cut back into parts by their named destinations),
which costs far less per page than one render per part and keeps each render's memory small. The parts are merged
by reports.merging behind a front matter (cover, who contributed, contents), with bookmarks, links, metadata and
page numbers "n / N". The ORM is touched only by the loaders at the end.
"""

import ctypes
import ctypes.util
import functools
import gc
import hashlib
import io
import itertools
import json
import logging
import mimetypes
import os
import re
import subprocess
import time
import unicodedata
from collections import Counter, defaultdict
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection, transaction
from django.db.models import Case, F, Prefetch, Value, When
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from accounts.models import RegionalGroup
from accounts.queries import category_names
from consultations.models import INPUT_LANGUAGES, Consent, Submission, VersionAnswer
from reports import attachments, balance, merging, pdfstream, workfiles
from reports.merging import Bookmark
from reports.models import Compilation
from reports.workfiles import write_atomically

logger = logging.getLogger(__name__)
# Cached parts are keyed by it: bump it whenever templates/pdf/ or static/css/print.css change.
TEMPLATE_VERSION = "5"
# Relative and "static:" URLs in the templates resolve against this, and only url_fetcher serves them.
BASE_URL = "static:"
COMPLETE, PUBLIC = Compilation.Edition.COMPLETE.value, Compilation.Edition.PUBLIC.value
BY_RESPONDENT, BY_QUESTION = Compilation.Arrangement.BY_RESPONDENT.value, Compilation.Arrangement.BY_QUESTION.value
LANGUAGE_NAMES = dict(INPUT_LANGUAGES)


# Fetching ------------------------------------------------------------------------------------------------------


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
    """HTML to PDF with WeasyPrint, fetching nothing but static files."""
    try:
        return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFetcher()).write_pdf()
    except FatalURLFetchingError as error:  # a BaseException: make it an ordinary error
        raise ValueError(f"{error}: {error.__cause__}") from error


# What a part shows ---------------------------------------------------------------------------------------------


class Attached(NamedTuple):
    """An attachment as its input's part lists it: appended after the input (pages > 0) or not, and why."""

    name: str
    size: int
    sha256: str
    kind: str = "pdf"
    path: str = ""
    pages: int = 0
    reason: str = ""


@dataclass
class InputDoc:
    """One input as its part shows it; organisation and country are None where the public edition hides them."""

    reference: str
    organisation: str | None
    category: str
    country: str | None
    regional_group: str
    language: str
    submitted_at: datetime
    digest: str
    answers: list[tuple[int, str, str]]  # (question number, question, answer)
    attachments: list[Attached] = field(default_factory=list)
    edition: str = COMPLETE
    consent: str = Consent.PUBLIC.value
    pk: int = 0  # the submission's id: how a worker is told which inputs to render


@dataclass
class QuestionDoc:
    """A question with included answers of one category (respondent order), or with none.

    A question's answers are split by category, and a category's in several parts when they are long, so that a
    part stays small however many inputs there are; the first of a question's parts `opens` it with the question's
    text, the others say "continued"."""

    number: int
    text: str
    theme: str
    answers: list[tuple[InputDoc, str]]  # (respondent without answers, answer)
    edition: str = COMPLETE
    category: str = ""
    opens: bool = True
    sequel: int = 0  # 0 for a category's first part, then 1, 2… for the parts that carry on its answers

    @property
    def pk(self) -> str:
        return f"{self.number}:{self.category}:{self.sequel}"


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


def part_key(doc, *, edition, template_version=TEMPLATE_VERSION, title="") -> str:
    """SHA-256 over what the part shows: the digest(s), edition, anonymity, template version, names and title.

    The digest stands for the answers and files; names, question wording, attachment notes, the consultation's
    title and the language of the labels are hashed too, as a rename or a reworded question changes no digest."""
    if isinstance(doc, InputDoc):  # where a file lies is not shown; vars() is asdict() without its deep copies
        fields = {**vars(doc), "attachments": [a._replace(path="") for a in doc.attachments]}
    else:
        fields = asdict(doc)
    shown = {
        "doc": fields,
        "edition": edition,
        "template": template_version,
        "title": title,
        "labels": translation.get_language(),
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


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


def html_lang(code: str) -> str:
    """A BCP 47 tag for an input language code ("" when unknown, as for "other")."""
    return {"zh-hans": "zh-Hans", "other": ""}.get(code, code)


def respondent_label(doc: InputDoc) -> str:
    return f"{doc.organisation or _('Anonymous respondent')} ({doc.reference})"


def _marker(doc: InputDoc) -> str:
    """What the complete edition says of an input that is not to be published as it stands."""
    if doc.edition == COMPLETE and doc.consent == Consent.SECRETARIAT:
        return _("For the secretariat only: not to be published.")
    if doc.edition == COMPLETE and doc.consent == Consent.ANONYMOUS:
        return _("To be published without the organisation's name.")
    return ""


def input_anchor(reference: str) -> str:
    """Where an input starts: a named destination of its part, and of the compilation (file.pdf#input-...)."""
    return f"input-{reference}"


def answer_anchor(number: int, reference: str) -> str:
    """Where an input's answer to a question starts, arranged by question."""
    return f"q{number}-{reference}"


def part_context(doc) -> dict:
    """What the templates show of one part: an input with its answers, or a question with answers to it."""
    if isinstance(doc, QuestionDoc):
        return {"question": True, "doc": doc, "answers": [_answer_line(doc.number, a) for a in doc.answers]}
    return {
        "doc": doc,
        "anchor": input_anchor(doc.reference),
        "marker": _marker(doc),
        "name_direction": direction(doc.organisation or ""),
        "language_name": LANGUAGE_NAMES.get(doc.language, doc.language),
        "lang": html_lang(doc.language),
        "answers": [{"number": n, "question": q, "paragraphs": paragraphs(text)} for n, q, text in doc.answers],
    }


def _answer_line(number: int, answer: tuple[InputDoc, str]) -> dict:
    respondent, text = answer
    return {
        "respondent": respondent,
        "anchor": answer_anchor(number, respondent.reference),
        "marker": _marker(respondent),
        "name_direction": direction(respondent.organisation or ""),
        "lang": html_lang(respondent.language),
        "paragraphs": paragraphs(text),
    }


def parts_html(docs, title: str) -> str:
    """One HTML document of several parts, each opening a new page: a batch for one WeasyPrint render."""
    return render_to_string("pdf/parts.html", {"parts": [part_context(doc) for doc in docs], "title": title})


def part_html(doc, title: str) -> str:
    """The HTML of one part alone."""
    return parts_html([doc], title)


# The part cache: each part's pages, rendered once, found by its key --------------------------------------------
#
# A batch of parts is rendered as one WeasyPrint document (far cheaper per page than one render each) into
# cache_dir/batch-<hash>.pdf; then cache_dir/<key>.json says, for each part in it, which pages are its own.
# A part changed later is rendered in a new batch; the old batch file stays for the parts still using it.


def batches(docs, *, size=None, characters=None, weight=None) -> list[list]:
    """Docs in order, cut into batches of at most `size` docs and about `characters` of answer text."""
    size = size or settings.COMPILATION_BATCH_PARTS
    characters = characters or settings.COMPILATION_BATCH_CHARACTERS
    weight_of = weight or characters_of
    cut, batch, length = [], [], 0
    for doc in docs:
        weight = weight_of(doc)
        if batch and (len(batch) >= size or length + weight > characters):
            cut.append(batch)
            batch, length = [], 0
        batch.append(doc)
        length += weight
    return [*cut, batch] if batch else cut


def characters_of(doc) -> int:
    """About how much a part's render costs: its characters, and a share for its header."""
    if isinstance(doc, QuestionDoc):
        return sum(len(text) + 200 for _respondent, text in doc.answers) + 500
    return sum(len(text) + len(question) for _number, question, text in doc.answers) + 1500


def cached_part(key: str, cache_dir) -> PartPdf | None:
    """The part of this key if a batch holding it is in the cache, else None."""
    index = Path(cache_dir) / f"{key}.json"
    try:
        workfiles.fetch(index)  # rendered on another host, perhaps
        entry = json.loads(index.read_text())
    except (FileNotFoundError, ValueError):
        return None
    path = Path(cache_dir) / entry["file"]
    if not workfiles.fetch(path):
        return None
    with suppress(OSError):
        os.utime(index)  # in use: parts_prune keeps it
    return PartPdf(str(path), entry["pages"], key, entry["starts"], first=entry["first"])


def render_batch(docs, title: str, *, cache_dir) -> list[PartPdf]:
    """The docs' parts: those another process rendered meanwhile from the cache, the others rendered here, once.

    A task delivered twice (past the broker's visibility timeout) or a merge that found a part missing while its
    task was still running waits here for the other process, then finds its parts in the cache.
    """
    keys = [part_key(doc, edition=doc.edition, title=title) for doc in docs]
    with claims_held():
        workfiles.wait_for_parts(keys)
        ready = {key: cached_part(key, cache_dir) for key in keys}
        todo = [doc for doc, key in zip(docs, keys, strict=True) if ready[key] is None]
        if todo:
            ready |= {part.key: part for part in _render_batch(todo, title, cache_dir=cache_dir)}
    return [ready[key] for key in keys]


@contextmanager
def claims_held():
    """The transaction that reports.workfiles' claims (PostgreSQL advisory locks) last as long as: none on SQLite.

    SQLite has no such locks, and its transaction would lock the whole database through the render or merge inside
    it: every page writing meanwhile (beside the embedded set-up's jobs, run in a thread) would wait, then fail."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        yield


def _render_batch(docs, title: str, *, cache_dir) -> list[PartPdf]:
    """Render docs as one document, then record which of its pages are each doc's part."""
    keys = [part_key(doc, edition=doc.edition, title=title) for doc in docs]
    path = Path(cache_dir) / f"batch-{hashlib.sha256(''.join(keys).encode()).hexdigest()[:40]}.pdf"
    write_atomically(path, render_html(parts_html(docs, title)))
    release_memory()
    anchors, total = named_pages(path)
    starts = [anchors[f"part-{i}"] for i in range(len(docs))]
    if starts != sorted(starts) or starts[0] != 0:
        raise ValueError(f"The parts of {path.name} are not in order: {starts}")
    parts = []
    for i, key in enumerate(keys):
        first, end = starts[i], (starts[i + 1] if i + 1 < len(starts) else total)
        own = {name: page - first for name, page in anchors.items() if first <= page < end}
        own.pop(f"part-{i}")
        entry = {"file": path.name, "first": first, "pages": end - first, "starts": own}
        write_atomically(Path(cache_dir) / f"{key}.json", json.dumps(entry).encode())
        parts.append(PartPdf(str(path), end - first, key, own, rendered=True, first=first))
    workfiles.publish(path, *(Path(cache_dir) / f"{key}.json" for key in keys))  # the batch first, then its records
    return parts


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


def named_pages(path) -> tuple[dict[str, int], int]:
    """A PDF's named destinations as {name: 0-based page}, and its page count."""
    with pikepdf.open(path) as document:
        return merging.destinations(document), len(document.pages)


def render_parts(docs, title: str, *, cache_dir) -> list[PartPdf]:
    """Every doc's part: from the cache, or rendered in batches now (in this process)."""
    found = {}
    missing = []
    for doc in docs:
        key = part_key(doc, edition=doc.edition, title=title)
        part = cached_part(key, cache_dir)
        if part is None:
            missing.append(doc)
        else:
            found[id(doc)] = part
    for batch in batches(missing):
        for doc, part in zip(batch, render_batch(batch, title, cache_dir=cache_dir), strict=True):
            found[id(doc)] = part
    return [found[id(doc)] for doc in docs]


def render_part(doc, consultation_title: str, *, cache_dir) -> PartPdf:
    """One input (or question part), from the cache or rendered alone."""
    return render_parts([doc], consultation_title, cache_dir=cache_dir)[0]


def attachment_pages(path) -> tuple[int, str]:
    """A PDF attachment's page count when it can be appended; else 0 and the reason its input's part gives.

    Reading it costs at most ATTACHMENT_PDF_DECODED_BYTES, its objects and its pages' content decoded together
    (reports.attachments): a file that would cost more is not read further. Its pages are then copied to nowhere, as
    the merge will copy them, so that the merge reads nothing of the file that was not read here."""
    budget = attachments.Budget(settings.ATTACHMENT_PDF_DECODED_BYTES)
    try:
        # attempt_recovery=False: a damaged file is not guessed at.
        with attachments.qpdf_within(budget.limit), pikepdf.open(path, attempt_recovery=False) as document:
            if document.is_encrypted:
                return 0, _("not appended: the file is encrypted")
            budget.read_objects(document)
            for page in document.pages:
                budget.read_page(page)
            if not document.pages:
                return 0, _("not appended: the file has no pages")
            pdfstream.rehearse(document)  # a broken file fails here rather than in the merge
            budget.check_qpdf(document)
            return len(document.pages), ""
    except FileNotFoundError:
        return 0, _("not appended: the file is missing")
    except pikepdf.PasswordError:
        return 0, _("not appended: the file is encrypted")
    except attachments.OverBudget:
        limit = filesizeformat(budget.limit)
        return 0, _("not appended: its pages would take more than %(limit)s to read") % {"limit": limit}
    except Exception:  # an uploaded file can fail in any way; it must not fail the compilation
        return 0, _("not appended: the file could not be read as a PDF")


# The front matter ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationDoc:
    title: str
    reference: str
    mandate: str = ""
    summary: str = ""
    closes_at: datetime | None = None


@dataclass(frozen=True)
class Summary:
    """Who contributed: the number of inputs, and tables of (label, count)."""

    total: int
    tables: list[tuple[str, list[tuple[str, int]]]]


class TocEntry(NamedTuple):
    label: str
    page: int  # 0-based page in the body while laying out; the printed number in the front
    level: int = 2  # 0 category or question, 1 regional group, 2 input


def group_label(value: str) -> str:
    return str(RegionalGroup(value).label) if value else _("No regional group")


def summary_of(cells, category_names: dict[str, str]) -> Summary:
    """Counts by category, regional group and development from balance cells (population_report's "cells").

    An anonymous input of the public edition counts in the totals, and in the development table on a row of its own
    that says its status is not shown: every table still adds up to the total."""
    categories, groups, development = Counter(), Counter(), Counter()
    for cell in cells:
        categories[category_names.get(cell["category"], cell["category"])] += cell["count"]
        groups[cell["regional_group"]] += cell["count"]
        development[cell["developed"]] += cell["count"]
    statuses = [
        (True, _("Developed countries")),
        (False, _("Developing countries")),
        (None, _("International")),
        (balance.NOT_SHOWN, _("Not shown (inputs published without a name)")),
    ]
    by_group = [(group_label(g), groups[g]) for g in [*RegionalGroup.values, ""] if groups[g]]
    by_status = [(label, development[key]) for key, label in statuses if development[key]]
    tables = [(_("By stakeholder category"), list(categories.items())), (_("By regional group"), by_group)]
    return Summary(sum(categories.values()), [*tables, (_("By development status"), by_status)])


def render_front(
    consultation: ConsultationDoc,
    summary: Summary,
    generated_at,
    *,
    contents=True,
    edition=COMPLETE,
    arrangement=BY_RESPONDENT,
) -> bytes:
    """The cover and who contributed (or, when there are no contents, the cover saying there is no input)."""
    empty = _("No input of this consultation is public yet.") if edition == PUBLIC else None
    context = {
        "consultation": consultation,
        "summary": summary,
        "toc": contents,
        "generated_at": generated_at,
        "edition_label": Compilation.Edition(edition).label,
        "arrangement_label": Compilation.Arrangement(arrangement).label,
        "empty_message": empty or _("This consultation has no accepted input to compile."),
    }
    return render_html(render_to_string("pdf/front.html", context))


# Rows of contents on a page (5.5 mm each in print.css, 242 mm of the 251 mm between the margins), the first page's
# heading taking the room of two; and the pages rendered together and cached as one file.
CONTENTS_ROWS, CONTENTS_HEADING_ROWS, CONTENTS_CHUNK_PAGES = 44, 2, 10
CONTENTS_LABEL = 120  # characters: a longer label is cut short (the row's ellipsis cuts it at its width)


def contents_pages(rows: int) -> list[range]:
    """The rows of each page of contents."""
    pages, start, room = [], 0, CONTENTS_ROWS - CONTENTS_HEADING_ROWS
    while start < rows:
        pages.append(range(start, min(rows, start + room)))
        start, room = start + room, CONTENTS_ROWS
    return pages


def contents_parts(toc: list[TocEntry], *, cache_dir) -> list[PartPdf]:
    """The contents (with their final page numbers) as files of up to CONTENTS_CHUNK_PAGES pages each, rendered
    only when no file shows the same rows on the same pages: a changed answer that moves no page renders none."""
    pages = contents_pages(len(toc))
    files = []
    for chunk in range(0, len(pages), CONTENTS_CHUNK_PAGES):
        rows = [
            [
                {"label": _shortened(toc[i].label, CONTENTS_LABEL), "page": toc[i].page, "level": toc[i].level,
                 "direction": direction(toc[i].label)}
                for i in page
            ]
            for page in pages[chunk : chunk + CONTENTS_CHUNK_PAGES]
        ]  # fmt: skip
        shown = [rows, chunk == 0, TEMPLATE_VERSION, translation.get_language()]
        key = hashlib.sha256(json.dumps(shown).encode()).hexdigest()
        path = Path(cache_dir) / f"contents-{key}.pdf"
        rendered = not path.exists()
        if rendered:
            data = render_html(render_to_string("pdf/contents.html", {"pages": rows, "opens": chunk == 0}))
            if page_count(data) != len(rows):
                raise ValueError(f"The contents ran to {page_count(data)} pages instead of {len(rows)}.")
            write_atomically(path, data)
        else:
            with suppress(OSError):
                os.utime(path)  # in use: parts_prune keeps it
        files.append(PartPdf(str(path), len(rows), key, rendered=rendered))
    return files


def front_matter(consultation, summary, toc, generated_at, *, cache_dir, **labels) -> tuple[bytes, list, int]:
    """The cover (with who contributed), the contents' files and the front's page count.

    The contents' length is known before they are rendered (CONTENTS_ROWS to a page), so their page numbers are
    right the first time, and pages of contents already rendered with the same rows and numbers are reused."""
    cover = render_front(consultation, summary, generated_at, contents=bool(toc), **labels)
    front_pages = page_count(cover) + len(contents_pages(len(toc)))
    return cover, contents_parts(_numbered(toc, front_pages), cache_dir=cache_dir), front_pages


def _numbered(toc, front_pages: int) -> list[TocEntry]:
    return [entry._replace(page=front_pages + entry.page + 1) for entry in toc]


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as document:
        return len(document.pages)


# Laying out and merging ----------------------------------------------------------------------------------------


@dataclass
class Layout:
    """The body of a compilation: its files in order, and where everything starts (0-based, front excluded)."""

    files: list[PartPdf] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    starts: list[tuple[str, int]] = field(default_factory=list)  # (anchor, page)
    pages: int = 0

    def add(self, part: PartPdf) -> None:
        self.files.append(part)
        self.pages += part.pages

    def add_attachments(self, doc: InputDoc, bookmark: Bookmark) -> None:
        for attachment in doc.attachments:
            if attachment.pages:
                bookmark.children.append(Bookmark(attachment.name, self.pages))
                self.add(PartPdf(attachment.path, attachment.pages, attachment.sha256))


def layout_by_respondent(docs: list[InputDoc], parts: list[PartPdf]) -> Layout:
    """Category → regional group → input, each input followed by its appended attachments."""
    layout, category, group = Layout(), None, None
    for doc, part in zip(docs, parts, strict=True):
        if doc.category != category:
            category, group = doc.category, None
            layout.toc.append(TocEntry(category, layout.pages, 0))
            layout.bookmarks.append(Bookmark(category, layout.pages))
        if doc.regional_group != group:
            group = doc.regional_group
            layout.toc.append(TocEntry(group, layout.pages, 1))
        anchor = input_anchor(doc.reference)
        start = layout.pages + part.starts.get(anchor, 0)
        item = Bookmark(respondent_label(doc), start)
        layout.bookmarks[-1].children.append(item)
        layout.toc.append(TocEntry(respondent_label(doc), start))
        layout.starts.append((anchor, start))
        layout.add(part)
        layout.add_attachments(doc, item)
    return layout


def layout_by_question(docs: list[QuestionDoc], parts: list[PartPdf], appendices=()) -> Layout:
    """Each question then its answers by category; the appended attachments of `appendices` (input docs) last."""
    layout = Layout()
    for doc, part in zip(docs, parts, strict=True):
        if doc.opens:
            label = _("Question %(number)d. %(text)s") % {"number": doc.number, "text": _shortened(doc.text)}
            layout.toc.append(TocEntry(label, layout.pages, 0))
            layout.bookmarks.append(Bookmark(label, layout.pages))
        for respondent, _text in doc.answers:
            anchor = answer_anchor(doc.number, respondent.reference)
            start = layout.pages + part.starts[anchor]
            layout.bookmarks[-1].children.append(Bookmark(respondent_label(respondent), start))
            layout.starts.append((anchor, start))
        layout.add(part)
    appended = [doc for doc in appendices if any(a.pages for a in doc.attachments)]
    if appended:
        layout.toc.append(TocEntry(_("Attachments"), layout.pages, 0))
        layout.bookmarks.append(Bookmark(_("Attachments"), layout.pages))
        for doc in appended:
            item = Bookmark(respondent_label(doc), layout.pages)
            layout.bookmarks[-1].children.append(item)
            layout.add_attachments(doc, item)
    return layout


def _shortened(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shifted(bookmarks, offset: int) -> list[Bookmark]:
    return [Bookmark(b.title, b.page + offset, _shifted(b.children, offset)) for b in bookmarks]


@dataclass(frozen=True)
class Compiled:
    page_count: int
    sha256: str
    log: list[str]


@dataclass
class Collected:
    """One pass over a compilation's parts: what the layout needs of each, and what is still to be rendered.

    Arranged by respondent, the inputs are read in chunks and each keeps only its names once its part is keyed,
    so memory stays flat in the number of inputs; the missing parts are kept whole while they make one batch,
    and past that only as (id, weight), to be read again by whoever renders them. Arranged by question, every part
    stays whole in `docs` (the inputs' answers are all in memory for the layout anyway); its id is "number:category:
    sequel", which only question docs understand."""

    docs: list = field(default_factory=list)  # each part's doc, by respondent without its answers' text
    parts: list = field(default_factory=list)  # PartPdf, or None while missing
    missing: list = field(default_factory=list)  # (index in docs, whole doc) while they make one batch
    overflow: list = field(default_factory=list)  # (index in docs, id, weight) once they do not
    appendices: list = field(default_factory=list)  # by question: the inputs, for their appended attachments
    log: list = field(default_factory=list)  # attachment notes and font warnings

    def batches(self) -> list[list]:
        """The missing parts' ids, in batches for the workers."""
        if self.overflow:
            return [[pk for _i, pk, _w in batch] for batch in batches(self.overflow, weight=lambda item: item[2])]
        return [[doc.pk for _i, doc in batch] for batch in batches(self.missing, weight=lambda i: characters_of(i[1]))]


def collect(consultation, *, arrangement, edition, languages=(), append_attachments=True, cache_dir) -> Collected:
    """Key every part of the compilation and find it in the cache, in one pass over the inputs."""
    collected, title = Collected(), consultation.translated("title")
    one_batch, room = settings.COMPILATION_BATCH_PARTS, settings.COMPILATION_BATCH_CHARACTERS
    inputs = iter_input_docs(consultation, edition=edition, languages=languages, append_attachments=append_attachments)
    if arrangement == BY_QUESTION:
        collected.appendices = list(inputs)
        docs = by_question(questions_of(consultation), collected.appendices, edition)
        notes_of = collected.appendices
    else:
        docs, notes_of = inputs, None
    weight = 0  # of the missing parts kept whole
    for doc in docs:
        if notes_of is None:
            collected.log += _notes(doc)
        part = cached_part(part_key(doc, edition=doc.edition, title=title), cache_dir)
        index = len(collected.docs)
        if part is None:
            fits = len(collected.missing) < one_batch and weight + characters_of(doc) <= room
            if not collected.overflow and (fits or not collected.missing):
                collected.missing.append((index, doc))
                weight += characters_of(doc)
            else:
                collected.overflow += [(i, d.pk, characters_of(d)) for i, d in collected.missing]
                collected.overflow.append((index, doc.pk, characters_of(doc)))
                collected.missing = []
        if isinstance(doc, InputDoc):  # the layout needs names and attachments, not the answers' text
            doc = replace(doc, answers=[])
        collected.docs.append(doc)
        collected.parts.append(part)
    for doc in notes_of or ():
        collected.log += _notes(doc)
    return collected


def _notes(doc: InputDoc) -> list[str]:
    """The log's lines about an input: attachments not appended, characters no font draws."""
    lines = [f"{doc.reference}: {a.name} {a.reason}" for a in doc.attachments if a.reason]
    warning = font_warning(doc)
    return [*lines, warning] if warning else lines


def render_missing(collected: Collected, consultation, *, edition, languages=(), append_attachments=True, cache_dir):
    """Render, here, the parts a pass found missing (those the workers did not): one batch at a time."""
    title = consultation.translated("title")
    options = {"edition": edition, "languages": languages, "append_attachments": append_attachments}
    for batch in batches(collected.overflow, weight=lambda item: item[2]):
        docs = _overflow_docs(collected, batch, consultation, **options)
        for (index, _pk, _weight), part in zip(batch, render_batch(docs, title, cache_dir=cache_dir), strict=True):
            collected.parts[index] = part
    collected.overflow = []
    for batch in batches(collected.missing, weight=lambda item: characters_of(item[1])):
        rendered = render_batch([doc for _i, doc in batch], title, cache_dir=cache_dir)
        for (index, _doc), part in zip(batch, rendered, strict=True):
            collected.parts[index] = part
    collected.missing = []


def _overflow_docs(collected: Collected, batch, consultation, **options) -> list:
    """A batch of overflow's docs whole, in its order: a question's parts are whole in `docs` (their answers are
    held by `appendices` anyway), inputs are read again by id (their ids are the submissions', not the questions')."""
    kept = [collected.docs[index] for index, _pk, _weight in batch]
    if all(isinstance(doc, QuestionDoc) for doc in kept):
        return kept
    read = {doc.pk: doc for doc in iter_input_docs(consultation, ids=[pk for _i, pk, _w in batch], **options)}
    return [read[pk] for _index, pk, _weight in batch]


def assemble(
    consultation: ConsultationDoc,
    collected: Collected,
    *,
    arrangement: str,
    edition: str,
    summary: Summary,
    cache_dir,
    output_path,
    generated_at=None,
    language: str = "en",
    started=None,
) -> Compiled:
    """Lay out the parts (all rendered by now), merge them behind the front, check, and write output_path."""
    started = started or time.monotonic()
    docs, parts = collected.docs, collected.parts
    if arrangement == BY_QUESTION:
        layout = layout_by_question(docs, parts, collected.appendices)
    else:
        layout = layout_by_respondent(docs, parts)
    labels = {"edition": edition, "arrangement": arrangement}
    cover, contents, front_pages = front_matter(
        consultation, summary, layout.toc, generated_at or timezone.now(), cache_dir=cache_dir, **labels
    )
    subject = f"{consultation.reference}: {Compilation.Arrangement(arrangement).label}, "
    subject += str(Compilation.Edition(edition).label)
    output_path = Path(output_path)
    partial = output_path.with_name(f".{output_path.name}.{os.getpid()}.tmp")
    try:
        merged = merging.merge_to_file(
            cover,
            [*contents, *layout.files],
            title=consultation.title,
            subject=subject,
            language=language,
            bookmarks=_shifted(layout.bookmarks, front_pages),
            output_path=partial,
        )
        merging.verify(partial, front_pages + layout.pages, [(a, front_pages + p) for a, p in layout.starts])
        digest, size = file_digest(partial)
        os.replace(partial, output_path)
    finally:
        partial.unlink(missing_ok=True)
    rendered = sum(part.rendered for part in parts)
    log = [
        f"{len(parts)} parts: {rendered} rendered, {len(parts) - rendered} from the cache; "
        f"{merged.pages} pages, {size} bytes, in {time.monotonic() - started:.1f} s.",
        *collected.log,
    ]
    return Compiled(merged.pages, digest, log)


def file_digest(path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in blocks."""
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
    return digest.hexdigest(), Path(path).stat().st_size


@functools.cache
def installed_characters() -> frozenset[int]:
    """Every character some installed font can draw, from fontconfig (read once per process)."""
    try:
        listing = subprocess.run(  # noqa: S603 — a fixed command, no user input
            ["/usr/bin/fc-list", "--format", "%{charset}\n"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    covered = set()
    for token in listing.split():
        low, _sep, high = token.partition("-")
        covered.update(range(int(low, 16), int(high or low, 16) + 1))
    return frozenset(covered)


def font_warning(doc) -> str:
    """A line for the log when an input holds characters no installed font can draw (they would print as boxes)."""
    covered = installed_characters()
    if not covered:
        return ""
    used = set().union(*(answer for _number, _question, answer in doc.answers))
    missing = sorted(ch for ch in used if not ch.isspace() and ord(ch) not in covered)
    if not missing:
        return ""
    sample = " ".join(f"U+{ord(ch):04X}" for ch in missing[:5])
    return _("%(reference)s: %(count)d characters have no installed font and will show as boxes (%(sample)s)") % {
        "reference": doc.reference,
        "count": len(missing),
        "sample": sample,
    }


# Loaders: the only place with the ORM --------------------------------------------------------------------------


def consultation_doc(consultation) -> ConsultationDoc:
    """The consultation as the cover shows it, in the document's language where the secretariat translated it."""
    return ConsultationDoc(
        consultation.translated("title"),
        consultation.reference,
        consultation.translated("mandate"),
        consultation.translated("summary"),
        consultation.closes_at,
    )


def included_inputs(consultation, *, edition, languages=()):
    """Complete edition: every counted input (secretariat-only too); public edition: the public ones."""
    inputs = Submission.objects.public() if edition == PUBLIC else Submission.objects.counted()
    inputs = inputs.filter(consultation=consultation, current_version__isnull=False)
    return inputs.filter(language__in=languages) if languages else inputs


def input_docs(consultation, *, edition, languages=(), append_attachments=True, ids=None) -> list[InputDoc]:
    """The included inputs as their parts show them, category → regional group → country → name, in 3 queries."""
    return list(iter_input_docs(consultation, edition=edition, languages=languages,
                                append_attachments=append_attachments, ids=ids))  # fmt: skip


def iter_input_docs(consultation, *, edition, languages=(), append_attachments=True, ids=None, chunk=200):
    """input_docs one at a time, read `chunk` inputs at once (3 queries a chunk): memory flat in the inputs.

    Anonymous inputs of the public edition go last in their regional group, by reference: their place must not hint
    at their country or name."""
    hidden = Case(When(consent=Consent.ANONYMOUS, then=Value(1)), default=Value(0)) if edition == PUBLIC else Value(0)
    inputs = (
        included_inputs(consultation, edition=edition, languages=languages)
        .select_related("organisation__category", "organisation__country", "current_version")
        .prefetch_related(
            Prefetch(
                "current_version__answers",
                queryset=VersionAnswer.objects.select_related("question").order_by("question__number"),
            ),
            "attachments",
        )
        .annotate(hidden=hidden)
        .order_by(
            "organisation__category__order",
            "organisation__country__regional_group",
            "hidden",
            Case(When(hidden=1, then=Value("")), default=F("organisation__country__name")),
            Case(When(hidden=1, then=Value("")), default=F("organisation__name")),
            "number",
        )
    )
    if ids is not None:
        inputs = inputs.filter(pk__in=ids)
    for submission in inputs.iterator(chunk_size=chunk):
        yield _input_doc(submission, edition, append_attachments)


def _input_doc(submission, edition: str, append_attachments: bool) -> InputDoc:
    version, organisation = submission.current_version, submission.organisation
    hidden = edition == PUBLIC and submission.is_anonymous
    return InputDoc(
        reference=submission.reference,
        organisation=None if hidden else str(organisation),
        category=str(organisation.category),  # in the document's language, as the labels are
        country=None if hidden else organisation.country.localized_name(),
        regional_group=group_label(organisation.country.regional_group),
        language=version.language,
        submitted_at=version.submitted_at,
        digest=version.digest,
        answers=[(a.question.number, a.question.translated("text"), a.text) for a in version.answers.all()],
        attachments=[_attached(sent, submission.attachments.all(), append_attachments) for sent in version.attachments],
        edition=edition,
        consent=submission.consent,
        pk=submission.pk,
    )


def _attached(sent: dict, stored, append: bool) -> Attached:
    """A file of the version sent, with its pages if it is appended, else the reason it is only listed."""
    attachment = next((a for a in stored if a.sha256 == sent["sha256"]), None)
    item = Attached(sent["name"], sent["size"], sent["sha256"], attachment.kind if attachment else "")
    if attachment is None:
        return item._replace(reason=_("not appended: the file is no longer stored"))
    if attachment.kind != attachment.Kind.PDF:
        return item._replace(
            reason=_("listed only: %(kind)s files are not appended") % {"kind": attachment.get_kind_display()}
        )
    if not append:
        return item._replace(reason=_("not appended: this compilation lists attachments only"))
    try:
        path = str(workfiles.local_attachment(attachment))
    except OSError as error:
        logger.warning("Attachment %s of %s could not be read: %s", attachment.pk, attachment.submission_id, error)
        return item._replace(reason=_("not appended: the stored file could not be read"))
    pages, reason = attachment_pages(path)
    return item._replace(path=path, pages=pages) if pages else item._replace(reason=reason)


def questions_of(consultation) -> list[tuple[int, str, str]]:
    """[(number, text, theme title)] in questionnaire order, in one query."""
    questions = consultation.questions.select_related("theme").order_by("number")
    return [(q.number, q.translated("text"), q.theme.translated("title") if q.theme else "") for q in questions]


def by_question(questions, docs: list[InputDoc], edition: str = COMPLETE, *, characters=None) -> list[QuestionDoc]:
    """Each question with the answers the docs give to it, in the docs' order: one part per category answering, cut
    in several when its answers run past about `characters` (COMPILATION_BATCH_CHARACTERS), so that however many
    inputs there are, a part stays small."""
    characters = characters or settings.COMPILATION_BATCH_CHARACTERS
    answers = defaultdict(list)
    for doc in docs:
        respondent = replace(doc, answers=[], attachments=[])
        for number, _question, text in doc.answers:
            answers[number].append((respondent, text))
    parts = []
    for number, text, theme in questions:
        opening = len(parts)
        for category, group in itertools.groupby(answers[number], key=lambda answer: answer[0].category):
            for sequel, chunk in enumerate(_cut(list(group), characters)):
                parts.append(QuestionDoc(number, text, theme, chunk, edition, category, False, sequel))
        if len(parts) == opening:
            parts.append(QuestionDoc(number, text, theme, [], edition))
        parts[opening].opens = True
    return parts


def _cut(answers, characters: int) -> list[list]:
    chunks, chunk, length = [], [], 0
    for answer in answers:
        weight = len(answer[1]) + 200
        if chunk and length + weight > characters:
            chunks.append(chunk)
            chunk, length = [], 0
        chunk.append(answer)
        length += weight
    return [*chunks, chunk] if chunk else chunks


def question_docs(consultation, *, edition, languages=(), numbers=None) -> list[QuestionDoc]:
    """The questions' parts (all, or those of the questions numbered) with every included answer, in 4 queries."""
    docs = input_docs(consultation, edition=edition, languages=languages, append_attachments=False)
    questions = [q for q in questions_of(consultation) if numbers is None or q[0] in numbers]
    return by_question(questions, docs, edition)


def summary_cells(consultation, *, edition, languages=()) -> list[dict]:
    """The balance cells of exactly the inputs compiled (population_report's cells for a complete edition); the
    public edition counts an anonymous input by category and regional group only, as it shows it."""
    inputs = included_inputs(consultation, edition=edition, languages=languages)
    return balance.cross_table(balance.cells_of(inputs, public=edition == PUBLIC))


def compile_to_file(
    consultation,
    *,
    arrangement,
    edition,
    languages=(),
    append_attachments=True,
    cache_dir,
    output_path,
    language="en",
    collected=None,
) -> tuple[int, str, list[str]]:
    """Everything in-process: read, render what is not cached, merge and write; (page count, SHA-256, log).

    `collected`: the pass over the parts when the caller has made it already (in `language`, same options)."""
    started = time.monotonic()
    options = {"edition": edition, "languages": languages, "append_attachments": append_attachments}
    with translation.override(language):  # labels and notes are in the document's language, and keyed by it
        if collected is None:
            collected = collect(consultation, arrangement=arrangement, cache_dir=cache_dir, **options)
        render_missing(collected, consultation, cache_dir=cache_dir, **options)
        names = category_names()
        cells = summary_cells(consultation, edition=edition, languages=languages)
        release_memory()  # of the renders, before the merge
        compiled = assemble(
            consultation_doc(consultation),
            collected,
            arrangement=arrangement,
            edition=edition,
            summary=summary_of(cells, names),
            cache_dir=cache_dir,
            output_path=output_path,
            language=language,
            started=started,
        )
    return compiled.page_count, compiled.sha256, compiled.log


def single_input_pdf(submission, *, edition, cache_dir) -> Path:
    """One input as its own PDF (the organisation's copy with its receipt, or the public page's), cached.

    Renders it when it is not cached: a worker's job (reports.tasks.single_input_pdf_render), never a page's."""
    doc, title, path = _single_input(submission, edition, cache_dir)
    if workfiles.fetch(path):
        return path
    part = render_part(doc, title, cache_dir=cache_dir)
    with pikepdf.open(part.path) as batch, pikepdf.Pdf.new() as alone:  # the part's own pages, cut from its batch
        alone.pages.extend(batch.pages[part.first : part.first + part.pages])
        alone.docinfo[pikepdf.Name.Title] = respondent_label(doc)
        alone.Root.Lang = pikepdf.String(translation.get_language() or "en")
        output = io.BytesIO()
        alone.save(output, deterministic_id=True)
    write_atomically(path, output.getvalue())
    workfiles.publish(path)  # for the web hosts, when media is in object storage
    return path


def single_input_cached(submission, *, edition, cache_dir) -> tuple[Path, bool]:
    """Where the input's own PDF is cached, labels in the current language, and whether it is there: renders nothing."""
    _doc, _title, path = _single_input(submission, edition, cache_dir)
    if not workfiles.fetch(path):
        return path, False
    with suppress(OSError):
        os.utime(path)  # in use: parts_prune keeps it
    return path, True


def _single_input(submission, edition, cache_dir) -> tuple[InputDoc, str, Path]:
    """The input as its PDF shows it, the consultation's title, and the file it is cached in (keyed by both)."""
    loaded = (
        Submission.objects.select_related(
            "consultation", "organisation__category", "organisation__country", "current_version"
        )
        .prefetch_related(
            Prefetch(
                "current_version__answers",
                queryset=VersionAnswer.objects.select_related("question").order_by("question__number"),
            ),
            "attachments",
        )
        .get(pk=submission.pk)
    )
    doc = _input_doc(loaded, edition, append_attachments=False)
    title = loaded.consultation.translated("title")
    return doc, title, Path(cache_dir) / f"input-{part_key(doc, edition=doc.edition, title=title)}.pdf"
