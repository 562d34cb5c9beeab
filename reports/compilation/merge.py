"""Merging a compilation's files into one PDF: pages, bookmarks, named destinations, metadata, page numbers.

pikepdf (qpdf) reads the files; the streaming writer (reports.compilation.stream) writes the pages to the output as
they are read, one file at a time, so the merge's memory stays that of one batch file whatever the document's
length, and parts cut from one batch keep sharing its fonts. Page numbers "n / N" are known only here, once every
part's length is; they are drawn in one embedded font whose digit glyphs come from a tiny WeasyPrint render, so
they look like the rest of the document and extract as text. An uploaded PDF is appended only when
`attachment_pages` has read it within its budget and copied it to nowhere first.
"""

import functools
import hashlib
import io
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
import pypdf
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pikepdf import Array, Name, String
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject, IndirectObject

from reports.compilation import attachments, render, stream

NUMBER_FONT = Name("/ConcordPageNumber")
NUMBER_SIZE = 8  # points
NUMBER_RISE = 28.35  # points from the foot of the page to the baseline: in the middle of the 20 mm bottom margin
NUMBER_GREY = "0.2 g"
NUMBER_CHARACTERS = "0123456789/ "


@dataclass
class Bookmark:
    """An entry of the document's outline, and those under it."""

    title: str
    page: int  # 0-based, in the merged document
    children: list = field(default_factory=list)


@dataclass(frozen=True)
class Merged:
    """A merged file: its pages, and where each part's anchor landed."""

    pages: int
    anchors: dict  # {anchor: 0-based page where the part's own destination landed}


def merge_to_file(
    front: bytes | None,
    parts,
    *,
    title: str,
    subject: str,
    language: str,
    bookmarks,
    output_path,
    keywords=(),
    created=None,
) -> Merged:
    """Front (if any) then parts (PartPdf: a page range of a file) into output_path, bookmarked, linked, numbered
    and tagged.

    The pages stream to the file one source at a time (the stream module), so the merge's memory does not grow with
    the document. Every anchor a part holds becomes a named destination of the document
    (compilation.pdf#input-WGEC-2013-0001), on the page where the part's own destination lands: the page the
    verification compares with the contents.

    The structure tree is one for the document: a Document element (in the document's language) whose children
    are sections, the front's, the contents', then one per part (consecutive parts sharing a `section` share one:
    an input and its appended attachments), each in the language of its content; the parts' own elements are
    copied under them, and the pages of an appended attachment are figures described by the part's `figures`."""
    wanted, last_use = defaultdict(set), {}
    for index, part in enumerate(parts):
        wanted[part.path].update(range(part.first, part.first + part.pages))
        last_use[part.path] = index
    glyphs = number_glyphs()
    with open(output_path, "wb", buffering=1 << 20) as handle:
        writer = stream.Writer(handle)
        catalog, tree = writer.reserve(), writer.reserve()
        structure = stream.Structure(writer) if settings.COMPILATION_PDF_TAGS else None
        with pikepdf.open(io.BytesIO(glyphs.pdf)) as source:
            font_object = source.pages[0].Resources.Font[glyphs.font]
            font = (str(NUMBER_FONT), stream.Source(writer, source, parent=tree).copy(font_object))
        save = writer.stream(b"q\n")
        pages = array("Q")
        front_pages = 0
        if front is not None:
            with pikepdf.open(io.BytesIO(front)) as document:
                front_pages = len(document.pages)
        total = front_pages + sum(part.pages for part in parts)

        def copy(source, index, describe=None):
            page = source.document.pages[index].obj
            codes, width = glyphs.show(f"{len(pages) + 1} / {total}")
            box = stream.inherited(page, "/CropBox") or stream.inherited(page, "/MediaBox")
            matrix, visible_width = _upright(box, stream.inherited(page, "/Rotate"))
            stamp = (
                f"Q /Artifact<</Type/Pagination>>BDC q {matrix} cm BT {NUMBER_FONT} {NUMBER_SIZE} Tf {NUMBER_GREY} "
                f"{(visible_width - width) / 2:.2f} {NUMBER_RISE} Td <{codes.hex()}> Tj ET Q EMC\n"
            )
            after = writer.stream(stamp.encode())
            pages.append(source.copy_page(index, before=save, after=after, font=font, describe=describe))

        sections = _Sections(structure) if structure is not None else _Untagged()
        if front is not None:
            with pikepdf.open(io.BytesIO(front)) as document:
                source = stream.Source(writer, document, parent=tree, copied=stream.Copied(range(front_pages)),
                                       structure=structure, trusted=True)  # fmt: skip
                source.section(sections.open(None))
                for index in range(front_pages):
                    copy(source, index)
                sections.add(*source.section_kids(0, front_pages))
        anchors, copied, opened = {}, {}, None
        try:
            for position, part in enumerate(parts):
                if opened is None or opened.document.filename != part.path:
                    if opened is not None:
                        opened.document.close()
                    document = pikepdf.open(part.path, access_mode=pikepdf.AccessMode.stream)
                    memo = copied.setdefault(part.path, stream.Copied(wanted[part.path]))
                    opened = stream.Source(writer, document, parent=tree, copied=memo, structure=structure,
                                           trusted=not part.figures)  # fmt: skip
                if len(opened.document.pages) < part.first + part.pages:
                    raise ValueError(
                        f"{Path(part.path).name} has no pages {part.first + 1} to {part.first + part.pages}, "
                        f"which its record gives to part {part.key[:12]}."
                    )
                opened.section(sections.open(part.section or None))
                offset = len(pages) - part.first
                for index in range(part.first, part.first + part.pages):
                    describe = part.figures[index - part.first] if part.figures else None
                    copy(opened, index, describe)
                sections.add(*opened.section_kids(part.first, part.pages))
                if part.starts:
                    if opened.destinations is None:  # once a file: its parts come one after another
                        opened.destinations = render.destinations(opened.document)
                    for anchor, page in opened.destinations.items():
                        if anchor in part.starts and part.first <= page < part.first + part.pages:
                            anchors[anchor] = offset + page
                if last_use[part.path] == position:
                    copied.pop(part.path, None)  # no part to come from this file
        finally:
            if opened is not None:
                opened.document.close()
        sections.close()
        entries = [b"/Type/Catalog/Pages ", stream.ref(tree), b"/Lang ", stream.text(language)]
        entries.append(b"/ViewerPreferences<</DisplayDocTitle true>>")  # a reader's window shows the title
        if structure is not None:
            entries += [b"/MarkInfo<</Marked true>>/StructTreeRoot ", stream.ref(structure.close(language))]
        metadata = xmp(title=title, subject=subject, language=language, keywords=keywords, created=created,
                       tagged=structure is not None)  # fmt: skip
        packet = b"<</Type/Metadata/Subtype/XML/Length %d>>\nstream\n%s\nendstream" % (len(metadata), metadata)
        entries += [b"/Metadata ", stream.ref(writer.add(packet))]
        if anchors:
            names = b"".join(
                stream.text(anchor) + b"[" + stream.ref(pages[page]) + b"/Fit]"
                for anchor, page in sorted(anchors.items())
            )
            entries += [b"/Names<</Dests ", stream.ref(writer.add(b"<</Names[" + names + b"]>>")), b">>"]
        if bookmarks:
            entries += [b"/Outlines ", stream.ref(_outline(writer, bookmarks, pages)), b"/PageMode/UseOutlines"]
        kids = b" ".join(stream.ref(number) for number in pages)
        writer.write(tree, b"<</Type/Pages/Count %d/Kids[%s]>>" % (len(pages), kids))
        writer.write(catalog, b"<<" + b"".join(entries) + b">>")
        info = b"/Title %s/Subject %s/Creator (Concord)" % (stream.text(title), stream.text(subject))
        if keywords:
            info += b"/Keywords " + stream.text("; ".join(keywords))
        if created is not None:  # the moment the cover says it was made, in UTC
            stamp = stream.text(created.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ"))
            info += b"/CreationDate %s/ModDate %s" % (stamp, stamp)
        writer.close(catalog, writer.add(b"<<" + info + b">>"))
    return Merged(len(pages), anchors)


class _Sections:
    """The document element's children as the merge opens them: a section per part, or per run of parts sharing
    a name; each written once its last part is copied, with its children and the language of its content."""

    def __init__(self, structure: stream.Structure):
        self.structure = structure
        self.name, self.number, self.kids, self.language = None, 0, [], ""

    def open(self, name: str | None) -> int:
        """The section of the next part: the current one if it has the same name, else a new one."""
        if self.number and name is not None and name == self.name:
            return self.number
        self.close()
        self.name, self.number = name, self.structure.writer.reserve()
        return self.number

    def add(self, kids: list[int], language: str) -> None:
        self.kids += kids
        self.language = self.language or language

    def close(self) -> None:
        if not self.number:
            return
        kids = b"[" + b" ".join(stream.ref(kid) for kid in self.kids) + b"]"
        extra = b"/Lang " + stream.text(self.language) if self.language else b""
        self.structure.element(self.number, "/Sect", parent=self.structure.document, kids=kids, extra=extra)
        self.structure.kids.append(self.number)
        self.number, self.kids, self.language = 0, [], ""


class _Untagged:
    """The sections of a document written without tags: none."""

    def open(self, name) -> int:
        return 0

    def add(self, kids, language) -> None:
        pass

    def close(self) -> None:
        pass


def xmp(*, title: str, subject: str, language: str, keywords=(), created=None, tagged=True) -> bytes:
    """The document's XMP metadata: title, description, language, keywords, dates, and (tagged) that it is tagged
    to PDF/UA-1 (its identification)."""
    stamp = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if created is not None else None
    dates = f"<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>" if stamp else ""
    words = f"<pdf:Keywords>{escape('; '.join(keywords))}</pdf:Keywords>" if keywords else ""
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>'
        f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>"
        f"{words}{dates}<xmp:CreatorTool>Concord</xmp:CreatorTool>"
        f"{'<pdfuaid:part>1</pdfuaid:part>' if tagged else ''}"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )
    return packet.encode()


def _outline(writer, bookmarks, pages) -> int:
    """The bookmarks as the document's outline, every level open; the outline's number."""
    root = writer.reserve()
    first, last, count = _outline_items(writer, bookmarks, root, pages)
    writer.write(root, b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>" % (first, last, count))
    return root


def _outline_items(writer, marks, parent: int, pages) -> tuple[int, int, int]:
    numbers = [writer.reserve() for _ in marks]
    count = len(marks)
    for i, (mark, number) in enumerate(zip(marks, numbers, strict=True)):
        entries = [b"/Title ", stream.text(mark.title), b"/Parent ", stream.ref(parent)]
        entries += [b"/Dest[", stream.ref(pages[mark.page]), b"/Fit]"]
        if i:
            entries += [b"/Prev ", stream.ref(numbers[i - 1])]
        if i + 1 < len(numbers):
            entries += [b"/Next ", stream.ref(numbers[i + 1])]
        if mark.children:
            first, last, below = _outline_items(writer, mark.children, number, pages)
            entries.append(b"/First %d 0 R/Last %d 0 R/Count %d" % (first, last, below))
            count += below
        writer.write(number, b"<<" + b"".join(entries) + b">>")
    return numbers[0], numbers[-1], count


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
    lines = "".join(f"<p>{c}|</p>" for c in NUMBER_CHARACTERS)
    style = (
        "@page { size: A4; margin: 10mm } "
        "p { font-family: 'Noto Sans', sans-serif; font-size: 8pt; font-variant-numeric: tabular-nums; "
        "margin: 0; white-space: pre }"
    )
    data = render.render_html(f'<html lang="en"><head><style>{style}</style></head><body>{lines}</body></html>')
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


def _upright(box, rotation) -> tuple[str, float]:
    """The matrix from the page's visible box (origin at its visible lower left, upright) to its user space."""
    box = [float(Decimal(str(v))) for v in box]
    left, bottom, right, top = min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])
    rotation = int(rotation or 0) % 360
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
    where each part's own destination (WeasyPrint's, at the input's header) landed. Read with pypdf from the open
    file, strictly, and without loading the pages: the check costs little memory however long the document.
    Raises ValueError."""
    try:
        with open(path, "rb") as handle:
            reader = pypdf.PdfReader(handle, strict=True)
            root = reader.trailer["/Root"]
            kids = root["/Pages"]["/Kids"]
            count = int(root["/Pages"]["/Count"])
            if count != len(kids):
                raise ValueError(f"The compilation's page tree counts {count} pages but lists {len(kids)}.")
            if count != expected_pages:
                raise ValueError(f"The compilation has {count} pages; its parts add up to {expected_pages}.")
            pages = {(kid.idnum, kid.generation): index for index, kid in enumerate(kids)}
            found = {}
            for anchor, target in _name_tree(root.get("/Names", {}).get("/Dests")):
                target = target.get_object()
                target = target["/D"] if isinstance(target, DictionaryObject) else target
                page = target[0] if len(target) else None
                if isinstance(page, IndirectObject) and (page.idnum, page.generation) in pages:
                    found[anchor] = pages[page.idnum, page.generation]
    except (PdfReadError, KeyError, TypeError) as error:
        raise ValueError(f"The compilation cannot be read back: {error}") from error
    for anchor, page in starts:
        if anchor not in found:
            raise ValueError(f"{anchor} is not in the compilation.")
        if found[anchor] != page:
            raise ValueError(
                f"{anchor} should begin on page {page + 1}, as the contents say, "
                f"but begins on page {found[anchor] + 1}."
            )


def _name_tree(node, depth=0):
    """The (name, value) pairs of a PDF name tree read with pypdf."""
    if node is None or depth > 32:
        return
    node = node.get_object()
    names = node.get("/Names", [])
    for i in range(0, len(names) - 1, 2):
        yield str(names[i]), names[i + 1]
    for kid in node.get("/Kids", []):
        yield from _name_tree(kid, depth + 1)


def file_digest(path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in blocks."""
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
    return digest.hexdigest(), Path(path).stat().st_size


# Uploaded PDFs ------------------------------------------------------------------------------------------------------


def attachment_pages(path) -> tuple[int, str]:
    """A PDF attachment's page count when it can be appended; else 0 and the reason its input's part gives.

    Reading it costs at most ATTACHMENT_PDF_DECODED_BYTES, its objects and its pages' content decoded together
    (reports.compilation.attachments): a file that would cost more is not read further. Its pages are then copied to
    nowhere, as the merge will copy them, so that the merge reads nothing of the file that was not read here."""
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
            stream.rehearse(document)  # a broken file fails here rather than in the merge
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
