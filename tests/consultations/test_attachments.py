"""Attachments are judged by their content, limited in size and number, and stored under generated names."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from consultations.models import Attachment, Submission
from consultations.uploads import sanitise_name
from tests.files import docx_bytes, odt_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def send_files(client, consultation, organisation, *files, revision=0):
    questions = {q.number: q.pk for q in consultation.questions.all()}
    data = {
        "language": "en",
        "consent": "public",
        "revision": revision,
        f"answer_{questions[1]}": "Text kept",
        "save": "1",
    }
    data["files"] = list(files)
    return client.post(
        reverse("consultations:submission_edit", args=[consultation.slug, organisation.pk]), data, follow=True
    )


def stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("paper.pdf", pdf_bytes(), "pdf"), ("views.docx", docx_bytes(), "docx"), ("avis.odt", odt_bytes(), "odt")],
)
def test_it_accepts_pdf_docx_and_odt_by_their_content(
    client, consultation, verified, focal_point, media, name, data, kind
):
    client.force_login(focal_point)
    send_files(client, consultation, verified, upload(name, data))
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.name, attachment.size) == (kind, name, len(data))
    stored = stored_files(media)
    assert len(stored) == 1 and name not in str(stored[0])  # a generated name on disk
    assert stored[0].read_bytes() == data


def test_it_names_a_file_by_what_it_is(client, consultation, verified, focal_point):
    client.force_login(focal_point)
    send_files(client, consultation, verified, upload("report.odt", pdf_bytes()))
    assert Attachment.objects.get().name == "report.pdf"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "setup.pdf is not a readable PDF"),
        ("cut.pdf", pdf_bytes()[:-60], "cut.pdf is not a readable PDF"),
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("page.html", b"<html><script>alert(1)</script></html>", "page.html is not a readable PDF"),
        ("archive.docx", b"PK\x03\x04 not really a zip", "archive.docx is not a readable PDF"),
    ],
)
def test_it_refuses_files_that_are_not_what_they_claim(
    client, consultation, verified, focal_point, media, name, data, message
):
    client.force_login(focal_point)
    response = send_files(client, consultation, verified, upload(name, data))
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []
    # The answers of that save are not written either: one save, one transaction.
    assert not Submission.objects.filter(answers__text="Text kept").exists()
    assert "Text kept" in response.content.decode()  # but they are still in the form


def test_it_refuses_a_file_over_the_size_limit(client, consultation, verified, focal_point, settings, media):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client.force_login(focal_point)
    response = send_files(client, consultation, verified, upload("big.pdf", pdf_bytes(pages=10)))
    assert "attachments may be at most 1000" in response.content.decode()
    assert stored_files(media) == []


def test_it_refuses_more_files_than_allowed(client, consultation, verified, focal_point, settings, media):
    settings.ATTACHMENTS_PER_INPUT = 2
    client.force_login(focal_point)
    send_files(client, consultation, verified, upload("a.pdf", pdf_bytes()), upload("b.pdf", pdf_bytes()))
    assert Attachment.objects.count() == 2
    response = send_files(client, consultation, verified, upload("c.pdf", pdf_bytes()), revision=1)
    assert "at most 2 attachments" in response.content.decode()
    assert Attachment.objects.count() == 2
    assert len(stored_files(media)) == 2


def test_it_removes_an_attachment(client, consultation, verified, focal_point, media):
    client.force_login(focal_point)
    send_files(client, consultation, verified, upload("a.pdf", pdf_bytes()))
    attachment = Attachment.objects.get()
    questions = {q.number: q.pk for q in consultation.questions.all()}
    client.post(
        reverse("consultations:submission_edit", args=[consultation.slug, verified.pk]),
        {
            "language": "en",
            "consent": "public",
            "revision": 1,
            f"answer_{questions[1]}": "x",
            "remove": [attachment.pk],
            "save": "1",
        },
    )
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ("C:\\Users\\me\\Position paper.PDF", "pdf", "Position paper.pdf"),
        ('bad<>:"|?*name.docx', "docx", "bad_name.docx"),
        ("\x00\x07.pdf", "pdf", "attachment.pdf"),
        ("رأي مصر.odt", "odt", "رأي مصر.odt"),
        ("x" * 300 + ".pdf", "pdf", "x" * 100 + ".pdf"),
    ],
)
def test_it_sanitises_file_names(name, kind, expected):
    assert sanitise_name(name, kind) == expected


def test_it_serves_a_member_their_file_with_safe_headers(client, consultation, verified, focal_point, outsider):
    client.force_login(focal_point)
    send_files(client, consultation, verified, upload("paper.pdf", pdf_bytes()))
    url = reverse("consultations:attachment_download", args=[Attachment.objects.get().pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="paper.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(outsider)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    client.logout()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
