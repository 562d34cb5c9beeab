"""An upload is checked within fixed bounds: a file of a megabyte cannot make a worker expand a gigabyte."""

import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from http import HTTPStatus

import pytest

from consultations.models import Attachment
from consultations.uploads import ODT_MIMETYPE
from tests.consultations.test_attachments import send_files, stored_files
from tests.files import docx_bytes, odt_bytes, upload

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024
# Django set up and a megabyte of upload stay well under this; the 1 GiB ODT below took 2.27 GB before the fix.
PEAK_CEILING_MB = 250

MEASURE = """
import json, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from consultations.uploads import inspect
with open(sys.argv[1], "rb") as handle:
    uploaded = SimpleUploadedFile(sys.argv[2], handle.read())
try:
    outcome = inspect(uploaded)[0]
except ValidationError as error:
    outcome = error.messages[0]
# Not getrusage's ru_maxrss: Linux carries the parent's peak over into a spawned child's; VmHWM is this process's.
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "peak_mb": peak_kb // 1024}))
"""


def inspect_in_fresh_process(path, name):
    """What uploads.inspect says of the file, and the peak memory of a process that did nothing else."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), name], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    print(f"{name}: peak {result['peak_mb']} MB, {result['outcome']}")
    return result["outcome"], result["peak_mb"]


def zeros_odt(path, size, method=zipfile.ZIP_DEFLATED):
    """An ODT whose mimetype entry is `size` zero bytes, written in chunks so that this process never holds them."""
    info = zipfile.ZipInfo("mimetype")
    info.compress_type = method
    chunk = bytes(MiB)
    with zipfile.ZipFile(path, "w") as archive:
        with archive.open(info, "w") as entry:
            for _ in range(size // MiB):
                entry.write(chunk)
        archive.writestr("content.xml", "<office:document-content/>")
    return path


def declare_size(path, name, size):
    """Rewrite the size the central directory declares for one entry; the entry's data stay as they are."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.start_dir
    while True:
        signature, name_length = struct.unpack_from("<4s24xH", data, offset)
        assert signature == b"PK\x01\x02"
        extra_length, comment_length = struct.unpack_from("<HH", data, offset + 30)
        if data[offset + 46 : offset + 46 + name_length] == name.encode():
            struct.pack_into("<I", data, offset + 24, size)
            break
        offset += 46 + name_length + extra_length + comment_length
    path.write_bytes(bytes(data))


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_of(extra: dict[str, bytes]) -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>", **extra})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def odt_bomb(tmp_path_factory):
    """An ODT of about 1 MB whose `mimetype` entry expands to 1 GiB of zeros."""
    return zeros_odt(tmp_path_factory.mktemp("bomb") / "avis.odt", 1024 * MiB)


def test_it_refuses_an_odt_that_expands_to_a_gibibyte(client, consultation, verified, focal_point, media, odt_bomb):
    client.force_login(focal_point)
    response = send_files(client, consultation, verified, upload("avis.odt", odt_bomb.read_bytes()))
    assert response.status_code == HTTPStatus.OK
    assert (
        "avis.odt would expand to 1.0\xa0GB; a Word (DOCX) or OpenDocument (ODT) file may expand to at most "
        "100.0\xa0MB." in response.content.decode()
    )
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_it_inspects_the_gibibyte_odt_in_bounded_memory(odt_bomb):
    outcome, peak_mb = inspect_in_fresh_process(odt_bomb, "avis.odt")
    assert outcome.startswith("avis.odt would expand to 1.0\xa0GB")
    assert peak_mb < PEAK_CEILING_MB


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
def test_it_reads_an_entry_that_understates_its_size_only_within_a_cap(tmp_path, odt_bomb, method):
    path = tmp_path / "liar.odt"
    if method == zipfile.ZIP_DEFLATED:
        shutil.copy(odt_bomb, path)
    else:  # zipfile expands bzip2 a whole compressed chunk at a time, whatever size is asked for
        zeros_odt(path, 320 * MiB, method)
    # Declared as 39 bytes, the length of a real ODT's mimetype; the data expand to hundreds of megabytes.
    declare_size(path, "mimetype", len(ODT_MIMETYPE))
    outcome, peak_mb = inspect_in_fresh_process(path, "liar.odt")
    assert outcome == "liar.odt is not a readable PDF, Word (DOCX) or OpenDocument (ODT) file."
    assert peak_mb < PEAK_CEILING_MB


@pytest.mark.parametrize(("expanded", "refused"), [(4000, False), (4001, True)])
def test_it_refuses_a_docx_that_declares_more_than_it_may_expand_to(
    client, consultation, verified, focal_point, settings, media, expanded, refused
):
    settings.ATTACHMENT_MAX_EXPANDED_BYTES = 4000
    data = docx_of({"word/media/image1.png": bytes(expanded - len(b"<Types/><document/>"))})
    client.force_login(focal_point)
    response = send_files(client, consultation, verified, upload("views.docx", data))
    message = "views.docx would expand to 3.9\xa0KB; a Word (DOCX) or OpenDocument (ODT) file may expand to at most"
    assert (message in response.content.decode()) is refused
    assert Attachment.objects.exists() is not refused
    assert len(stored_files(media)) == (0 if refused else 1)


@pytest.mark.parametrize(("entries", "refused"), [(10, False), (11, True)])
def test_it_refuses_an_archive_with_too_many_entries(
    client, consultation, verified, focal_point, settings, media, entries, refused
):
    settings.ATTACHMENT_MAX_ARCHIVE_ENTRIES = 10
    data = docx_of({f"word/media/image{i}.png": b"" for i in range(entries - 2)})
    client.force_login(focal_point)
    response = send_files(client, consultation, verified, upload("views.docx", data))
    message = f"views.docx holds {entries} entries; a Word (DOCX) or OpenDocument (ODT) file may hold at most 10."
    assert (message in response.content.decode()) is refused
    assert Attachment.objects.exists() is not refused
    assert len(stored_files(media)) == (0 if refused else 1)


@pytest.mark.parametrize(("name", "data"), [("views.docx", docx_bytes()), ("avis.odt", odt_bytes())])
def test_it_still_accepts_ordinary_documents_within_the_limits(
    client, consultation, verified, focal_point, settings, media, name, data
):
    settings.ATTACHMENT_MAX_EXPANDED_BYTES = 100
    settings.ATTACHMENT_MAX_ARCHIVE_ENTRIES = 2
    client.force_login(focal_point)
    send_files(client, consultation, verified, upload(name, data))
    assert Attachment.objects.get().name == name


def test_it_refuses_an_odt_whose_mimetype_runs_on(client, consultation, verified, focal_point, media):
    data = zip_of({"mimetype": ODT_MIMETYPE + b" " * 10_000, "content.xml": b"<office:document-content/>"})
    client.force_login(focal_point)
    response = send_files(client, consultation, verified, upload("avis.odt", data))
    assert "avis.odt is not a readable PDF" in response.content.decode()
    assert not Attachment.objects.exists()


# PDFs, written by hand so that each object can be placed where a hostile file would place it.

CATALOG = b"<</Type/Catalog/Pages 2 0 R>>"


def page(parent=2):
    return b"<</Type/Page/Parent %d 0 R/MediaBox[0 0 595 842]>>" % parent


def object_stream(number, body, padding):
    """An object stream holding one object, then `padding` bytes that compress to almost nothing."""
    header = b"%d 0\n" % number
    compressor = zlib.compressobj(9)
    data = compressor.compress(header + body + b"\n")
    data += b"".join(compressor.compress(b"0" * MiB) for _ in range(padding // MiB)) + compressor.flush()
    dictionary = b"<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>" % (len(header), len(data))
    return dictionary + b"\nstream\n" + data + b"\nendstream"


def pdf_of(objects: dict[int, bytes], *, packed=(), padding=0) -> bytes:
    """A PDF with a cross-reference stream; object n of `packed` sits alone in object stream 1000 + n."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets, in_stream = {}, {}
    for number, body in objects.items():
        if number in packed:
            in_stream[number] = 1000 + number
            number, body = 1000 + number, object_stream(number, body, padding)
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    size = max([*offsets, *in_stream]) + 2
    offsets[size - 1] = len(out)

    def row(n):
        if n in in_stream:
            return struct.pack(">BIH", 2, in_stream[n], 0)
        return struct.pack(">BIH", 1, offsets[n], 0) if n in offsets else struct.pack(">BIH", 0, 0, 0)

    rows = b"".join(row(n) for n in range(size))
    out += b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/Length %d>>\nstream\n" % (size - 1, size, len(rows))
    out += rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[size - 1]
    return bytes(out)


def deep_pdf(levels):
    objects = {1: CATALOG} | {2 + d: b"<</Type/Pages/Kids[%d 0 R]/Count 1>>" % (3 + d) for d in range(levels)}
    return pdf_of(objects | {2 + levels: page(1 + levels)})


def cyclic_pdf():
    kids = {2: 3, 3: 4, 4: 2}
    return pdf_of({1: CATALOG} | {n: b"<</Type/Pages/Kids[%d 0 R]/Count 1>>" % kid for n, kid in kids.items()})


def pdf_of_packed_pages(pages, padding):
    """Every page alone in an object stream that expands to `padding` bytes."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = {1: CATALOG, 2: b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, pages)}
    objects |= {3 + i: page() for i in range(pages)}
    return pdf_of(objects, packed={3 + i for i in range(pages)}, padding=padding)


def test_it_accepts_the_hand_written_pdfs_when_nothing_is_hostile(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    send_files(client, consultation, verified, upload("plain.pdf", deep_pdf(3)))
    send_files(client, consultation, verified, upload("packed.pdf", pdf_of_packed_pages(2, 0)), revision=1)
    assert sorted(Attachment.objects.values_list("name", "kind")) == [("packed.pdf", "pdf"), ("plain.pdf", "pdf")]


@pytest.mark.parametrize(("name", "data"), [("deep.pdf", deep_pdf(150)), ("cyclic.pdf", cyclic_pdf())])
def test_it_refuses_a_pdf_whose_page_tree_never_reaches_a_page(
    client, consultation, verified, focal_point, media, name, data
):
    client.force_login(focal_point)
    response = send_files(client, consultation, verified, upload(name, data))
    assert response.status_code == HTTPStatus.OK
    assert f"{name} is not a readable PDF" in response.content.decode()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("pages", "padding", "outcome"),
    [
        # Hundreds of object streams of a few megabytes each: one is enough to find a page.
        (200, 3 * MiB, "pdf"),
        # One object stream that expands to 70 MB, pypdf's own limit being 75 MB a stream.
        (1, 70 * MiB, "packed.pdf is not a readable PDF, Word (DOCX) or OpenDocument (ODT) file."),
    ],
)
def test_it_checks_a_pdf_of_compressed_objects_in_bounded_memory(tmp_path, pages, padding, outcome):
    path = tmp_path / "packed.pdf"
    path.write_bytes(pdf_of_packed_pages(pages, padding))
    assert path.stat().st_size < MiB
    result, peak_mb = inspect_in_fresh_process(path, "packed.pdf")
    assert result == outcome
    assert peak_mb < PEAK_CEILING_MB
