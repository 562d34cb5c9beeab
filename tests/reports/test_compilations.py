"""Compilations as jobs: requested in the console, parts fanned out, merged once, kept for download."""

import io
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from reports.compilation import files, jobs
from reports.models import Compilation
from tests.factories import InputFactory, OrganisationFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def request(moderator, consultation, edition="complete", arrangement="by-respondent"):
    return jobs.compilation_request(user=moderator, consultation=consultation, arrangement=arrangement, edition=edition)


def test_it_compiles_in_the_background_and_keeps_the_file(
    consultation, verified, moderator, django_capture_on_commit_callbacks
):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Cooperation on an equal footing", 2: "Each in its role"},
        moderator=moderator,
        accepted=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        compilation = request(moderator, consultation)
    compilation.refresh_from_db()
    assert compilation.status == Compilation.Status.SUCCEEDED, compilation.error
    assert (compilation.parts_done, compilation.parts_total) == (1, 1)
    reader = PdfReader(compilation.file.open("rb"))
    assert len(reader.pages) == compilation.page_count
    assert "Cooperation on an equal footing" in "".join(page.extract_text() for page in reader.pages)


def test_it_returns_the_same_compilation_when_nothing_changed(
    consultation, verified, moderator, django_capture_on_commit_callbacks
):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = request(moderator, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        again = request(moderator, consultation)
    assert again.pk == first.pk
    other = OrganisationFactory(name="Andean Network", country=country("PER"), status="verified")
    InputFactory(
        consultation=consultation,
        organisation=other,
        answers={1: "Another view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        third = request(moderator, consultation)
    third.refresh_from_db()
    assert third.pk != first.pk and third.status == Compilation.Status.SUCCEEDED
    assert third.log.splitlines()[0].startswith("2 parts: 1 rendered, 1 from the cache")


def test_it_sends_only_the_missing_parts_to_the_workers_in_batches(
    consultation, verified, moderator, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.COMPILATION_BATCH_PARTS = 2
    for name, code in [("Andean Network", "PER"), ("Nile Forum", "EGY")]:
        other = OrganisationFactory(name=name, country=country(code), status="verified")
        InputFactory(
            consultation=consultation,
            organisation=other,
            answers={1: f"View of {name}", 2: "Roles"},
            moderator=moderator,
            accepted=True,
        )
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = request(moderator, consultation)
    first.refresh_from_db()
    assert first.status == Compilation.Status.SUCCEEDED and (first.parts_done, first.parts_total) == (3, 3)
    assert first.log.startswith("3 parts: 0 rendered, 3 from the cache")  # two part tasks rendered them

    InputFactory(
        consultation=consultation,
        organisation=OrganisationFactory(name="Pacific Lab", country=country("FJI"), status="verified"),
        answers={1: "New", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    second = request(moderator, consultation)  # not run: its on-commit callback is not executed
    finish, progress = jobs.compilation_finish, []

    def watched(pk, **options):
        progress.append(Compilation.objects.values_list("parts_done", "parts_total").get(pk=pk))
        return finish(pk, **options)

    monkeypatch.setattr(jobs, "compilation_finish", watched)
    # One part missing: rendered and merged at once, in the same task, on the inputs it loaded.
    assert jobs.compilation_start(second.pk) == []
    assert progress == [(3, 4)]  # the cached parts counted as done before the merge
    second.refresh_from_db()
    assert second.status == Compilation.Status.SUCCEEDED and (second.parts_done, second.parts_total) == (4, 4)
    assert second.log.startswith("4 parts: 1 rendered, 3 from the cache")
    assert jobs.compilation_start(second.pk) is None  # claimed once

    for name, code in [("Baltic Hub", "EST"), ("Sahara Link", "MAR"), ("Mekong Lab", "VNM")]:
        other = OrganisationFactory(name=name, country=country(code), status="verified")
        InputFactory(
            consultation=consultation,
            organisation=other,
            answers={1: f"View of {name}", 2: "Roles"},
            moderator=moderator,
            accepted=True,
        )
    third = request(moderator, consultation)
    batches = jobs.compilation_start(third.pk)
    assert sorted(len(batch) for batch in batches) == [1, 2]  # three missing: two batches for the workers


def test_it_lets_only_a_moderator_ask_for_a_compilation(consultation, focal_point, chair, moderator):
    for refused in (focal_point, chair):  # the Chair downloads compilations; the moderators ask for them
        with pytest.raises(PermissionDenied):
            request(refused, consultation)
    assert not Compilation.objects.exists()
    assert request(moderator, consultation).requested_by == moderator


def test_it_compiles_a_consultation_with_no_accepted_input(consultation, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        compilation = request(moderator, consultation)
    compilation.refresh_from_db()
    assert compilation.status == Compilation.Status.SUCCEEDED and compilation.page_count >= 1


def test_it_shows_progress_and_lets_the_chair_download(
    client, consultation, verified, moderator, chair, focal_point, django_capture_on_commit_callbacks
):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:compilations", args=[consultation.slug]),
            {"arrangement": "by-question", "edition": "public", "append_attachments": "on"},
        )
    assert response.status_code == HTTPStatus.FOUND
    compilation = Compilation.objects.get()
    progress = client.get(reverse("reports:compilation_progress", args=[compilation.pk])).json()
    assert progress == {
        "status": "succeeded",
        "label": "Succeeded",
        "done": 3,
        "total": 3,
    }  # one part per question
    client.force_login(chair)
    assert (
        client.post(
            reverse("reports:compilations", args=[consultation.slug]),
            {"arrangement": "by-respondent", "edition": "complete"},
        ).status_code
        == HTTPStatus.FORBIDDEN
    )
    response = client.get(reverse("reports:compilation_download", args=[compilation.pk]))
    assert response.status_code == HTTPStatus.OK and response["Content-Type"] == "application/pdf"
    client.force_login(focal_point)
    assert (
        client.get(reverse("reports:compilation_download", args=[compilation.pk])).status_code == HTTPStatus.FORBIDDEN
    )
    client.logout()
    public = reverse("reports:public_compilation_download", args=[consultation.slug, compilation.pk])
    assert client.get(public).status_code == HTTPStatus.OK  # a public edition


def test_it_never_offers_the_complete_edition_to_the_public(
    client, consultation, verified, moderator, django_capture_on_commit_callbacks
):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        compilation = request(moderator, consultation, edition="complete")
    assert (
        client.get(reverse("reports:public_compilation_download", args=[consultation.slug, compilation.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_it_sweeps_a_compilation_a_lost_worker_left_behind(
    consultation, verified, moderator, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    stuck = Compilation.objects.create(
        consultation=consultation,
        fingerprint="x" * 64,
        status=Compilation.Status.RUNNING,
        requested_at=timezone.now() - timedelta(hours=2),
        parts_done=1,
        parts_total=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.compilations_sweep() == 1
    stuck.refresh_from_db()
    assert stuck.status == Compilation.Status.SUCCEEDED and stuck.page_count


def test_it_compiles_from_the_command_line(consultation, verified, moderator, tmp_path):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    out = io.StringIO()
    target = tmp_path / "wgec.pdf"
    call_command(
        "compile_inputs",
        consultation.slug,
        "--arrangement",
        "by-question",
        "--edition",
        "public",
        "--output",
        str(target),
        stdout=out,
        stderr=io.StringIO(),
    )
    assert target.exists() and "pages, SHA-256" in out.getvalue()
    assert len(PdfReader(target).pages) >= 2


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_compiles_on_real_workers(celery_worker, consultation, verified, moderator, settings):
    import time

    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view from a worker", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    for name, code in [("Andean Network", "PER"), ("Nile Forum", "EGY"), ("Baltic Hub", "EST")]:
        other = OrganisationFactory(name=name, country=country(code), status="verified")
        InputFactory(
            consultation=consultation,
            organisation=other,
            answers={1: f"View of {name}", 2: "Roles"},
            moderator=moderator,
            accepted=True,
        )
    compilation = request(moderator, consultation)
    for _ in range(120):
        compilation.refresh_from_db()
        if compilation.status in (Compilation.Status.SUCCEEDED, Compilation.Status.FAILED):
            break
        time.sleep(0.5)
    assert compilation.status == Compilation.Status.SUCCEEDED, compilation.error
    # The worker runs with batches of two: two part tasks rendered the four parts before the merge.
    assert compilation.log.startswith("4 parts: 0 rendered, 4 from the cache")
    assert (compilation.parts_done, compilation.parts_total) == (4, 4) and compilation.page_count >= 6


def test_it_offers_one_input_as_a_pdf_to_its_organisation_and_to_the_public(
    client, consultation, verified, focal_point, outsider, moderator, django_capture_on_commit_callbacks
):
    from consultations import services as consultation_services

    submission = InputFactory(consultation=consultation, organisation=verified, answers={1: "Our own view", 2: "Roles"})
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):  # being prepared, by a worker (here, in-process)
        client.get(reverse("reports:submission_pdf", args=[consultation.slug, verified.pk]))
    response = client.get(reverse("reports:submission_pdf", args=[consultation.slug, verified.pk]))
    assert response.status_code == HTTPStatus.OK and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    assert "Our own view" in text and submission.reference in text
    client.force_login(outsider)
    assert (
        client.get(reverse("reports:submission_pdf", args=[consultation.slug, verified.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )
    public = reverse("reports:public_input_pdf", args=[consultation.slug, submission.reference])
    client.logout()
    assert client.get(public).status_code == HTTPStatus.NOT_FOUND  # not accepted yet
    consultation_services.submission_decide(moderator=moderator, submission=submission, to_state="accepted")
    assert client.get(public).status_code == HTTPStatus.ACCEPTED  # found, and being prepared


def test_it_prunes_the_parts_no_compilation_used_for_a_month(consultation, verified, moderator, settings):
    import os
    import time

    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Kept", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    jobs.compile_to_file(
        consultation,
        arrangement="by-respondent",
        edition="complete",
        cache_dir=files.cache_dir(),
        output_path=files.cache_dir().parent / "out.pdf",
    )
    directory = files.cache_dir()
    [record] = directory.glob("*.json")
    [batch] = directory.glob("batch-*.pdf")
    month_ago = time.time() - 31 * 86400
    assert jobs.parts_prune() == 0  # everything was used just now

    os.utime(record, (month_ago, month_ago))
    os.utime(batch, (month_ago, month_ago))
    stale = [*directory.glob("contents-*.pdf")]
    for path in stale:
        os.utime(path, (month_ago, month_ago))
    assert jobs.parts_prune() == 2 + len(stale)
    assert not list(directory.iterdir())


def test_it_compiles_with_its_labels_in_the_language_asked_for(
    consultation, verified, moderator, django_capture_on_commit_callbacks
):
    consultation.translations = {"ar": {"title": "استبيان بشأن التعاون المعزز"}}
    consultation.save()
    question = consultation.questions.get(number=1)
    question.translations = {"ar": {"text": "ما هو التعاون المعزز؟"}}
    question.save()
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Cooperation on an equal footing", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        english = request(moderator, consultation)
        arabic = jobs.compilation_request(
            user=moderator, consultation=consultation, arrangement="by-respondent", edition="complete", language="ar"
        )
    with django_capture_on_commit_callbacks(execute=True):
        again = jobs.compilation_request(
            user=moderator, consultation=consultation, arrangement="by-respondent", edition="complete", language="ar"
        )
    assert again.pk == arabic.pk != english.pk
    arabic.refresh_from_db()
    assert arabic.status == Compilation.Status.SUCCEEDED, arabic.error

    reader = PdfReader(arabic.file.open("rb"))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    with translation.override("ar"):
        labels = [gettext("Contents"), gettext("Civil society"), gettext("Regional group")]
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    for words in [*labels, "السنغال", "ما هو التعاون المعزز؟", "استبيان بشأن التعاون المعزز"]:
        assert "".join(words.split()) in text, words
    assert "Cooperationonanequalfooting" in text  # the input stays in the language it was written in
    assert reader.outline[0].title == labels[1]  # the category's bookmark


def test_the_public_record_lists_the_public_compilations_once_made(
    client, consultation, verified, moderator, django_capture_on_commit_callbacks
):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    url = reverse("consultations:public_inputs", args=[consultation.slug])
    assert "Compilations of the published inputs" not in client.get(url).content.decode()  # and now cached
    with django_capture_on_commit_callbacks(execute=True):
        complete = request(moderator, consultation, edition="complete")
        public = jobs.compilation_request(
            user=moderator, consultation=consultation, arrangement="by-question", edition="public", language="fr"
        )
    page = client.get(url).content.decode()
    assert reverse("reports:public_compilation_download", args=[consultation.slug, public.pk]) in page
    assert reverse("reports:public_compilation_download", args=[consultation.slug, complete.pk]) not in page
    assert '<span lang="fr">Français</span>' in page
    Compilation.objects.filter(pk=public.pk).delete()
    assert "Compilations of the published inputs" not in client.get(url).content.decode()


def test_it_compiles_from_the_command_line_in_another_language(consultation, verified, moderator, tmp_path):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    target = tmp_path / "wgec-ru.pdf"
    call_command(
        "compile_inputs", consultation.slug, "--document-language", "ru", "--output", str(target),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    reader = PdfReader(target)
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    with translation.override("ru"):
        assert gettext("Contents") in "".join(page.extract_text() for page in reader.pages)
    with pytest.raises(CommandError, match="invalid choice: 'xx'"):
        call_command("compile_inputs", consultation.slug, "--document-language", "xx", "--output", str(target))


def test_one_inputs_pdf_speaks_its_readers_language(
    client, consultation, verified, focal_point, django_capture_on_commit_callbacks
):
    InputFactory(consultation=consultation, organisation=verified, answers={1: "Notre point de vue", 2: "Rôles"})
    client.force_login(focal_point)
    url = reverse("reports:submission_pdf", args=[consultation.slug, verified.pk])
    for language in ("fr", "en"):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        with django_capture_on_commit_callbacks(execute=True):  # being prepared, by a worker (here, in-process)
            client.get(url)
        response = client.get(url)
        reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
        text = "".join(page.extract_text() for page in reader.pages)
        with translation.override(language):
            assert gettext("Regional group") in text and "Notre point de vue" in text
        assert reader.trailer["/Root"]["/Lang"] == language
