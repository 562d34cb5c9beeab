"""An uploaded PDF appended to a compilation brings its pages as they look: nothing that acts, nor costs more."""

import hashlib
import io
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest
from django.core.files.base import ContentFile
from pikepdf import Array, Dictionary, Name, String
from PIL import Image
from pypdf import PdfReader

from consultations.models import Attachment
from reports.compilation import jobs, merge, render
from reports.compilation.render import PartPdf
from tests.factories import InputFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

PAYLOAD = "concord-test-payload"  # in every script, command and file the hostile PDF carries
ACTIVE_KEYS = {"/JS", "/AA", "/OpenAction", "/AcroForm", "/XFA", "/EF"}
NAMES = [Name.JavaScript, Name.Launch, Name.Widget, Name.FileAttachment, Name.Filespec, Name.EmbeddedFile]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def attach(submission, name, data):
    """A stored PDF attachment that the version sent lists."""
    attachment = Attachment(
        submission=submission, name=name, kind="pdf", size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    version = submission.current_version
    version.attachments = [*version.attachments, {"name": name, "sha256": attachment.sha256, "size": len(data)}]
    version.save()
    return attachment


def compile_to(consultation, tmp_path):
    """Compile by respondent, complete edition, into tmp_path/compilation.pdf; (its path, the log)."""
    output = tmp_path / "compilation.pdf"
    _pages, _sha256, log = jobs.compile_to_file(
        consultation, arrangement="by-respondent", edition="complete", cache_dir=tmp_path / "parts", output_path=output
    )
    return output, log


# A PDF with every kind of active content --------------------------------------------------------------------------


def script(where: str) -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(f"app.alert('{PAYLOAD}: {where}')"))


def link(document, action, *, left=20) -> Dictionary:
    rect = Array([left, 700, left + 40, 720])
    return document.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=rect, A=action))


def appearance(document, content: bytes, font) -> pikepdf.Stream:
    stream = document.make_stream(content)
    stream.Type, stream.Subtype, stream.BBox = Name.XObject, Name.Form, Array([0, 0, 200, 20])
    stream.Resources = Dictionary(Font=Dictionary(Helv=font))
    return stream


def hostile_pdf() -> bytes:
    """Two pages; the first carries an action on opening, links that run a script, launch a program, go to a
    javascript: address, a web address and the second page, an embedded file, a filled-in form field, and, through
    its resources, a way to the document's own opening script and form. The document has scripts and a form too."""
    document = pikepdf.new()
    font = document.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    pages = []
    for text in ("Annex with active content", "Second page of the annex"):
        content = document.make_stream(f"BT /F1 24 Tf 40 780 Td ({text}) Tj ET".encode())
        page = Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]), Contents=content)
        page.Resources = Dictionary(Font=Dictionary(F1=font))
        document.pages.append(pikepdf.Page(page))
        pages.append(document.pages[-1].obj)
    first, second = pages
    embedded = document.make_stream(f"{PAYLOAD}: embedded file".encode(), Type=Name.EmbeddedFile)
    filespec = Dictionary(Type=Name.Filespec, F=String("payload.txt"), EF=Dictionary(F=embedded))
    pin = Dictionary(N=appearance(document, b"0 0 1 rg 0 0 10 10 re f", font))
    field = Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=String("opinion"), F=4, P=first)
    field.V, field.Rect = String("Filled in by the respondent"), Array([40, 600, 240, 620])
    field.AP = Dictionary(N=appearance(document, b"BT /Helv 12 Tf 2 5 Td (Filled in by the respondent) Tj ET", font))
    field.AA = Dictionary(K=script("keystroke"))
    field = document.make_indirect(field)
    first.Annots = Array(
        [
            link(document, script("link")),
            link(document, Dictionary(S=Name.Launch, F=String(f"{PAYLOAD}.exe")), left=70),
            link(document, Dictionary(S=Name.URI, URI=String(f"javascript:alert('{PAYLOAD}')")), left=120),
            link(document, Dictionary(S=Name.URI, URI=String("https://example.org/annex")), left=170),
            link(document, Dictionary(S=Name.GoTo, D=Array([second, Name.Fit])), left=220),
            document.make_indirect(
                Dictionary(
                    Type=Name.Annot, Subtype=Name.FileAttachment, FS=filespec, Rect=Array([300, 700, 310, 710]), AP=pin
                )
            ),
            field,
        ]
    )
    first.AA = Dictionary(O=script("page opened"))
    root = document.Root
    root.OpenAction = document.make_indirect(script("document opened"))
    root.Names = document.make_indirect(
        Dictionary(JavaScript=Dictionary(Names=Array([String("init"), script("named")])))
    )
    xfa = document.make_stream(f"<xdp><script>{PAYLOAD}</script></xdp>".encode())
    root.AcroForm = document.make_indirect(Dictionary(Fields=Array([field]), XFA=xfa))
    first.Resources.Properties = Dictionary(Form=root.AcroForm, Opening=root.OpenAction, Scripts=root.Names)
    output = io.BytesIO()
    document.save(output, compress_streams=False)
    return output.getvalue()


def active_content(document: pikepdf.Pdf) -> list[str]:
    """What of scripts, actions, files and form fields any object of the document holds."""
    found = []

    def look(value, where):
        if isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
            found.extend(f"{where} {key}" for key in sorted(ACTIVE_KEYS & set(value.keys())))
            found.extend(f"{where} {value[key]}" for key in ("/S", "/Subtype", "/Type") if value.get(key) in NAMES)
            items = value.values()
        else:
            items = value if isinstance(value, pikepdf.Array) else ()
        for item in items:
            if isinstance(item, pikepdf.Dictionary | pikepdf.Array) and not item.is_indirect:
                look(item, where)

    for obj in document.objects:
        look(obj, f"object {obj.objgen}")
        if isinstance(obj, pikepdf.Stream) and PAYLOAD.encode() in obj.read_bytes():
            found.append(f"object {obj.objgen} holds the payload")
    return found


def rendered_top(path, page: int) -> Image.Image:
    """The upper half of a page of the file, as pdftoppm draws it (the page number is at the foot)."""
    if not shutil.which("pdftoppm"):
        message = "needs poppler-utils (apt-get install poppler-utils); bash .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    png = subprocess.run(  # noqa: S603 — a fixed command on a file the test wrote
        ["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    return image.crop((0, 0, image.width, image.height // 2))


def test_it_appends_an_uploaded_pdf_without_its_scripts_actions_files_or_form_fields(
    consultation, verified, moderator, tmp_path
):
    submission = InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "With a hostile annex.", 2: "x"},
        moderator=moderator,
        accepted=True,
    )
    data = hostile_pdf()
    attachment = attach(submission, "annex.pdf", data)

    output, _log = compile_to(consultation, tmp_path)

    assert PAYLOAD.encode() not in output.read_bytes()
    with pikepdf.open(output) as compiled:
        assert active_content(compiled) == []
        total = len(compiled.pages)
        annex, second = compiled.pages[total - 2], compiled.pages[total - 1]
        web, inside = annex.Annots  # of seven annotations, the two plain links
        assert (web.Subtype, web.A.S, str(web.A.URI)) == (Name.Link, Name.URI, "https://example.org/annex")
        assert (inside.Subtype, inside.A.S, inside.A.D[0].objgen) == (Name.Link, Name.GoTo, second.obj.objgen)
    reader = PdfReader(output)
    text = reader.pages[total - 2].extract_text()
    assert "Annex with active content" in text
    assert "Filled in by the respondent" in text  # the form field, drawn into the page as it looked
    assert "Second page of the annex" in reader.pages[total - 1].extract_text()
    assert rendered_top(output, total - 1).getextrema()[0] < 128  # the annex's text is drawn, not a blank page
    with attachment.file.open("rb") as original:
        assert original.read() == data  # the original stays as sent


def test_it_keeps_the_links_of_the_pages_concord_renders(tmp_path):
    html = (
        '<html><body><p><a href="#later">to later</a> <a href="https://example.org/">out</a> '
        '<a href="mailto:secretariat@example.org">write</a></p>'
        '<p id="later" style="break-before: page">Later</p></body></html>'
    )
    part = tmp_path / "part.pdf"
    part.write_bytes(render.render_html(html))

    output = tmp_path / "merged.pdf"
    merge.merge_to_file(
        pdf_bytes(),
        [PartPdf(str(part), 2, "k", starts={"later": 1})],
        title="Compilation",
        subject="Test",
        language="en",
        bookmarks=[merge.Bookmark("Later", 2)],
        output_path=output,
    )

    with pikepdf.open(output) as compiled:
        links = compiled.pages[1].Annots
        assert str(links[0].Dest) == "later" and render.destinations(compiled) == {"later": 2}
        assert [str(link.A.URI) for link in links[1:]] == ["https://example.org/", "mailto:secretariat@example.org"]
        assert [item.title for item in compiled.open_outline().root] == ["Later"]


# Decompression within a budget ----------------------------------------------------------------------------------


def deflated(size: int, prefix: bytes = b"", block: bytes = b" " * (1 << 20)) -> bytes:
    """zlib data of `prefix` then `size` bytes of spaces, made without holding them: one block compressed once and
    repeated (each flushed whole, so its compressed bytes are the same every time)."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = squeeze.compress(prefix) + squeeze.flush(zlib.Z_FULL_FLUSH)
    piece = squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    check = zlib.adler32(prefix)
    for _ in range(size // len(block)):
        check = zlib.adler32(block, check)
    return b"\x78\xda" + head + piece * (size // len(block)) + squeeze.flush() + check.to_bytes(4, "big")


def flate_pdf(path, sizes, *, block=b" " * (1 << 20), filters=(Name.FlateDecode,)) -> None:
    """A PDF of one page per size, each page's content a Flate stream expanding to that many bytes of spaces."""
    document = pikepdf.new()
    for size in sizes:
        raw = deflated(size, block=block)
        if Name.ASCIIHexDecode in filters:
            raw = raw.hex().encode() + b">"
        contents = pikepdf.Stream(document, b"")
        contents.write(raw, filter=Array(filters) if len(filters) > 1 else filters[0])
        page = Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]), Contents=document.make_indirect(contents))
        document.pages.append(pikepdf.Page(page))
    document.save(path, stream_decode_level=pikepdf.StreamDecodeLevel.none)


def object_stream_pdf(path, size: int) -> None:
    """A one-page PDF whose page's resources are object 6, in an object stream that expands to `size` bytes (the
    object, then spaces): written by hand, as a PDF library would read the stream to write it."""
    head = b"6 0 "
    stream = deflated(size, prefix=head + b"<</Font<<>>>>")
    objects = {
        1: b"<</Type/Catalog/Pages 2 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources 6 0 R>>",
        4: b"<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>stream\n%s\nendstream"
        % (len(head), len(stream), stream),
    }
    data, offsets = bytearray(b"%PDF-1.7\n"), {}
    for number, body in objects.items():
        offsets[number] = len(data)
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    offsets[5] = len(data)
    rows = b"\x00\x00\x00\x00\x00\xff\xff" + b"".join(
        b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00" for n in range(1, 6)
    )
    rows += b"\x02\x00\x00\x00\x04\x00\x00"  # object 6: the first in object stream 4
    data += b"5 0 obj\n<</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Length %d>>stream\n%s\nendstream\nendobj\n" % (
        len(rows),
        rows,
    )
    data += b"startxref\n%d\n%%%%EOF\n" % offsets[5]
    Path(path).write_bytes(data)


MEASURE = """
import resource, sys
import django
django.setup()
from reports.compilation import merge
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for path in sys.argv[1:]:
    pages, reason = merge.attachment_pages(path)
    print(pages, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024, reason, sep="|")
"""


def test_it_lists_an_attachment_that_would_decompress_past_the_budget_without_decompressing_it(
    consultation, verified, moderator, tmp_path, settings
):
    bomb, hidden = tmp_path / "bomb.pdf", tmp_path / "hidden.pdf"
    flate_pdf(bomb, [512 * 1024 * 1024])  # its page's content
    object_stream_pdf(hidden, 512 * 1024 * 1024)  # the objects its page refers to
    assert bomb.stat().st_size < 600_000 and hidden.stat().st_size < 600_000

    # Checked in a process of its own, whose peak memory is its own.
    measured = subprocess.run(  # noqa: S603 — this interpreter, a fixed script
        [sys.executable, "-c", MEASURE, str(bomb), str(hidden)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    reason = "not appended: its pages would take more than 64.0\xa0MB to read"
    [(pages, grown, said), (hidden_pages, hidden_grown, hidden_said)] = [
        line.split("|") for line in measured.stdout.splitlines()
    ]
    assert (pages, said) == (hidden_pages, hidden_said) == ("0", reason)
    assert int(grown) < 100 * 1024 * 1024  # decoding it would take 512 MiB
    assert int(hidden_grown) < 150 * 1024 * 1024  # qpdf decodes object streams whole: up to the budget, not past it

    submission = InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "With a bomb.", 2: "x"},
        moderator=moderator,
        accepted=True,
    )
    attach(submission, "bomb.pdf", bomb.read_bytes())
    attach(submission, "hidden.pdf", hidden.read_bytes())
    output, log = compile_to(consultation, tmp_path)

    assert f"{submission.reference}: bomb.pdf {reason}" in log
    assert f"{submission.reference}: hidden.pdf {reason}" in log
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(output).pages).split())
    assert text.count("not appended: its pages would take more than 64.0 MB to read") == 2
    with pikepdf.open(output) as compiled:
        [category] = compiled.open_outline().root
        assert [item.children for item in category.children] == [[]]  # no bookmark: nothing appended


def test_it_counts_every_page_and_object_and_bounds_other_encodings_by_their_worst_case(tmp_path, settings):
    settings.ATTACHMENT_PDF_DECODED_BYTES = 3 * 1024 * 1024
    refused = (0, "not appended: its pages would take more than 3.0\xa0MB to read")
    small = b" " * (64 * 1024)
    cases = {
        "two-mib-page.pdf": ([2 << 20], {}, (1, "")),
        "two-pages-of-two-mib.pdf": ([2 << 20, 2 << 20], {}, refused),
        # Hex then Flate is not decoded bit by bit: its size is bounded by what its raw bytes could expand to.
        "hex-encoded-small.pdf": (
            [64 * 1024],
            {"block": small, "filters": (Name.ASCIIHexDecode, Name.FlateDecode)},
            (1, ""),
        ),
        "hex-encoded-large.pdf": ([8 << 20], {"filters": (Name.ASCIIHexDecode, Name.FlateDecode)}, refused),
        "eight-hundred-empty-pages.pdf": ([0] * 800, {}, refused),  # a page costs 4 KiB at least
    }
    for name, (sizes, options, expected) in cases.items():
        flate_pdf(tmp_path / name, sizes, **options)
        assert merge.attachment_pages(tmp_path / name) == expected, name

    document = pikepdf.new()  # one page, and more objects than the budget allows (256 bytes each)
    document.pages.append(pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]))))
    document.Root.Extra = Array([document.make_indirect(Dictionary(N=n)) for n in range(13_000)])
    document.save(tmp_path / "objects.pdf")
    assert merge.attachment_pages(tmp_path / "objects.pdf") == refused
