"""Merging a compilation's files into one PDF with pikepdf (qpdf): pages, bookmarks, links, metadata, page numbers.

qpdf copies a page's objects once per source file, so parts cut from one batch keep sharing its fonts, and it
copies stream data only while writing the output: the merge holds the document's structure in memory, not its
content. Page numbers "n / N" are known only here, once every part's length is; they are drawn in one embedded
font whose digit glyphs come from a tiny WeasyPrint render, so they look like the rest of the document and
extract as text.
"""

import functools
import io
import resource
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, OutlineItem, String

NUMBER_FONT = Name("/ConcordPageNumber")
NUMBER_SIZE = 8  # points
NUMBER_RISE = 28.35  # points from the foot of the page to the baseline: in the middle of the 20 mm bottom margin
NUMBER_GREY = "0.2 g"
NUMBER_CHARACTERS = "0123456789/ "


@dataclass
class Bookmark:
    title: str
    page: int  # 0-based, in the merged document
    children: list = field(default_factory=list)


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


@dataclass(frozen=True)
class Merged:
    pages: int
    anchors: dict  # {anchor: 0-based page where the part's own destination landed}


def merge_to_file(front: bytes, parts, *, title: str, subject: str, language: str, bookmarks, output_path) -> Merged:
    """Front then parts (PartPdf: a page range of a file) into output_path, bookmarked, linked and numbered.

    Every anchor a part holds becomes a named destination of the document (compilation.pdf#input-WGEC-2013-0001),
    on the page where the part's own destination lands: the page the verification compares with the contents."""
    _allow_open_files(len({part.path for part in parts}) + 64)
    output = pikepdf.Pdf.new()
    sources: dict[str, pikepdf.Pdf] = {}
    named: dict[str, dict[str, int]] = {}  # each source's destinations, read once
    try:
        output.pages.extend(pikepdf.open(io.BytesIO(front)).pages)
        anchors = {}
        for part in parts:
            source = sources.get(part.path)
            if source is None:
                source = sources[part.path] = pikepdf.open(part.path, access_mode=pikepdf.AccessMode.stream)
            offset = len(output.pages) - part.first
            pages = source.pages[part.first : part.first + part.pages]
            if len(pages) != part.pages:
                raise ValueError(
                    f"{Path(part.path).name} has no pages {part.first + 1} to {part.first + part.pages}, "
                    f"which its record gives to part {part.key[:12]}."
                )
            output.pages.extend(pages)
            if part.starts:
                if part.path not in named:
                    named[part.path] = destinations(source)
                for name, page in named[part.path].items():
                    if name in part.starts and part.first <= page < part.first + part.pages:
                        anchors[name] = offset + page
        _link(output, anchors)
        _bookmark(output, bookmarks)
        output.docinfo[Name.Title] = title
        output.docinfo[Name.Subject] = subject
        output.docinfo[Name.Creator] = "Concord"
        output.Root.Lang = String(language)
        number_pages(output)
        output.save(
            output_path,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
        )
        return Merged(len(output.pages), anchors)
    finally:
        output.close()
        for source in sources.values():
            source.close()


def _allow_open_files(needed: int) -> None:
    """qpdf reads each source while writing: keep them all open, raising the soft limit of open files if needed."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            raise ValueError(f"A compilation of {needed} files needs more open files than this system allows ({hard}).")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


def _link(output: pikepdf.Pdf, anchors: dict[str, int]) -> None:
    if not anchors:
        return
    tree = NameTree.new(output)
    for name, page in sorted(anchors.items()):
        tree[name] = Array([output.pages[page].obj, Name.Fit])
    output.Root.Names = Dictionary(Dests=tree.obj)


def _bookmark(output: pikepdf.Pdf, bookmarks) -> None:
    def items(marks):
        made = []
        for mark in marks:
            item = OutlineItem(mark.title, mark.page)
            item.children.extend(items(mark.children))
            made.append(item)
        return made

    with output.open_outline() as outline:
        outline.root.extend(items(bookmarks))


# Page numbers ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Glyphs:
    """The number font: a PDF holding it on its only page, and each character's code and width (1/1000 em)."""

    pdf: bytes
    font: str  # its resource name on that page
    codes: dict[str, bytes]
    widths: dict[str, int]

    def show(self, text: str) -> tuple[bytes, float]:
        """The string to show `text` in this font, and its width in points at NUMBER_SIZE."""
        return b"".join(self.codes[c] for c in text), sum(self.widths[c] for c in text) * NUMBER_SIZE / 1000


@functools.cache
def number_glyphs() -> Glyphs:
    """Render each character of page numbers once with WeasyPrint (Noto Sans, tabular figures) and read back the
    glyph code and width it used: the merge then writes "n / N" itself, in that embedded font."""
    from reports.pdf import render_html

    lines = "".join(f"<p>{c}|</p>" for c in NUMBER_CHARACTERS)
    style = (
        "@page { size: A4; margin: 10mm } "
        "p { font-family: 'Noto Sans', sans-serif; font-size: 8pt; font-variant-numeric: tabular-nums; "
        "margin: 0; white-space: pre }"
    )
    data = render_html(f'<html lang="en"><head><style>{style}</style></head><body>{lines}</body></html>')
    with pikepdf.open(io.BytesIO(data)) as document:
        page = document.pages[0]
        shown, fonts = [], set()
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "Tf":
                fonts.add(str(operands[0]))
            elif str(operator) == "TJ":
                shown.append(b"".join(bytes(item) for item in operands[0] if isinstance(item, String)))
            elif str(operator) == "Tj":
                shown.append(bytes(operands[0]))
        if len(fonts) != 1 or len(shown) != len(NUMBER_CHARACTERS):
            raise ValueError(f"Unexpected rendering of the page-number glyphs: {len(fonts)} fonts, {len(shown)} runs")
        font_name = fonts.pop()
        widths = _cid_widths(page.Resources.Font[font_name])
    # Each run is the character then "|", two bytes a glyph (Identity-H).
    codes = {c: run[:2] for c, run in zip(NUMBER_CHARACTERS, shown, strict=True)}
    return Glyphs(data, font_name, codes, {c: widths[int.from_bytes(code, "big")] for c, code in codes.items()})


def _cid_widths(font) -> dict[int, int]:
    """{glyph: width} from a Type 0 font's /W array (both of its forms), /DW for the rest."""
    descendant = font.DescendantFonts[0]
    default = int(descendant.get("/DW", 1000))
    widths = _Widths(default)
    items = list(descendant.get("/W", Array()))
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], Array):
            for offset, width in enumerate(items[i + 1]):
                widths[first + offset] = int(width)
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                widths[cid] = int(items[i + 2])
            i += 3
    return widths


class _Widths(dict):
    def __init__(self, default):
        super().__init__()
        self.default = default

    def __missing__(self, key):
        return self.default


def number_pages(output: pikepdf.Pdf) -> None:
    """Draw "n / N" centred at the visible foot of every page, whatever its size and rotation."""
    glyphs = number_glyphs()
    with pikepdf.open(io.BytesIO(glyphs.pdf)) as source:
        font = output.copy_foreign(source.pages[0].Resources.Font[glyphs.font])
    save = output.make_stream(b"q\n")
    total = len(output.pages)
    for number, page in enumerate(output.pages, 1):
        codes, width = glyphs.show(f"{number} / {total}")
        matrix, visible_width = _upright(page)
        x = (visible_width - width) / 2
        stamp = (
            f"Q q {matrix} cm BT {NUMBER_FONT} {NUMBER_SIZE} Tf {NUMBER_GREY} {x:.2f} {NUMBER_RISE} Td "
            f"<{codes.hex()}> Tj ET Q\n"
        )
        page.contents_add(save, prepend=True)
        page.contents_add(output.make_stream(stamp.encode()))
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = Dictionary()
        fonts = resources.get("/Font")
        if fonts is None:
            resources.Font = fonts = Dictionary()
        fonts[NUMBER_FONT] = font


def _upright(page) -> tuple[str, float]:
    """The matrix from the page's visible box (origin at its visible lower left, upright) to its user space."""
    box = [float(Decimal(str(v))) for v in page.obj.get("/CropBox", page.mediabox)]
    left, bottom, right, top = min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])
    rotation = int(page.obj.get("/Rotate", 0)) % 360
    if rotation == 90:
        return f"0 1 -1 0 {right:.2f} {bottom:.2f}", top - bottom
    if rotation == 180:
        return f"-1 0 0 -1 {right:.2f} {top:.2f}", right - left
    if rotation == 270:
        return f"0 -1 1 0 {left:.2f} {top:.2f}", top - bottom
    return f"1 0 0 1 {left:.2f} {bottom:.2f}", right - left


# Checking ---------------------------------------------------------------------------------------------------------


def verify(path, expected_pages: int, starts) -> None:
    """Read the written file back: its page count is the parts' sum and each input begins where the contents say.

    `starts` is [(anchor, 0-based page)] from the layout's arithmetic; the file's named destinations were placed
    where each part's own destination (WeasyPrint's, at the input's header) landed. Raises ValueError."""
    with pikepdf.open(Path(path)) as document:
        if len(document.pages) != expected_pages:
            raise ValueError(f"The compilation has {len(document.pages)} pages; its parts add up to {expected_pages}.")
        found = destinations(document)
    for anchor, page in starts:
        if anchor not in found:
            raise ValueError(f"{anchor} is not in the compilation.")
        if found[anchor] != page:
            raise ValueError(
                f"{anchor} should begin on page {page + 1}, as the contents say, "
                f"but begins on page {found[anchor] + 1}."
            )
