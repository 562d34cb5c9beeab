"""A PDF writer that streams: pages copied from other PDFs go to the file as they are read, and are forgotten.

A compilation of 10,000 pages is made of a few hundred files. Building it in memory (qpdf, pypdf) holds every
copied object until the file is written, so the merge's memory grows with the document. Here each source file is
opened in turn, the objects its pages reach are written out at once under new numbers, and the file is closed:
what stays in memory is one source at a time, the byte offset of every object written (for the cross-reference
table) and the numbers of the pages (for the page tree, the bookmarks and the named destinations, which are
written last). Objects a source's pages share (fonts, resources) are written once per source.

What the writer takes care of, for pages from any PDF (an appended attachment included):
- attributes a page inherits from its page tree (resources, boxes, rotation) are written onto the page itself,
  as the page gets a new parent;
- references to pages that are not copied (a link to a page left out) become null, as do references to the
  source's page tree;
- extra content can be put before and after a page's own (the page numbers), with a font added to its resources;
- of a page, only what renders it is copied, and nothing it reaches acts: no script, no action but a plain link's,
  no embedded file, no form field, nothing of the source's catalog (the rules are those of the attachments module;
  a page's annotations that have an appearance are drawn into it first);
- the structure tree (`Structure`): the elements of a tagged source (the pages Concord renders) are copied with its
  pages, each page and link given a new key in the document's parent tree, the source's document element replaced
  by the section the merge opens for the part; the pages of an untagged or untrusted source (an uploaded PDF: its
  own tags are not copied) are each wrapped whole in a figure described by the merge, their links tagged as links.
"""

import hashlib
import re
from array import array
from collections import defaultdict
from decimal import Decimal

import pikepdf
from pikepdf import Name, ObjectType

from reports.compilation import attachments

INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# In what qpdf writes of an object: a literal string (qpdf escapes the parentheses inside it), left as it is, or a
# reference, "12 0 R", to renumber.
REFERENCE = re.compile(rb"(\((?:\\.|[^\\)])*\))|(?<![\w.+-])(\d+) (\d+) R(?![\w])")
_NAMES: dict[str, bytes] = {}


def name(key: str) -> bytes:
    """A name as the file spells it (#-escapes included), remembered: dictionaries repeat the same few keys."""
    spelled = _NAMES.get(key)
    if spelled is None:
        spelled = _NAMES[key] = Name(key).unparse()
    return spelled


def number(value) -> bytes:
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, Decimal | float):
        text = format(Decimal(str(value)).normalize(), "f")
        return text.encode()
    raise TypeError(f"Not a PDF number: {value!r}")


def text(value: str) -> bytes:
    """A text string (PDFDocEncoding where it can be, UTF-16 otherwise), as a PDF literal."""
    return pikepdf.String(value).unparse()


class Writer:
    """Objects written one after another to a binary file, then the cross-reference table and the trailer.

    `reserve()` hands out an object number before the object is written (a page's number is needed by the
    bookmarks before the page is written; the page tree's by every page). The file identifier is derived from
    what was written, so the same compilation gives the same bytes."""

    def __init__(self, handle):
        self.handle = handle
        self.offsets = array("Q", [0])  # by object number; 0 is the free head of the table
        self.position = 0
        self.digest = hashlib.md5(usedforsecurity=False)
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.position += len(data)

    def reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets) - 1

    def write(self, number: int, body: bytes) -> None:
        if self.offsets[number]:
            raise ValueError(f"Object {number} is written twice.")
        self.offsets[number] = self.position
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def add(self, body: bytes) -> int:
        number = self.reserve()
        self.write(number, body)
        return number

    def stream(self, data: bytes) -> int:
        """A content stream of the writer's own (a few bytes: left uncompressed)."""
        return self.add(b"<</Length %d>>\nstream\n%s\nendstream" % (len(data), data))

    def close(self, root: int, info: int) -> None:
        unwritten = [n for n in range(1, len(self.offsets)) if not self.offsets[n]]
        if unwritten:
            raise ValueError(f"{len(unwritten)} objects were referred to but never written, e.g. {unwritten[0]}.")
        identifier = self.digest.hexdigest().encode()
        table = self.position
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for start in range(1, len(self.offsets), 4096):
            chunk = self.offsets[start : start + 4096]
            self._write(b"".join(b"%010d 00000 n \n" % offset for offset in chunk))
        self._write(
            b"trailer\n<</Size %d/Root %d 0 R/Info %d 0 R/ID[<%s><%s>]>>\nstartxref\n%d\n%%%%EOF\n"
            % (len(self.offsets), root, info, identifier, identifier, table)
        )


def ref(number: int) -> bytes:
    return b"%d 0 R" % number


class Structure:
    """The structure tree of the document being written, held as object numbers until it is written last: the
    document element's children (the merge's sections) and the parent tree (for each key, the array of a page's
    marked-content elements or a link's element), keys given out in order from 0."""

    BRANCH = 1024  # keys in a leaf of the written parent tree

    def __init__(self, writer: Writer):
        self.writer = writer
        self.root = writer.reserve()
        self.document = writer.reserve()
        self.kids = array("Q")
        self.parents = array("Q")
        self._figure = None

    def figure_streams(self) -> tuple[int, int]:
        """The content streams that open and close a page's figure (its own content, whole, as marked content 0)."""
        if self._figure is None:
            self._figure = (self.writer.stream(b"q\n/Figure<</MCID 0>>BDC\n"), self.writer.stream(b"\nEMC\n"))
        return self._figure

    def key(self, number: int) -> int:
        """A new key of the parent tree, for the object `number` (an array of elements, or an element)."""
        self.parents.append(number)
        return len(self.parents) - 1

    def element(self, number: int, kind: str, *, parent: int, kids: bytes, page: int | None = None, extra=b""):
        """Write the structure element `number` (reserved): its type, parent, children (as written) and page."""
        body = [b"<</Type/StructElem/S", name(kind), b"/P ", ref(parent), b"/K", kids]
        if page is not None:
            body += [b"/Pg ", ref(page)]
        self.writer.write(number, b"".join([*body, extra, b">>"]))

    def close(self, language: str) -> int:
        """Write the document element, the parent tree and the root; the root's number."""
        kids = b" ".join(ref(kid) for kid in self.kids)
        self.element(self.document, "/Document", parent=self.root, kids=b"[" + kids + b"]",
                     extra=b"/Lang " + text(language))  # fmt: skip
        entries = [b"%d %s" % (key, ref(number)) for key, number in enumerate(self.parents)]
        if len(entries) <= self.BRANCH:
            tree = self.writer.add(b"<</Nums[" + b" ".join(entries) + b"]>>")
        else:
            leaves = [
                self.writer.add(b"<</Limits[%d %d]/Nums[%s]>>" % (
                    start, min(start + self.BRANCH, len(entries)) - 1, b" ".join(entries[start : start + self.BRANCH])))
                for start in range(0, len(entries), self.BRANCH)
            ]  # fmt: skip
            tree = self.writer.add(b"<</Kids[" + b" ".join(ref(leaf) for leaf in leaves) + b"]>>")
        self.writer.write(
            self.root,
            b"<</Type/StructTreeRoot/K %s/ParentTree %s/ParentTreeNextKey %d>>"
            % (ref(self.document), ref(tree), len(self.parents)),
        )
        return self.root


class Copied:
    """What a Writer holds of one source file: its objects' numbers in the writer, and which of its resource and
    font dictionaries were written with the extra font. Kept while the file has parts still to come."""

    def __init__(self, wanted=()):
        self.numbers: dict = {}
        self.wanted = frozenset(wanted)  # indices of the pages that will be copied, all parts together
        self.resources_with_font: set = set()
        self.fonts_with_font: set = set()


class Source:
    """One open PDF whose pages (some of them) are being copied into a Writer, under the page tree `parent`."""

    def __init__(
        self,
        writer: Writer,
        document: pikepdf.Pdf,
        *,
        parent: int,
        copied: Copied | None = None,
        structure: Structure | None = None,
        trusted: bool = False,
    ):
        self.writer = writer
        self.document = document
        # What a page may point to but is no page's: the page tree, and the catalog with what acts from it (found
        # before flattening, which takes the form out of the catalog).
        self.outside = set(_page_tree(document)) | attachments.document_level(document)
        attachments.flatten(document)  # in memory: the file is not changed
        self.parent = parent
        self.copied = Copied() if copied is None else copied
        self.numbers = self.copied.numbers
        self.pending: list = []
        pages = [page.obj.objgen for page in document.pages]
        self.pages = set(pages)
        self.wanted = {pages[i] for i in self.copied.wanted if i < len(pages)}
        self.font: tuple[str, int] | None = None
        self.destinations: dict | None = None  # the file's named destinations, read by the merge once
        # Tags: a trusted source's are copied (its document element becomes the section of the part being copied);
        # an untrusted or untagged source's pages become figures, and `elements` collects what the section gets.
        self.structure = structure
        self.trusted = trusted
        tree = document.Root.get("/StructTreeRoot") if trusted and structure is not None else None
        self.tagged = isinstance(tree, pikepdf.Dictionary) and tree.is_indirect
        self.elements: list[int] = []
        self.current = structure.document if structure is not None else 0
        self._kids = None
        self._spelled: dict[bytes, bytes] = {}  # a reference as qpdf writes it: as the writer does (_renumbered)
        self._document_key = None
        if self.tagged:
            self.numbers[tree.objgen] = structure.root
            top = tree.get("/K")
            self.document_element = top[0] if isinstance(top, pikepdf.Array) and len(top) else top
            if isinstance(self.document_element, pikepdf.Dictionary) and self.document_element.is_indirect:
                self._document_key = self.document_element.objgen
            self.parent_tree = pikepdf.NumberTree(tree.ParentTree) if "/ParentTree" in tree else None

    def section(self, number: int) -> None:
        """The parts copied from now on belong to the section element `number`: the source's document element."""
        self.current = number
        if self.tagged and isinstance(self.document_element, pikepdf.Dictionary):
            self.numbers[self.document_element.objgen] = number

    def section_kids(self, first: int, count: int) -> tuple[list[int], str]:
        """The elements of pages first…first+count-1 directly under the source's document element, written (with
        what they reach), and the language of the first that has one; the elements made for figures, for an
        untagged source."""
        if not self.tagged:
            made, self.elements = self.elements, []
            return made, ""
        if self._kids is None:
            self._kids = defaultdict(list)
            pages = {page.obj.objgen: index for index, page in enumerate(self.document.pages)}
            top = self.document_element.get("/K") if isinstance(self.document_element, pikepdf.Dictionary) else None
            for kid in top if isinstance(top, pikepdf.Array) else [top] if top is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and kid.is_indirect and "/Pg" in kid:
                    self._kids[pages.get(kid.Pg.objgen)].append(kid)
        kids, language = [], ""
        for index in range(first, first + count):
            for kid in self._kids.get(index, ()):
                kids.append(self._number(kid))
                if not language and isinstance(kid.get("/Lang"), pikepdf.String):
                    language = str(kid.Lang)
        self.flush()
        return kids, language

    def _parent_key(self, entry) -> int:
        """A new key in the document's parent tree for a source's entry (a page's array, or a link's element)."""
        if entry.is_indirect:
            number = self._number(entry)
        else:  # a page's array of elements
            number = self.writer.add(REFERENCE.sub(self._renumbered, entry.unparse()))
        return self.structure.key(number)

    def copy_page(
        self, index: int, *, before: int | None = None, after: int | None = None, font=None, describe=None
    ) -> int:
        """Write page `index` (with `before` and `after`, content streams of the writer, around its own content,
        and `font` = (resource name, number in the writer) in its resources) and what it reaches; its number.
        Written into a structure, a page of an untagged source is a figure whose description is `describe`."""
        page = self.document.pages[index].obj
        number = self.numbers.get(page.objgen)
        if number is None:
            number = self.numbers[page.objgen] = self.writer.reserve()
        elif self.writer.offsets[number]:  # the same page again (one file appended twice): a page of its own
            number = self.writer.reserve()
        entries = {key: inherited(page, key) for key in INHERITED}
        self.font = font
        body = [b"/Parent ", ref(self.parent)]
        for key, value in page.items():
            if key in attachments.PAGE_KEYS and key not in ("/Parent", "/Contents", "/Annots", *INHERITED):
                body += [name(key), b" ", self.value(value)]
        annotations = attachments.kept_annotations(page.get("/Annots"))
        figure = self.structure is not None and not self.tagged
        if annotations:
            copied = [self._link(a, number) if figure else self.value(a) for a in annotations]
            body += [b"/Annots[", b" ".join(copied), b"]"]
        for key, value in entries.items():
            if key == "/Resources" and font is not None:
                body += [b"/Resources ", self._resources(value)]
            elif value is not None:
                body += [name(key), b" ", self.value(value)]
        contents = page.get("/Contents")
        streams = [] if contents is None else list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        shown = [self.value(stream) for stream in streams]
        if figure:  # its own content, whole, is the figure: after the merge's `before` (a save) and before `after`
            opening, closing = self.structure.figure_streams()
            shown = [ref(opening), *shown, ref(closing)]
            element = self.writer.reserve()
            body.append(b"/StructParents %d" % self.structure.key(self.writer.add(b"[" + ref(element) + b"]")))
            box = entries["/CropBox"] or entries["/MediaBox"]
            layout = b"/A<</O/Layout/BBox" + self.direct(box) + b">>" if box is not None else b""
            self.structure.element(element, "/Figure", parent=self.current, kids=b" 0", page=number,
                                   extra=b"/Alt " + text(describe or "") + layout)  # fmt: skip
            self.elements.append(element)
        elif self.tagged and "/StructParents" in page and self.parent_tree is not None:
            entry = self.parent_tree.get(int(page.StructParents))
            if entry is not None:
                body.append(b"/StructParents %d" % self._parent_key(entry))
        if self.structure is not None:
            body.append(b"/Tabs/S")  # annotations in the order of the structure
        shown = [ref(n) for n in (before,) if n] + shown + [ref(n) for n in (after,) if n]
        if shown:
            body += [b"/Contents[", b" ".join(shown), b"]"]
        self.writer.write(number, b"<<" + b"".join(body) + b">>")
        self.flush()
        return number

    def _link(self, annotation, page: int) -> bytes:
        """A link of an untagged page, written with an element of its own (a Link, described by its address)."""
        action = annotation.get("/A")
        own = annotation.get("/Contents")
        if isinstance(own, pikepdf.String) and str(own).strip():
            description = str(own).strip()[:500]
        elif isinstance(action, pikepdf.Dictionary) and isinstance(action.get("/URI"), pikepdf.String):
            description = str(action.URI)[:500]
        else:
            description = "Link"
        number, element = self.writer.reserve(), self.writer.reserve()
        skipped = ("/StructParent", "/Contents", "/P")
        entries = b"".join(self._entry(key, value) for key, value in annotation.items() if key not in skipped)
        key = self.structure.key(element)
        self.writer.write(number, b"<<%s/StructParent %d/Contents %s>>" % (entries, key, text(description)))
        objr = b"<</Type/OBJR/Obj " + ref(number) + b"/Pg " + ref(page) + b">>"
        self.structure.element(element, "/Link", parent=self.current, kids=objr, page=page,
                               extra=b"/Alt " + text(description))  # fmt: skip
        self.elements.append(element)
        return ref(number)

    def copy(self, obj) -> int:
        """Write an indirect object of the source, and what it reaches; its number in the writer."""
        number = self._number(obj)
        self.flush()
        return number

    def _number(self, obj) -> int:
        key = obj.objgen
        number = self.numbers.get(key)
        if number is None:
            number = self.numbers[key] = self.writer.reserve()
            if key not in self.pages:  # pages are written by copy_page
                self.pending.append(obj)
        return number

    def flush(self) -> None:
        while self.pending:
            obj = self.pending.pop()
            self.writer.write(self.numbers[obj.objgen], self.body(obj))

    def _resources(self, resources) -> bytes:
        """The page's resources, with the extra font: an indirect dictionary not written yet gets it when written;
        one written without it is copied here, with it."""
        if resources is None:
            return b"<</Font" + self._fonts(None) + b">>"
        if resources.is_indirect:
            key = resources.objgen
            if key not in self.numbers:
                self.copied.resources_with_font.add(key)
            if key in self.copied.resources_with_font:
                return self.value(resources)
        return self._dictionary(resources)

    def _dictionary(self, resources) -> bytes:
        if not attachments.inert(resources):
            return b"<</Font" + self._fonts(None) + b">>"
        body = [self._entry(key, value) for key, value in resources.items() if key != "/Font"]
        fonts = resources.get("/Font")
        if fonts is not None and fonts.is_indirect:
            key = fonts.objgen
            if key not in self.numbers:
                self.copied.fonts_with_font.add(key)
            if key in self.copied.fonts_with_font:
                return b"<<" + b"".join(body) + b"/Font " + self.value(fonts) + b">>"
        return b"<<" + b"".join(body) + b"/Font " + self._fonts(fonts) + b">>"

    def _fonts(self, fonts) -> bytes:
        font_name, font_number = self.font
        body = [] if fonts is None else [self._entry(key, value) for key, value in fonts.items()]
        return b"<<" + b"".join(body) + name(font_name) + b" " + ref(font_number) + b">>"

    def body(self, obj) -> bytes:
        """An indirect object's body, its references renumbered."""
        kind = obj._type_code
        if kind == ObjectType.stream:
            if not attachments.inert(obj):
                return b"null"
            data = obj.read_raw_bytes()  # as encoded in the file: copying decodes nothing
            entries = b"".join(self._entry(key, value) for key, value in obj.items() if key != "/Length")
            return b"<<%s/Length %d>>\nstream\n%s\nendstream" % (entries, len(data), data)
        if obj.objgen in self.copied.resources_with_font:
            return self._dictionary(obj)
        if obj.objgen in self.copied.fonts_with_font:
            return self._fonts(obj)
        if self.trusted and (
            kind == ObjectType.array
            or (kind == ObjectType.dictionary and "/StructParent" not in obj and "/StructParents" not in obj)
        ):
            return self.trusted_body(obj)
        return self.direct(obj)

    def trusted_body(self, obj) -> bytes:
        """An object of a file Concord rendered (its structure elements, dozens a page; its fonts' widths), copied
        as qpdf writes it with its references renumbered, rather than entry by entry: none of it acts, and what
        refers to a link's key in the parent tree goes the long way (`_entry`)."""
        return REFERENCE.sub(self._renumbered, obj.unparse(resolved=True))

    def _renumbered(self, match) -> bytes:
        """A reference as the writer spells it (remembered: a file's objects refer to the same few hundred), or a
        string as it is."""
        spelled = self._spelled.get(match[0])
        if spelled is not None:
            return spelled
        if match[1] is not None:
            return match[1]  # a string
        key = (int(match[2]), int(match[3]))
        if key in self.outside or (key in self.pages and key not in self.wanted):
            spelled = b"null"
        else:
            number = self.numbers.get(key)
            if number is None:
                number = self._number(self.document.get_object(key))
            spelled = b"%d 0 R" % number
        if key != self._document_key:  # the one object whose number changes: a section per part
            self._spelled[match[0]] = spelled
        return spelled

    def value(self, value) -> bytes:
        """A value inside an object: a reference to an indirect object, or the direct value written out."""
        if isinstance(value, pikepdf.Object) and value.is_indirect:
            key = value.objgen
            if key in self.outside or (key in self.pages and key not in self.wanted):
                return b"null"  # the source's page tree or catalog, or a page left out
            return ref(self._number(value))
        return self.direct(value)

    def _entry(self, key: str, value) -> bytes:
        """A dictionary's entry, or nothing for one that would add actions (/AA) or a form to what holds it."""
        if key in attachments.DROPPED_KEYS:
            return b""
        if key in ("/StructParent", "/StructParents"):  # a link's (or a form's) key in the source's parent tree
            if not self.tagged or self.parent_tree is None:
                return b""
            entry = self.parent_tree.get(int(value))
            return b"" if entry is None else name(key) + b" %d" % self._parent_key(entry)
        return name(key) + b" " + self.value(value)

    def direct(self, value) -> bytes:
        if value is None:
            return b"null"
        if not isinstance(value, pikepdf.Object):
            return number(value)
        kind = value._type_code
        if kind == ObjectType.dictionary:
            if not attachments.inert(value):
                return b"null"
            return b"<<" + b"".join(self._entry(k, v) for k, v in value.items()) + b">>"
        if kind == ObjectType.array:
            return b"[" + b" ".join(self.value(item) for item in value) + b"]"
        if kind in (ObjectType.name_, ObjectType.string, ObjectType.boolean, ObjectType.integer, ObjectType.real):
            return value.unparse()
        if kind == ObjectType.null:
            return b"null"
        raise ValueError(f"An object of type {kind.name} cannot be copied.")


class _Nowhere:
    def write(self, data: bytes) -> int:
        return len(data)


def rehearse(document: pikepdf.Pdf) -> None:
    """Copy every page of a document as a merge would, to nowhere: what would fail in the merge fails here, and
    everything the merge will read of the file is read here first."""
    writer = Writer(_Nowhere())
    pages = len(document.pages)
    source = Source(writer, document, parent=writer.reserve(), copied=Copied(range(pages)))
    font = ("/ConcordPageNumber", writer.reserve())  # as the merge adds one to every page's resources
    for index in range(pages):
        source.copy_page(index, font=font)


def inherited(page, key: str):
    """A page's attribute, from the page or the nearest node of its page tree that sets it (or None)."""
    node = page
    for _depth in range(64):  # a page tree deeper than this is a loop
        if key in node:
            return node[key]
        if "/Parent" not in node:
            return None
        node = node.Parent
    return None


def _page_tree(document: pikepdf.Pdf):
    """The objgens of the source's page tree nodes (not its pages)."""
    stack = [document.Root.Pages]
    while stack:
        node = stack.pop()
        if node.is_indirect:
            yield node.objgen
        for kid in node.get("/Kids", ()):
            if kid.get("/Type") == "/Pages" or "/Kids" in kid:
                stack.append(kid)
