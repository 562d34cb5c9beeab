"""Attachments are judged by what they contain, never by their name."""

import hashlib
import io
import re
import unicodedata
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader, apply_configuration
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject

from consultations.models import Attachment

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
EXTENSIONS = {Attachment.Kind.PDF: ".pdf", Attachment.Kind.DOCX: ".docx", Attachment.Kind.ODT: ".odt"}
# DOCX and ODT parts are stored or deflated. zipfile expands a chunk of bzip2 or LZMA whole, whatever size is asked
# for (a few kilobytes of bzip2 hold gigabytes), so an entry compressed so is never opened.
ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# pypdf allows 75 MB a decoded stream and, to count pages, walks the whole page tree, keeping every object stream
# it decoded: hundreds of small streams in a 10 MB upload would hold gigabytes. Telling that a file is a PDF needs
# the catalog and one path down the page tree, and the few object streams these sit in, each far smaller than this.
PDF_STREAM_BYTES = 4 * 1024 * 1024
PDF_PAGE_TREE_DEPTH = 16
PDF_XREF_ENTRIES = 500_000  # a 10 MB file with more objects than this is not a document
PDF_LIMITS = {
    "zlib_maximum_output_length": PDF_STREAM_BYTES,
    "lzw_maximum_output_length": PDF_STREAM_BYTES,
    "run_length_maximum_output_length": PDF_STREAM_BYTES,
    "array_based_stream_maximum_output_length": PDF_STREAM_BYTES,
    "brotli_maximum_output_length": PDF_STREAM_BYTES,
    "jbig2_maximum_output_length": PDF_STREAM_BYTES,
    "stream_decoding_work_maximum_length": 4 * PDF_STREAM_BYTES,
}


def sanitise_name(name: str, kind: str) -> str:
    """A file name safe to show and to offer for download, with the extension its content deserves."""
    stem = PurePath(name.replace("\\", "/")).name
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", stem)
    stem = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|;]+", "_", stem).strip(" ._") or "attachment"
    return stem[:100] + EXTENSIONS[kind]


def _is_pdf(data: bytes) -> bool:
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        return False
    try:
        with apply_configuration(**PDF_LIMITS):
            reader = PdfReader(io.BytesIO(data), strict=False, xref_stream_maximum_entries=PDF_XREF_ENTRIES)
            return _reaches_a_page(reader.root_object.get("/Pages"))
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):  # LimitReachedError included
        return False


def _reaches_a_page(node) -> bool:
    """Whether the page tree leads to a page by its first kids, within a few levels (a cycle never does)."""
    for _level in range(PDF_PAGE_TREE_DEPTH):
        node = node.get_object() if node is not None else None
        if not isinstance(node, DictionaryObject):
            return False
        if node.get("/Type") == "/Page":
            return True
        kids = node.get("/Kids")
        kids = kids.get_object() if kids is not None else None
        if not isinstance(kids, ArrayObject) or not kids:
            return False
        node = kids[0]
    return False


def _check_expansion(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse an archive that declares more entries or more expanded bytes than an attachment may have."""
    entries = archive.infolist()
    if len(entries) > settings.ATTACHMENT_MAX_ARCHIVE_ENTRIES:
        raise ValidationError(
            _("%(name)s holds %(count)d entries; a Word (DOCX) or OpenDocument (ODT) file may hold at most %(limit)d.")
            % {"name": name, "count": len(entries), "limit": settings.ATTACHMENT_MAX_ARCHIVE_ENTRIES}
        )
    expanded = sum(entry.file_size for entry in entries)
    if expanded > settings.ATTACHMENT_MAX_EXPANDED_BYTES:
        raise ValidationError(
            _(
                "%(name)s would expand to %(size)s; a Word (DOCX) or OpenDocument (ODT) file may expand to at most "
                "%(limit)s."
            )
            % {
                "name": name,
                "size": filesizeformat(expanded),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_EXPANDED_BYTES),
            }
        )


def _read_entry(archive: zipfile.ZipFile, entry: str, limit: int) -> bytes:
    """An entry's bytes, read to at most limit bytes whatever its header declares; BadZipFile if it has more."""
    info = archive.getinfo(entry)
    if info.compress_type not in ZIP_METHODS or info.flag_bits & 0x1 or info.file_size > limit:  # 0x1: encrypted
        raise zipfile.BadZipFile(f"{entry} cannot be read within {limit} bytes")
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise zipfile.BadZipFile(f"{entry} runs past {limit} bytes")
    return data


def _zip_kind(data: bytes, name: str) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            odt = {"mimetype", "content.xml"} <= names
            docx = {"[Content_Types].xml", "word/document.xml"} <= names
            if not (odt or docx):
                return None
            _check_expansion(archive, name)
            if odt and _read_entry(archive, "mimetype", len(ODT_MIMETYPE) + 64).strip() == ODT_MIMETYPE:
                return Attachment.Kind.ODT
            return Attachment.Kind.DOCX if docx else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError, EOFError):
        return None


def inspect(uploaded) -> tuple[str, bytes, str]:
    """Check an uploaded file; return its kind, its bytes and its SHA-256, or raise ValidationError."""
    name = uploaded.name or "attachment"
    if uploaded.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    if uploaded.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; attachments may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            }
        )
    data = b"".join(uploaded.chunks())
    kind = Attachment.Kind.PDF if _is_pdf(data) else _zip_kind(data, name)
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a readable PDF, Word (DOCX) or OpenDocument (ODT) file.") % {"name": name}
        )
    return kind, data, hashlib.sha256(data).hexdigest()
