"""What of an uploaded PDF may reach a compilation, and what reading it may cost.

A PDF attachment is appended to a compilation page by page (the writer copies the pages). A page can carry more
than what it shows: actions run when it is opened (/AA), links that run a script, launch a program or open another
file, embedded files, form fields and their scripts, and, through a crafted reference in its resources, the
document's own opening action, scripts and form. Of every page it copies, the writer keeps only what renders it,
by the rules here:

- the page's own entries in PAGE_KEYS (contents, resources, boxes, rotation, transparency group) and its links;
- of its annotations, the links to a web or mail address (http, https, mailto) or within the document (GoTo, or a
  destination); annotations with an appearance (form fields, notes, stamps, file icons) are drawn into the page as
  they look before it is copied (`flatten`), the others are dropped;
- whatever the page reaches: no action but a plain link's, no script, no file specification or embedded file, no
  /AA, and nothing of the document catalog (`inert`, `document_level`).

The pages Concord renders pass the same rules unchanged: WeasyPrint's pages hold contents, resources, boxes and
links to web addresses or named destinations, nothing else. The file the respondent sent is not changed: its
download and its hash stay as sent; only the compilation's copy of its pages is cleaned.

Reading an uploaded PDF costs what its streams decode to, which can be a thousand times the file (a 500 KB file can
hold a 512 MiB content stream), and what qpdf holds for each of its objects. The check that decides whether an
attachment is appended (merge.attachment_pages) reads it within a `Budget` of ATTACHMENT_PDF_DECODED_BYTES: the
objects the file declares, then its pages' content, inflated a chunk at a time and never held, all together; qpdf's
own decoding (object and cross-reference streams) stops at the same limit (`qpdf_within`). It then copies the pages
to nowhere as the merge will (writer.rehearse), so that the merge, which copies streams as they are in the file and
decodes none, reads nothing the check has not.
"""

import math
import zlib
from contextlib import contextmanager

import pikepdf
import pikepdf.settings
from pikepdf import Array, Dictionary, Name

PAGE_KEYS = frozenset(
    {
        "/Type", "/Parent", "/Contents", "/Resources", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox",
        "/Rotate", "/Group", "/UserUnit", "/Annots",
    }
)  # fmt: skip
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
ACTIONS = frozenset(
    {
        "/GoTo", "/GoToR", "/GoToE", "/GoToDp", "/Launch", "/Thread", "/URI", "/Sound", "/Movie", "/Hide", "/Named",
        "/SubmitForm", "/ResetForm", "/ImportData", "/JavaScript", "/SetOCGState", "/Rendition", "/Trans",
        "/GoTo3DView", "/RichMediaExecute",
    }
)  # fmt: skip
REFUSED_TYPES = frozenset({"/Catalog", "/Filespec", "/EmbeddedFile"})
# Annotations that act, or hold what acts: copied from nowhere (a page's own are kept_annotations).
REFUSED_SUBTYPES = frozenset({"/Widget", "/FileAttachment", "/Screen", "/Movie", "/Sound", "/RichMedia", "/3D"})
DROPPED_KEYS = frozenset({"/AA", "/OpenAction", "/AcroForm", "/XFA"})  # from any dictionary that holds them
DOCUMENT_ACTIVE = {
    "/OpenAction": (),
    "/AA": (),
    "/Names": ("/JavaScript", "/EmbeddedFiles"),
    "/AcroForm": ("/Fields", "/XFA"),
}
_TELLING = frozenset({"/JS", "/EF", "/Type", "/Subtype", "/S"})  # a dictionary with none of these is inert


def allowed_action(action) -> bool:
    """Whether an action may be copied: going to a web or mail address, or to a place in the document."""
    if not isinstance(action, Dictionary):
        return False
    kind = action.get("/S")
    if kind == Name.GoTo:
        return True
    if kind != Name.URI or not isinstance(action.get("/URI"), pikepdf.String):
        return False
    scheme, colon, _rest = str(action.URI).strip().partition(":")
    return bool(colon) and scheme.lower() in LINK_SCHEMES  # "java\tscript:" or a relative address: neither


def is_link(annotation) -> bool:
    return isinstance(annotation, Dictionary) and annotation.get("/Subtype") == Name.Link


def kept_annotations(annotations) -> list:
    """Of a page's annotations, those copied with it: its links whose action (if any) is allowed."""
    if not isinstance(annotations, Array):
        return []
    return [a for a in annotations if is_link(a) and ("/A" not in a or allowed_action(a.A))]


def inert(obj) -> bool:
    """Whether a dictionary or stream a page reaches may be copied: not a script, an action but a plain link's, a
    file specification, an embedded file, a form field or other acting annotation, or a document catalog."""
    keys = obj.keys()
    if _TELLING.isdisjoint(keys):
        return True
    if "/JS" in keys or "/EF" in keys or str(obj.get("/Type")) in REFUSED_TYPES:
        return False
    if str(obj.get("/Subtype")) in REFUSED_SUBTYPES:
        return False
    if obj.get("/Type") == Name.Action or str(obj.get("/S")) in ACTIONS:
        return allowed_action(obj)
    return True


def document_level(document: pikepdf.Pdf) -> set:
    """The objgens of the document's catalog and of what acts from it (its opening action, scripts, embedded files,
    form): no page's, and never copied, however a page refers to them. What pages may share with it (the form's
    default resources, the optional content groups) is left to the other rules."""
    root = document.Root
    found = {root.objgen} if root.is_indirect else set()
    for key, below in DOCUMENT_ACTIVE.items():
        value = root.get(key)
        items = [value, *(value.get(k) for k in below)] if isinstance(value, Dictionary) else [value]
        found.update(item.objgen for item in items if isinstance(item, pikepdf.Object) and item.is_indirect)
    return found


def flatten(document: pikepdf.Pdf) -> None:
    """Draw the annotations that have an appearance (filled-in form fields, notes, stamps) into their pages as they
    look, so that no annotation but links is left to copy; does nothing to a document whose annotations are links.

    qpdf flattens (it places each appearance where the annotation was, rotation included); the links are set aside
    while it runs, as it would flatten one that has an appearance of its own. Form fields whose appearance the
    document asks the viewer to make (/NeedAppearances) have none to draw, and are dropped with the rest."""
    pages = [page.obj for page in document.pages]
    if all(is_link(a) for page in pages for a in _annotations(page)):
        return
    links = {}
    for page in pages:
        if "/Annots" in page:
            links[page.objgen] = [a for a in _annotations(page) if is_link(a)]
            page.Annots = Array([a for a in _annotations(page) if not is_link(a)])
    document.flatten_annotations("all")
    for page in pages:
        if links.get(page.objgen):
            page.Annots = Array(links[page.objgen])
        elif "/Annots" in page:
            del page["/Annots"]


def _annotations(page) -> list:
    annotations = page.get("/Annots")
    return list(annotations) if isinstance(annotations, Array) else []


# Reading within a budget ------------------------------------------------------------------------------------------

# What one raw byte can decode to at most, by filter: deflate's limit is 1032:1; LZW's about 1340:1 (each code one
# byte longer than the last, until the table is full); ASCII85's "z" is four zero bytes; hexadecimal halves.
EXPANSION = {"/FlateDecode": 1032, "/LZWDecode": 1400, "/ASCII85Decode": 4, "/ASCIIHexDecode": 0.5}
ABBREVIATIONS = {"/Fl": "/FlateDecode", "/LZW": "/LZWDecode", "/A85": "/ASCII85Decode", "/AHx": "/ASCIIHexDecode"}
CHUNK = 1 << 20  # bytes decoded at a time, then forgotten
PAGE_BYTES = 4096  # what a page costs at least, contents or not: so a budget bounds the page count too
# What qpdf holds for each object it reads, about (measured: 440 MB for a million): a file declaring more objects
# than the budget allows is not read further, as qpdf reads all the objects of an object stream at once.
OBJECT_BYTES = 256
QPDF_LIMIT_HIT = "memory limit exceeded"  # in the warning qpdf gives when it stops decoding at its limit


class OverBudget(Exception):
    """Reading a PDF's pages would decode more than its budget."""


@contextmanager
def qpdf_within(limit: int):
    """qpdf's own decoding (cross-reference and object streams, and what it is asked to decode) stops at `limit`
    bytes a stream while this lasts. The limit is the process's: set only while an uploaded file is read."""
    previous = pikepdf.settings.set_qpdf_limits(flate_max_memory=limit)
    try:
        yield
    finally:
        pikepdf.settings.set_qpdf_limits(**previous)


class Budget:
    """Bytes that reading one PDF may still cost: its objects, and its pages' content decoded, all together."""

    def __init__(self, limit: int):
        self.limit = self.left = limit
        self.sizes: dict = {}  # a stream shared by pages is decoded once, and counted on each

    def read_objects(self, document: pikepdf.Pdf) -> None:
        """Charge the objects the file declares (qpdf reads no object past the trailer's /Size)."""
        self._charge(int(document.trailer.get("/Size", 0)) * OBJECT_BYTES)

    def check_qpdf(self, document: pikepdf.Pdf) -> None:
        """OverBudget if qpdf, reading the document within `qpdf_within`, stopped decoding something at the limit
        (it then reads the object as null, and says so only in a warning)."""
        if any(QPDF_LIMIT_HIT in warning for warning in document.get_warnings()):
            raise OverBudget

    def read_page(self, page) -> None:
        """Decode a page's content streams (raises OverBudget rather than go past the budget, and what a broken
        stream raises)."""
        contents = page.obj.get("/Contents")
        streams = contents if isinstance(contents, Array) else [contents] if contents is not None else []
        before = self.left
        for stream in streams:
            self._charge(self._size(stream))
        self._charge(max(0, PAGE_BYTES - (before - self.left)))

    def _size(self, stream) -> int:
        key = stream.objgen if stream.is_indirect else None
        if key not in self.sizes:
            size = decoded_size(stream, self.left)
            if key is None:
                return size
            self.sizes[key] = size
        return self.sizes[key]

    def _charge(self, size: int) -> None:
        if size > self.left:
            raise OverBudget
        self.left -= size


def decoded_size(stream, limit: int) -> int:
    """How many bytes a stream decodes to, found without holding them; OverBudget once past `limit`.

    Flate (most content) is inflated a chunk at a time, and stops past the limit; an unencoded stream is its raw
    length. Other encodings, and chains of them, are rare in page content: they are decoded whole, and only when
    their raw length times the most they could expand by (EXPANSION) is within the limit."""
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, Name) else list(filters) if isinstance(filters, Array) else []
    filters = [ABBREVIATIONS.get(str(f), str(f)) for f in filters]
    raw = stream.read_raw_bytes()
    if not filters:
        return len(raw)
    if filters == ["/FlateDecode"]:
        return _inflated_size(raw, limit)
    unknown = [f for f in filters if f not in EXPANSION]
    if unknown:
        raise ValueError(f"Page content encoded with {unknown[0]} is not read.")
    if len(raw) * math.prod(EXPANSION[f] for f in filters) > limit:
        raise OverBudget
    return len(stream.read_bytes())


def _inflated_size(raw: bytes, limit: int) -> int:
    """What zlib data inflates to, a chunk at a time. As qpdf does, a missing or wrong checksum and bytes after the
    end are let pass: the data is read as raw deflate after its two-byte header."""
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    data, size = raw[2:], 0
    while not inflate.eof:
        size += len(out := inflate.decompress(data, CHUNK))
        if size > limit:
            raise OverBudget
        data = inflate.unconsumed_tail
        if not data and len(out) < CHUNK:
            break  # all read: a stream cut short ends here
    return size
