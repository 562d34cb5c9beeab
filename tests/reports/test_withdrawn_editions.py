"""Public editions compiled before publication followed the version sent are taken off the public record."""

from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from reports.models import Compilation


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_withdraws_the_public_editions_made_before_the_upgrade(client, consultation, tmp_path):
    executor = MigrationExecutor(connection)
    before = [("reports", "0003_compilation_language")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("reports", "Compilation")
    made = {}
    for edition in ("public", "complete"):
        compilation = old(consultation_id=consultation.pk, edition=edition, fingerprint=edition, status="succeeded")
        compilation.file.save(f"{edition}.pdf", ContentFile(b"%PDF-1.7 old"), save=True)
        made[edition] = compilation
    stored = tmp_path / "media" / made["public"].file.name

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    public, complete = (Compilation.objects.get(pk=made[e].pk) for e in ("public", "complete"))
    assert (public.status, public.file.name) == ("failed", "")
    assert public.error.startswith("Withdrawn from the public record")
    assert not stored.exists()
    assert (complete.status, bool(complete.file)) == ("succeeded", True)  # the secretariat's own, kept
    listing = client.get(reverse("consultations:public_inputs", args=[consultation.slug]))
    assert (
        reverse("reports:public_compilation_download", args=[consultation.slug, public.pk])
        not in listing.content.decode()
    )
    download = client.get(reverse("reports:public_compilation_download", args=[consultation.slug, public.pk]))
    assert download.status_code == HTTPStatus.NOT_FOUND
