"""Files a respondent attaches, as small as each format allows."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def pdf_bytes(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def odt_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def upload(name, data, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# A small codebook: two clusters, their issues, a sub-issue, some names in French and Arabic.
CODEBOOK = """name,parent,definition,note,name_fr,name_ar
Security,,"Safety of the Internet's infrastructure and its users.",,Sécurité,الأمن
Cybercrime,Security,Crimes committed through computers.,Not: state conduct.,Cybercriminalité,الجريمة الإلكترونية
Spam,Security,Unsolicited bulk messages.,,Pourriel,
Phishing,Cybercrime,Deceptive messages that steal credentials.,,Hameçonnage,
Development,,"Access, capacity and the digital divide.",,Développement,التنمية
Access,Development,Affordable access for all.,,Accès,
"""
