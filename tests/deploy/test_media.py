"""Media as production keeps it: sent by nginx once Concord allows it, or stored in an S3-compatible bucket."""

import io
import shutil
import socket
from http import HTTPStatus

import boto3
import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from moto.server import ThreadedMotoServer

from consultations import services
from consultations.models import Attachment
from reports.compilation import files, jobs, render
from reports.models import Compilation
from tests.consultations.test_attachments import send_files
from tests.factories import InputFactory
from tests.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db
BUCKET = "concord-media"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def attach(client, consultation, organisation, focal_point, pages=3):
    client.force_login(focal_point)
    send_files(client, consultation, organisation, upload("Position paper.pdf", pdf_bytes(pages)))
    return Attachment.objects.get()


# nginx sends the file (X-Accel-Redirect) ---------------------------------------------------------------------


def test_nginx_sends_a_permitted_attachment_and_no_other(
    client, settings, media, consultation, verified, focal_point, outsider
):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    attachment = attach(client, consultation, verified, focal_point)
    url = reverse("consultations:attachment_download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response.content == b""  # the worker sends headers only; nginx reads the file
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert (media / attachment.file.name).read_bytes() == pdf_bytes(3)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Position paper.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(outsider)
    refused = client.get(url)
    assert refused.status_code == HTTPStatus.NOT_FOUND and "X-Accel-Redirect" not in refused


def test_nginx_sends_a_compilation_to_the_chair_only(
    client, settings, consultation, verified, moderator, chair, focal_point, django_capture_on_commit_callbacks
):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media"
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        compilation = jobs.compilation_request(
            user=moderator, consultation=consultation, arrangement="by-respondent", edition="complete"
        )
    compilation.refresh_from_db()
    client.force_login(chair)
    response = client.get(reverse("reports:compilation_download", args=[compilation.pk]))
    assert response["X-Accel-Redirect"] == f"/protected-media/{compilation.file.name}"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    client.force_login(focal_point)
    refused = client.get(reverse("reports:compilation_download", args=[compilation.pk]))
    assert refused.status_code == HTTPStatus.FORBIDDEN and "X-Accel-Redirect" not in refused


def test_without_nginx_django_streams_the_file(client, consultation, verified, focal_point):
    attachment = attach(client, consultation, verified, focal_point)
    response = client.get(reverse("consultations:attachment_download", args=[attachment.pk]))
    assert b"".join(response.streaming_content) == pdf_bytes(3)
    assert "X-Accel-Redirect" not in response


# Media in an S3-compatible bucket (moto's server, over HTTP) ---------------------------------------------------


@pytest.fixture(scope="module")
def s3_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1"
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint):
    """Concord's settings as MEDIA_S3_* would make them; yields a client to look into the bucket."""
    options = {
        "bucket_name": BUCKET,
        "location": "concord",
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }
    settings.MEDIA_S3_BUCKET = BUCKET
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1"
    )
    yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    if listed:
        client.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": item["Key"]} for item in listed]})


def walk(items):
    for item in items:
        yield item.title
        yield from walk(item.children)


def keys(client, prefix="concord/"):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])}


def test_an_attachment_is_kept_in_the_bucket_and_served_only_to_those_allowed(
    client, bucket, media, settings, consultation, verified, focal_point, outsider
):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"  # ignored for a file that is not on this disk
    attachment = attach(client, consultation, verified, focal_point)
    assert f"concord/{attachment.file.name}" in keys(bucket)
    assert not (media / attachment.file.name).exists()
    url = reverse("consultations:attachment_download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK and "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == pdf_bytes(3)
    assert response["Content-Disposition"] == 'attachment; filename="Position paper.pdf"'
    client.force_login(outsider)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_compilation_appends_attachments_from_the_bucket_and_shares_its_parts_between_hosts(
    client,
    bucket,
    media,
    consultation,
    verified,
    focal_point,
    moderator,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    attachment = attach(client, consultation, verified, focal_point, pages=3)
    submission = attachment.submission
    answers = {q.pk: f"Answer {q.number}" for q in consultation.questions.all()}
    changes = services.DraftChanges(answers=answers, language="en", consent="public", revision=submission.revision)
    submission = services.submission_save_draft(user=focal_point, submission=submission, changes=changes)
    services.submission_submit(user=focal_point, submission=submission, declaration=True)
    services.submission_decide(moderator=moderator, submission=submission, to_state="accepted")
    with django_capture_on_commit_callbacks(execute=True):
        first = jobs.compilation_request(
            user=moderator, consultation=consultation, arrangement="by-respondent", edition="complete"
        )
    first.refresh_from_db()
    assert first.status == Compilation.Status.SUCCEEDED, first.error
    assert f"concord/{first.file.name}" in keys(bucket)
    with default_storage.open(first.file.name, "rb") as stored, pikepdf.open(io.BytesIO(stored.read())) as document:
        with document.open_outline() as outline:
            titles = list(walk(outline.root))
        assert len(document.pages) == first.page_count
    assert any("Position paper.pdf" in title for title in titles)  # appended, with its bookmark
    shared = keys(bucket, "concord/compilations/parts/")
    assert any(name.endswith(".json") for name in shared) and any("/batch-" in name for name in shared)

    # Another host: nothing of the first one's disk, only the bucket. It renders no part again.
    shutil.rmtree(media)
    rendered = []
    real = render.parts_html
    monkeypatch.setattr(render, "parts_html", lambda *args: rendered.append(args[1]) or real(*args))
    output = media / "again.pdf"
    pages, _digest, _log = jobs.compile_to_file(
        consultation,
        arrangement="by-respondent",
        edition="complete",
        cache_dir=files.cache_dir(),
        output_path=output,
        language="en",
    )
    assert rendered == []
    assert pages == first.page_count
