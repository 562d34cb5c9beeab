"""Compilations: one PDF of a consultation's inputs, made of parts rendered once each and merged.

Each input (or, arranged by question, each question) is rendered alone by WeasyPrint from a plain dataclass and
cached under a key of everything the part shows, so compiling again after one more input renders one part. The
parts are merged with pypdf behind a front matter (cover, who contributed, contents) that is rendered twice to
learn its length; bookmarks, metadata and continuous page numbers "n / N" are added after the merge, because
WeasyPrint's page counters restart in each part. The ORM is touched only by the loaders at the end.
"""

import functools
import hashlib
import io
import itertools
import json
import mimetypes
import os
import re
import subprocess
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch, Value
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, TextStringObject
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from accounts.models import RegionalGroup, StakeholderCategory
from consultations.models import INPUT_LANGUAGES, Consent, Submission, VersionAnswer
from reports import balance
from reports.models import Compilation

# Cached parts are keyed by it: bump it whenever templates/pdf/ or static/css/print.css change.
TEMPLATE_VERSION = "1"
# Relative and "static:" URLs in the templates resolve against this, and only url_fetcher serves them.
BASE_URL = "static:"
COMPLETE, PUBLIC = Compilation.Edition.COMPLETE.value, Compilation.Edition.PUBLIC.value
BY_RESPONDENT, BY_QUESTION = Compilation.Arrangement.BY_RESPONDENT.value, Compilation.Arrangement.BY_QUESTION.value
A4 = (595.28, 841.89)  # points, the size of every rendered page
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


@dataclass
class QuestionDoc:
    """One question with every included answer to it, in respondent order (so grouped by category)."""

    number: int
    text: str
    theme: str
    answers: list[tuple[InputDoc, str]]  # (respondent without answers, answer)
    edition: str = COMPLETE


@dataclass(frozen=True)
class PartPdf:
    """A rendered part (or an appended attachment) on disk; `starts` maps references to pages within it."""

    path: str
    pages: int
    key: str
    starts: dict = field(default_factory=dict)
    rendered: bool = False


def part_key(doc, *, edition, template_version=TEMPLATE_VERSION, title="") -> str:
    """SHA-256 over what the part shows: the digest(s), edition, anonymity, template version, names and title.

    The digest stands for the answers and files; names, question wording, attachment notes, the consultation's
    title and the language of the labels are hashed too, as a rename or a reworded question changes no digest."""
    if isinstance(doc, InputDoc):  # where a file lies is not shown
        doc = replace(doc, attachments=[a._replace(path="") for a in doc.attachments])
    shown = {
        "doc": asdict(doc),
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


def _anchor(reference: str) -> str:
    return f"input-{reference}"


def part_html(doc, title: str) -> str:
    """The HTML of one part: an input with its answers, or a question with its answers."""
    if isinstance(doc, QuestionDoc):
        return question_html(doc, title)
    answers = [{"number": n, "question": q, "paragraphs": paragraphs(text)} for n, q, text in doc.answers]
    context = {
        "doc": doc,
        "title": title,
        "anchor": _anchor(doc.reference),
        "marker": _marker(doc),
        "name_direction": direction(doc.organisation or ""),
        "language_name": LANGUAGE_NAMES.get(doc.language, doc.language),
        "lang": html_lang(doc.language),
        "answers": answers,
    }
    return render_to_string("pdf/part.html", context)


def question_html(doc: QuestionDoc, title: str) -> str:
    groups = itertools.groupby(doc.answers, key=lambda answer: answer[0].category)
    context = {"doc": doc, "title": title, "groups": [(category, list(map(_answer_line, g))) for category, g in groups]}
    return render_to_string("pdf/question.html", context)


def _answer_line(answer: tuple[InputDoc, str]) -> dict:
    respondent, text = answer
    return {
        "respondent": respondent,
        "anchor": _anchor(respondent.reference),
        "marker": _marker(respondent),
        "name_direction": direction(respondent.organisation or ""),
        "lang": html_lang(respondent.language),
        "paragraphs": paragraphs(text),
    }


def render_part(doc, consultation_title: str, *, cache_dir) -> PartPdf:
    """One input (or question) as a PDF in cache_dir/<key>.pdf, rendered only when that file is not there yet."""
    key = part_key(doc, edition=doc.edition, title=consultation_title)
    path = Path(cache_dir) / f"{key}.pdf"
    rendered = not path.exists()
    if rendered:
        write_atomically(path, render_html(part_html(doc, consultation_title)))
    reader = PdfReader(path)
    starts = {
        name.removeprefix("input-"): reader.get_destination_page_number(destination)
        for name, destination in reader.named_destinations.items()
        if name.startswith("input-")
    }
    return PartPdf(str(path), len(reader.pages), key, starts, rendered)


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so that a parallel reader sees all of it or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
        file.write(data)
    os.replace(file.name, path)


def attachment_pages(path) -> tuple[PdfReader | None, str]:
    """A PDF attachment's reader when it can be appended; else None and the reason its input's part gives."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            return None, _("not appended: the file is encrypted")
        for page in reader.pages:  # a broken file fails here rather than in the merge
            page.get_contents()
        if not reader.pages:
            return None, _("not appended: the file has no pages")
    except FileNotFoundError:
        return None, _("not appended: the file is missing")
    except Exception:  # an uploaded file can fail pypdf in any way; it must not fail the compilation
        return None, _("not appended: the file could not be read as a PDF")
    return reader, ""


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
    """Counts by category, regional group and development from balance cells (population_report's "cells")."""
    categories, groups, development = Counter(), Counter(), Counter()
    for cell in cells:
        categories[category_names.get(cell["category"], cell["category"])] += cell["count"]
        groups[cell["regional_group"]] += cell["count"]
        development[cell["developed"]] += cell["count"]
    statuses = [(True, _("Developed countries")), (False, _("Developing countries")), (None, _("International"))]
    by_group = [(group_label(g), groups[g]) for g in [*RegionalGroup.values, ""] if groups[g]]
    by_status = [(label, development[key]) for key, label in statuses if development[key]]
    tables = [(_("By stakeholder category"), list(categories.items())), (_("By regional group"), by_group)]
    return Summary(sum(categories.values()), [*tables, (_("By development status"), by_status)])


def render_front(
    consultation: ConsultationDoc, summary: Summary, toc, generated_at, *, edition=COMPLETE, arrangement=BY_RESPONDENT
) -> bytes:
    """Cover, who contributed and the contents, with the page numbers given in `toc`."""
    empty = _("No input of this consultation is public yet.") if edition == PUBLIC else None
    context = {
        "consultation": consultation,
        "summary": summary,
        "toc": toc,
        "generated_at": generated_at,
        "edition_label": Compilation.Edition(edition).label,
        "arrangement_label": Compilation.Arrangement(arrangement).label,
        "empty_message": empty or _("This consultation has no accepted input to compile."),
    }
    return render_html(render_to_string("pdf/front.html", context))


def front_matter(consultation, summary, toc, generated_at, **labels) -> tuple[bytes, int]:
    """The front and its page count: rendered once to learn its length, then with the real page numbers.

    The numbers sit in a fixed-width column of tabular figures, so the second pass cannot change the length."""
    first = page_count(render_front(consultation, summary, _numbered(toc, 0), generated_at, **labels))
    front = render_front(consultation, summary, _numbered(toc, first), generated_at, **labels)
    if page_count(front) != first:
        raise ValueError(f"The front matter ran to {page_count(front)} pages after numbering, not {first}.")
    return front, first


def _numbered(toc, front_pages: int) -> list[TocEntry]:
    return [entry._replace(page=front_pages + entry.page + 1) for entry in toc]


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


# Laying out and merging ----------------------------------------------------------------------------------------


@dataclass
class Bookmark:
    title: str
    page: int
    children: list = field(default_factory=list)


@dataclass
class Layout:
    """The body of a compilation: its files in order, and where everything starts (0-based, front excluded)."""

    files: list[PartPdf] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    starts: list[tuple[str, int]] = field(default_factory=list)
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
        item = Bookmark(respondent_label(doc), layout.pages)
        layout.bookmarks[-1].children.append(item)
        layout.toc.append(TocEntry(respondent_label(doc), layout.pages))
        layout.starts.append((doc.reference, layout.pages))
        layout.add(part)
        layout.add_attachments(doc, item)
    return layout


def layout_by_question(docs: list[QuestionDoc], parts: list[PartPdf], appendices=()) -> Layout:
    """Each question then its answers; the appended attachments of `appendices` (input docs) at the end."""
    layout = Layout()
    for doc, part in zip(docs, parts, strict=True):
        label = _("Question %(number)d. %(text)s") % {"number": doc.number, "text": _shortened(doc.text)}
        layout.toc.append(TocEntry(label, layout.pages, 0))
        item = Bookmark(label, layout.pages)
        for respondent, _text in doc.answers:
            start = layout.pages + part.starts[respondent.reference]
            item.children.append(Bookmark(respondent_label(respondent), start))
            layout.starts.append((respondent.reference, start))
        layout.bookmarks.append(item)
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


def merge(front_bytes: bytes, parts, *, title: str, subject: str, language: str, bookmarks) -> tuple[bytes, int]:
    """Front then parts into one PDF, with bookmarks (absolute 0-based pages), metadata and "n / N" on each page."""
    writer = PdfWriter()
    writer.append(io.BytesIO(front_bytes), import_outline=False)
    for part in parts:
        writer.append(part.path, import_outline=False)
    add_bookmarks(writer, bookmarks)
    writer.add_metadata({"/Title": title, "/Subject": subject, "/Creator": "Concord"})
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    stamp_page_numbers(writer)
    writer.compress_identical_objects()  # the stamps' font, and anything else parts share byte for byte
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), len(writer.pages)


def add_bookmarks(writer: PdfWriter, bookmarks, parent=None) -> None:
    for bookmark in bookmarks:
        item = writer.add_outline_item(
            title=bookmark.title, page_number=bookmark.page, parent=parent, is_open=parent is None
        )
        add_bookmarks(writer, bookmark.children, item)


def number_sheets(total: int) -> PdfReader:
    """`total` A4 pages holding nothing but "n / N" in the footer, in one render."""
    context = {"sheets": range(total), "width": A4[0], "height": A4[1], "bottom": 20}
    return PdfReader(io.BytesIO(render_html(render_to_string("pdf/numbers.html", context))))


def stamp_page_numbers(writer: PdfWriter) -> None:
    """Lay "n / N" over every page, centred at the foot of its visible box whatever its size.

    Measured on 500 pages: 1.8 s to render the sheets, 0.9 s to merge them (content streams recompressed)."""
    sheets = number_sheets(len(writer.pages))
    for page, sheet in zip(writer.pages, sheets.pages, strict=True):
        if page.rotation:
            page.transfer_rotation_to_content()
        box = page.cropbox
        across = float(box.left) + (float(box.width) - A4[0]) / 2
        page.merge_transformed_page(sheet, Transformation().translate(across, float(box.bottom)), over=True)
        page.compress_content_streams()  # the merge leaves the page's content uncompressed: ten times the size


def verify(merged_bytes: bytes, expected_pages: int, starts) -> None:
    """The page count is the sum of the parts', and each input's first page holds its reference; else ValueError."""
    reader = PdfReader(io.BytesIO(merged_bytes))
    if len(reader.pages) != expected_pages:
        raise ValueError(f"The compilation has {len(reader.pages)} pages; its parts add up to {expected_pages}.")
    for reference, page in starts:
        text = reader.pages[page].extract_text() if page < len(reader.pages) else ""
        # A font that had to draw a missing glyph can make the extracted text two bytes a character.
        text = "".join(text.replace("\x00", "").split())
        if reference not in text:
            raise ValueError(f"Input {reference} should begin on page {page + 1}, but its reference is not there.")


def _shifted(bookmarks, offset: int) -> list[Bookmark]:
    return [Bookmark(b.title, b.page + offset, _shifted(b.children, offset)) for b in bookmarks]


@dataclass(frozen=True)
class Compiled:
    page_count: int
    sha256: str
    log: list[str]


def assemble(
    consultation: ConsultationDoc,
    docs,
    *,
    arrangement: str,
    edition: str,
    summary: Summary,
    cache_dir,
    output_path,
    appendices=(),
    generated_at=None,
    language: str = "en",
) -> Compiled:
    """Render the parts not cached yet, lay them out, merge them behind the front, check, and write output_path."""
    started = time.monotonic()
    parts = [render_part(doc, consultation.title, cache_dir=cache_dir) for doc in docs]
    if arrangement == BY_QUESTION:
        layout = layout_by_question(docs, parts, appendices)
    else:
        layout = layout_by_respondent(docs, parts)
    labels = {"edition": edition, "arrangement": arrangement}
    front, front_pages = front_matter(consultation, summary, layout.toc, generated_at or timezone.now(), **labels)
    subject = f"{consultation.reference}: {Compilation.Arrangement(arrangement).label}, "
    subject += str(Compilation.Edition(edition).label)
    data, pages = merge(
        front,
        layout.files,
        title=consultation.title,
        subject=subject,
        language=language,
        bookmarks=_shifted(layout.bookmarks, front_pages),
    )
    verify(data, front_pages + layout.pages, [(reference, front_pages + page) for reference, page in layout.starts])
    write_atomically(Path(output_path), data)
    rendered = sum(part.rendered for part in parts)
    log = [
        f"{len(parts)} parts: {rendered} rendered, {len(parts) - rendered} from the cache; "
        f"{pages} pages, {len(data)} bytes, in {time.monotonic() - started:.1f} s."
    ]
    inputs = appendices if arrangement == BY_QUESTION else docs
    log += [f"{doc.reference}: {a.name} {a.reason}" for doc in inputs for a in doc.attachments if a.reason]
    log += [line for doc in inputs if (line := font_warning(doc))]
    return Compiled(pages, hashlib.sha256(data).hexdigest(), log)


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
    text = "".join(answer for _number, _question, answer in doc.answers)
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
    if not missing:
        return ""
    sample = " ".join(f"U+{ord(ch):04X}" for ch in missing[:5])
    return f"{doc.reference}: {len(missing)} characters have no installed font and will show as boxes ({sample})"


# Loaders: the only place with the ORM --------------------------------------------------------------------------


def consultation_doc(consultation) -> ConsultationDoc:
    return ConsultationDoc(
        consultation.title, consultation.reference, consultation.mandate, consultation.summary, consultation.closes_at
    )


def included_inputs(consultation, *, edition, languages=()):
    """Complete edition: every counted input (secretariat-only too); public edition: the public ones."""
    inputs = Submission.objects.public() if edition == PUBLIC else Submission.objects.counted()
    inputs = inputs.filter(consultation=consultation, current_version__isnull=False)
    return inputs.filter(language__in=languages) if languages else inputs


def input_docs(consultation, *, edition, languages=(), append_attachments=True, ids=None) -> list[InputDoc]:
    """The included inputs as their parts show them, category → regional group → country → name, in 3 queries."""
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
        .order_by(
            "organisation__category__order",
            "organisation__country__regional_group",
            "organisation__country__name",
            "organisation__name",
            "number",
        )
    )
    if ids is not None:
        inputs = inputs.filter(pk__in=ids)
    docs = [_input_doc(submission, edition, append_attachments) for submission in inputs]
    # Anonymous inputs go last in their regional group, by reference: their place must not hint at country or name.
    blocks = {(doc.category, doc.regional_group): i for i, doc in reversed(list(enumerate(docs)))}
    return sorted(docs, key=lambda d: (blocks[d.category, d.regional_group], *_anonymous_last(d)))


def _anonymous_last(doc: InputDoc) -> tuple[bool, str]:
    return (True, doc.reference) if doc.organisation is None else (False, "")


def _input_doc(submission, edition: str, append_attachments: bool) -> InputDoc:
    version, organisation = submission.current_version, submission.organisation
    hidden = edition == PUBLIC and submission.is_anonymous
    return InputDoc(
        reference=submission.reference,
        organisation=None if hidden else str(organisation),
        category=organisation.category.name,
        country=None if hidden else organisation.country.name,
        regional_group=group_label(organisation.country.regional_group),
        language=version.language,
        submitted_at=version.submitted_at,
        digest=version.digest,
        answers=[(a.question.number, a.question.text, a.text) for a in version.answers.all()],
        attachments=[_attached(sent, submission.attachments.all(), append_attachments) for sent in version.attachments],
        edition=edition,
        consent=submission.consent,
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
        path = attachment.file.path
    except NotImplementedError:  # object storage has no local path; copying the file first is the caller's job
        return item._replace(reason=_("not appended: the file is not on a local disk"))
    reader, reason = attachment_pages(path)
    return item._replace(path=path, pages=len(reader.pages)) if reader else item._replace(reason=reason)


def questions_of(consultation) -> list[tuple[int, str, str]]:
    """[(number, text, theme title)] in questionnaire order, in one query."""
    questions = consultation.questions.select_related("theme").order_by("number")
    return [(q.number, q.text, q.theme.title if q.theme else "") for q in questions]


def by_question(questions, docs: list[InputDoc], edition: str = COMPLETE) -> list[QuestionDoc]:
    """Each question with the answers the docs give to it, in the docs' order."""
    answers = defaultdict(list)
    for doc in docs:
        respondent = replace(doc, answers=[], attachments=[])
        for number, _question, text in doc.answers:
            answers[number].append((respondent, text))
    return [QuestionDoc(number, text, theme, answers[number], edition) for number, text, theme in questions]


def question_docs(consultation, *, edition, languages=(), numbers=None) -> list[QuestionDoc]:
    """The questions (all, or those numbered) with every included answer, in 4 queries."""
    docs = input_docs(consultation, edition=edition, languages=languages, append_attachments=False)
    questions = [q for q in questions_of(consultation) if numbers is None or q[0] in numbers]
    return by_question(questions, docs, edition)


def summary_cells(consultation, *, edition, languages=()) -> list[dict]:
    """The balance cells of exactly the inputs compiled (population_report's cells for a complete edition)."""
    inputs = included_inputs(consultation, edition=edition, languages=languages)
    columns = {**balance._columns("organisation"), "gender": Value("")}
    return balance.cross_table(balance._grouped(inputs, columns))


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
) -> tuple[int, str, list[str]]:
    """Everything in-process: load, render what is not cached, merge and write; (page count, SHA-256, log)."""
    with translation.override(language):  # labels and notes are in the document's language, and keyed by it
        docs = input_docs(consultation, edition=edition, languages=languages, append_attachments=append_attachments)
        parts, appendices = docs, ()
        if arrangement == BY_QUESTION:
            parts, appendices = by_question(questions_of(consultation), docs, edition), docs
        names = dict(StakeholderCategory.objects.values_list("slug", "name"))
        cells = summary_cells(consultation, edition=edition, languages=languages)
        compiled = assemble(
            consultation_doc(consultation),
            parts,
            arrangement=arrangement,
            edition=edition,
            summary=summary_of(cells, names),
            cache_dir=cache_dir,
            output_path=output_path,
            appendices=appendices,
            language=language,
        )
    return compiled.page_count, compiled.sha256, compiled.log


def single_input_pdf(submission, *, edition, cache_dir) -> Path:
    """One input as its own PDF (the organisation's copy with its receipt, or the public page's), cached."""
    loaded = (
        Submission.objects.select_related("organisation__category", "organisation__country", "current_version")
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
    return Path(render_part(doc, loaded.consultation.title, cache_dir=cache_dir).path)
