"""Laying a document out: its parts in order, the contents with their page numbers, bookmarks, the cover.

The body's arrangement is a document kind's (here the compilation's two: by respondent, by question); the contents
are every kind's: their length is known before they are rendered (CONTENTS_ROWS to a page), so their page numbers
are right the first time, and pages of contents already rendered with the same rows and numbers are reused. Pure
functions of docs and parts: nothing here reads the database.
"""

import hashlib
import json
import os
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from reports.compilation import files, render
from reports.compilation.documents import (
    BY_RESPONDENT,
    COMPLETE,
    PUBLIC,
    ConsultationDoc,
    InputDoc,
    QuestionDoc,
    Summary,
    answer_anchor,
    input_anchor,
    respondent_label,
)
from reports.compilation.merge import Bookmark
from reports.compilation.render import PartPdf
from reports.models import Compilation


class TocEntry(NamedTuple):
    """A row of the contents: a label (a respondent's name is isolated in its own direction, so that its reference
    stays beside it whatever the document's direction), and the reference that follows it, if any."""

    label: str
    page: int  # 0-based page in the body while laying out; the printed number in the front
    level: int = 2  # 0 category or question, 1 regional group, 2 input
    reference: str = ""
    anchor: str = ""  # the named destination the row links to, if any


class Label(NamedTuple):
    """The page before an appended attachment, saying whose it is and what follows."""

    name: str
    size: int
    sha256: str
    pages: int
    respondent: str  # as respondent_label gives it: the organisation (or anonymous) and the reference
    reference: str


class _LabelKind:
    """The attachment labels as parts of the engine: keyed by what they show, cached, rendered in batches."""

    part_template = "pdf/attachment_labels.html"

    def shown(self, label: Label) -> dict:
        return {"label": list(label)}

    def context(self, label: Label) -> dict:
        return {"label": label, "name_direction": render.direction(label.name),
                "respondent_direction": render.direction(label.respondent)}  # fmt: skip

    def weight(self, label: Label) -> int:
        return 500


LABELS = _LabelKind()


@dataclass
class Layout:
    """The body of a document: its files in order, and where everything starts (0-based, front excluded).

    Each appended attachment is preceded by a page that labels it: laid out as a page to come (`labels`: its place
    in `files`, and what it says), rendered by `label_attachments` once the layout is known."""

    files: list[PartPdf] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    starts: list[tuple[str, int]] = field(default_factory=list)  # (anchor, page)
    pages: int = 0
    labels: list[tuple[int, Label]] = field(default_factory=list)

    def add(self, part: PartPdf) -> None:
        self.files.append(part)
        self.pages += part.pages

    def add_attachments(self, doc: InputDoc, bookmark: Bookmark, *, section: str) -> None:
        """The input's appended attachments, in the input's section of the document's structure: their pages are
        figures, each described by what it is a page of (their own tags are not trusted)."""
        for attachment in doc.attachments:
            if attachment.pages:
                bookmark.children.append(Bookmark(attachment.name, self.pages))
                label = Label(attachment.name, attachment.size, attachment.sha256, attachment.pages,
                              respondent_label(doc), doc.reference)  # fmt: skip
                self.labels.append((len(self.files), label))
                self.add(PartPdf("", 1, "", section=section))  # the label's page, rendered later
                figures = tuple(
                    _("Page %(page)d of %(pages)d of “%(name)s”, attached to the input of %(respondent)s")
                    % {"page": page, "pages": attachment.pages, "name": attachment.name,
                       "respondent": respondent_label(doc)}
                    for page in range(1, attachment.pages + 1)
                )  # fmt: skip
                self.add(PartPdf(attachment.path, attachment.pages, attachment.sha256, section=section,
                                 figures=figures))  # fmt: skip


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
        layout.toc.append(
            TocEntry(doc.organisation or _("Anonymous respondent"), start, reference=doc.reference, anchor=anchor)
        )
        layout.starts.append((anchor, start))
        layout.add(replace(part, section=doc.reference))
        layout.add_attachments(doc, item, section=doc.reference)
    return layout


def layout_by_question(docs: list[QuestionDoc], parts: list[PartPdf], appendices=()) -> Layout:
    """Each question then its answers by category; the appended attachments of `appendices` (input docs) last."""
    layout = Layout()
    for doc, part in zip(docs, parts, strict=True):
        if doc.opens:
            label = _("Question %(number)d. %(text)s") % {"number": doc.number, "text": shortened(doc.text)}
            first = answer_anchor(doc.number, doc.answers[0][0].reference) if doc.answers else ""
            layout.toc.append(TocEntry(label, layout.pages, 0, anchor=first))
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
            layout.add_attachments(doc, item, section=f"attachments-{doc.reference}")
    return layout


def label_attachments(body: Layout, title: str, *, cache_dir) -> None:
    """Render (or find in the cache) the label before each appended attachment, in place in the body's files."""
    if not body.labels:
        return
    parts = render.render_parts(LABELS, [label for _index, label in body.labels], title, cache_dir=cache_dir)
    for (index, _label), part in zip(body.labels, parts, strict=True):
        if part.pages != 1:
            raise ValueError(f"An attachment's label ran to {part.pages} pages instead of 1.")
        body.files[index] = replace(part, section=body.files[index].section)


def shortened(text: str, limit: int = 90) -> str:
    """A text on one line, cut with an ellipsis past `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shifted(bookmarks, offset: int) -> list[Bookmark]:
    """The bookmarks `offset` pages later: the body's, behind the front."""
    return [Bookmark(b.title, b.page + offset, shifted(b.children, offset)) for b in bookmarks]


# The front ----------------------------------------------------------------------------------------------------


def render_front(
    consultation: ConsultationDoc,
    summary: Summary,
    generated_at,
    *,
    contents=True,
    edition=COMPLETE,
    arrangement=BY_RESPONDENT,
) -> bytes:
    """The compilation's cover and who contributed (or, when there are no contents, the cover saying there is no
    input)."""
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
    return render.render_html(render_to_string("pdf/front.html", context))


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


def contents_parts(toc: list[TocEntry], *, cache_dir, title: str = "") -> list[PartPdf]:
    """The contents (with their final page numbers) as files of up to CONTENTS_CHUNK_PAGES pages each, rendered
    only when no file shows the same rows on the same pages: a changed answer that moves no page renders none."""
    pages = contents_pages(len(toc))
    parts = []
    for chunk in range(0, len(pages), CONTENTS_CHUNK_PAGES):
        rows = [
            [
                {"label": shortened(toc[i].label, CONTENTS_LABEL - len(toc[i].reference)), "page": toc[i].page,
                 "level": toc[i].level, "direction": render.direction(toc[i].label), "reference": toc[i].reference,
                 "anchor": toc[i].anchor}
                for i in page
            ]
            for page in pages[chunk : chunk + CONTENTS_CHUNK_PAGES]
        ]  # fmt: skip
        shown = [rows, chunk == 0, render.variant(), translation.get_language(), title]
        key = hashlib.sha256(json.dumps(shown).encode()).hexdigest()
        path = Path(cache_dir) / f"contents-{key}.pdf"
        rendered = not path.exists()
        if rendered:
            context = {"pages": rows, "opens": chunk == 0, "title": title, "title_direction": render.direction(title)}
            data = render.render_html(render_to_string("pdf/contents.html", context))
            if render.page_count(data) != len(rows):
                raise ValueError(f"The contents ran to {render.page_count(data)} pages instead of {len(rows)}.")
            files.write_atomically(path, data)
        else:
            with suppress(OSError):
                os.utime(path)  # in use: jobs.parts_prune keeps it
        parts.append(PartPdf(str(path), len(rows), key, rendered=rendered, section="contents"))
    return parts


def front_matter(cover: bytes, toc: list[TocEntry], *, cache_dir, title: str = "") -> tuple[list[PartPdf], int]:
    """The contents' files behind this cover (the document's title in their running header), numbered for the body
    that follows them, and the front's page count."""
    front_pages = render.page_count(cover) + len(contents_pages(len(toc)))
    return contents_parts(_numbered(toc, front_pages), cache_dir=cache_dir, title=title), front_pages


def _numbered(toc, front_pages: int) -> list[TocEntry]:
    return [entry._replace(page=front_pages + entry.page + 1) for entry in toc]
