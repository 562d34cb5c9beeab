"""The summary of inputs: a document of the engine, in two editions, its parts cached, asked for in the console."""

import io
from http import HTTPStatus

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from reports.compilation import accessibility, jobs
from reports.models import Compilation
from review import summary
from review.models import Coding, Gap, MapEntry, Mechanism, Synthesis, SynthesisQuote
from tests.review.conftest import NAMED, SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def summarised(world, consultation, analyst):
    """A synthesis of question 1 quoting every coding of "Access" (the named, anonymous, secret and waiting inputs),
    and a map entry for "Access"."""
    question = consultation.questions.get(number=1)
    text = "Most inputs ask for affordable access.\n\nSeveral tie it to an equal footing."
    made = Synthesis.objects.create(consultation=consultation, question=question, language="en", text=text,
                                    updated_by=analyst)  # fmt: skip
    for position, coding in enumerate(Coding.objects.filter(code=world["codes"]["Access"]).order_by("pk")):
        SynthesisQuote.objects.create(synthesis=made, coding=coding, after=1, position=position, added_by=analyst)
    mechanism = Mechanism.objects.create(consultation=consultation, name="Broadband Commission", kind="forum")
    MapEntry.objects.create(code=world["codes"]["Access"], mechanism=mechanism, status="partly", role="Sets targets.",
                            gaps=[Gap.CAPACITY], changed_by=analyst)  # fmt: skip
    return made


def text_of(path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def make(consultation, edition, tmp_path, language="en"):
    output = tmp_path / f"summary-{edition}-{language}.pdf"
    pages, _digest, log = jobs.document_to_file(
        summary.SummarySpec(consultation, edition, language), output_path=output, cache_dir=tmp_path / "parts"
    )
    return output, pages, log


def test_the_public_summary_never_shows_a_secretariat_only_input_and_names_an_anonymous_one_by_category(
    world, summarised, consultation, tmp_path
):
    output, pages, _log = make(consultation, "public", tmp_path)
    text = text_of(output)
    assert len(PdfReader(output).pages) == pages
    assert NAMED[:20] not in text  # quotes are the coded words, not whole answers
    assert "“equal footing” — Sahel Digital Rights, Civil society, African States" in text
    assert "“Affordable access” — Anonymous respondent: Academic community, Asia-Pacific States" in text
    for secret in ("routing security", SECRET[:30], "Alpine Telecom Forum", "Switzerland", "WGEC-2013-0003",
                   "Mekong Privacy Lab", "Viet Nam", "Andes Open Data"):  # fmt: skip
        assert secret not in text
    assert "This summary reads 2 inputs" in text  # the public edition counts the public record's inputs only
    assert "Broadband Commission" in text and "Capacity" in text  # the map
    assert "Most inputs ask for affordable access." in text  # the synthesis


def test_the_complete_summary_counts_every_accepted_input_and_marks_the_secretariat_only_quotes(
    world, summarised, consultation, tmp_path
):
    text = text_of(make(consultation, "complete", tmp_path)[0])
    assert "This summary reads 3 inputs" in text
    assert "“routing security” — Alpine Telecom Forum" in text
    assert "For the secretariat only: not to be published." in text
    assert "Mekong Privacy Lab" in text
    assert "Andes Open Data" not in text  # sent, not accepted: in no edition


def test_each_quote_links_to_its_input_in_the_compilation_of_the_same_edition(
    world, summarised, consultation, moderator, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        compiled = jobs.compilation_request(
            user=moderator, consultation=consultation, arrangement="by-respondent", edition="public"
        )
    output, _pages, _log = make(consultation, "public", tmp_path)
    links = {
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(output).pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }
    target = reverse("reports:public_compilation_download", args=[consultation.slug, compiled.pk])
    assert any(link.endswith(f"{target}#input-WGEC-2013-0002") for link in links)
    assert not any("WGEC-2013-0003" in link for link in links)


def test_changing_one_synthesis_renders_that_part_again_and_takes_the_others_from_the_cache(
    world, summarised, consultation, tmp_path
):
    _output, _pages, log = make(consultation, "public", tmp_path)
    parts = int(log[0].split()[0])
    assert parts >= 4  # method, register clusters, map, synthesis
    summarised.text = "A new first paragraph.\n\nSeveral tie it to an equal footing."
    summarised.save()
    output, _pages, log = make(consultation, "public", tmp_path)
    assert log[0].startswith(f"{parts} parts: 1 rendered, {parts - 1} from the cache")
    assert "A new first paragraph." in text_of(output)


def test_a_quote_whose_input_is_later_kept_for_the_secretariat_leaves_the_public_summary(
    world, summarised, consultation, tmp_path
):
    named = world["named"]
    named.consent = "secretariat"  # as the respondent sending a new version with that choice leaves it
    named.save(update_fields=["consent"])
    text = text_of(make(consultation, "public", tmp_path)[0])
    assert "Sahel Digital Rights" not in text and "equal footing”" not in text


def test_the_summary_is_a_job_of_the_engine_and_is_listed_in_the_console(
    client, world, summarised, consultation, analyst, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    url = reverse("review:summary", args=[consultation.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"edition": "public", "language": "fr"})
    assert response.status_code == HTTPStatus.FOUND
    made = Compilation.objects.get(kind="summary")
    assert (made.status, made.edition, made.language) == (Compilation.Status.SUCCEEDED, "public", "fr"), made.error
    assert made.parts_done == made.parts_total >= 4
    assert "Publique, selon le consentement des répondants" in text_of(made.file.path)  # its own text in French
    page = client.get(url)
    assert "Summary of inputs" in page.content.decode() and reverse("reports:compilation_download", args=[made.pk])
    with django_capture_on_commit_callbacks(execute=True):
        again = summary.summary_request(user=analyst, consultation=consultation, edition="public", language="fr")
    assert again.pk == made.pk  # nothing changed: the same file


def test_a_bad_request_for_a_summary_is_refused_with_the_reason(client, consultation, analyst):
    client.force_login(analyst)
    response = client.post(reverse("review:summary", args=[consultation.slug]), {"edition": "draft"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Compilation.objects.exists()


def test_compile_summary_writes_the_file_and_names_a_bad_slug(world, summarised, consultation, tmp_path):
    target = tmp_path / "summary.pdf"
    out = io.StringIO()
    call_command("compile_summary", consultation.slug, "--edition", "public", "--output", str(target), stdout=out,
                 stderr=io.StringIO())  # fmt: skip
    text = text_of(target)
    assert "pages, SHA-256" in out.getvalue() and "Affordable access" in text and "routing security" not in text
    with pytest.raises(CommandError, match="No consultation"):
        call_command("compile_summary", "nowhere", "--output", str(target))
    with pytest.raises(CommandError, match="No folder"):
        call_command("compile_summary", consultation.slug, "--output", str(tmp_path / "missing" / "x.pdf"))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_summary_is_made_on_real_workers(celery_worker, world, summarised, consultation, analyst):
    import time

    made = summary.summary_request(user=analyst, consultation=consultation, edition="public")  # a worker has it
    for _ in range(120):
        made.refresh_from_db()
        if made.status in (Compilation.Status.SUCCEEDED, Compilation.Status.FAILED):
            break
        time.sleep(0.5)
    assert made.status == Compilation.Status.SUCCEEDED, made.error
    assert made.parts_done == made.parts_total >= 4 and made.page_count >= 5 and made.sha256
    assert made.log.startswith(f"{made.parts_total} parts:")  # the worker's file is in its own media folder


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_summary_is_tagged_for_screen_readers_and_passes_the_checks(
    world, summarised, consultation, tmp_path, language
):
    output, _pages, _log = make(consultation, "public", tmp_path, language=language)
    report = accessibility.check(output)
    assert report.problems == []
    assert report.elements > 50 and report.figure_pages == 0
    with pikepdf.open(output) as pdf:
        assert str(pdf.Root.Lang) == language and "/StructTreeRoot" in pdf.Root
