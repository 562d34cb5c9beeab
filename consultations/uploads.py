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
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from consultations.models import Attachment

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
EXTENSIONS = {Attachment.Kind.PDF: ".pdf", Attachment.Kind.DOCX: ".docx", Attachment.Kind.ODT: ".odt"}


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
        reader = PdfReader(io.BytesIO(data), strict=False)
        return len(reader.pages) > 0
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return False


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE and "content.xml" in names:
                return Attachment.Kind.ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return Attachment.Kind.DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError, EOFError):
        return None
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
    kind = Attachment.Kind.PDF if _is_pdf(data) else _zip_kind(data)
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a readable PDF, Word (DOCX) or OpenDocument (ODT) file.") % {"name": name}
        )
    return kind, data, hashlib.sha256(data).hexdigest()
