"""An input too long for one batch: its parts and the rest overflow into batches, in either arrangement."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from accounts.models import Organisation
from reports.compilation import collection, files, jobs
from reports.compilation.inputs import Spec
from reports.models import Compilation
from tests.factories import InputFactory, OrganisationFactory, category, country

pytestmark = pytest.mark.django_db

ARRANGEMENTS = ["by-respondent", "by-question"]
LONG = "\n\n".join(["Enhanced cooperation on public policy issues pertaining to the Internet, at length."] * 40)


@pytest.fixture(autouse=True)
def small_batches(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COMPILATION_BATCH_CHARACTERS = 2000  # the long answer alone (3,400 characters) is more than a batch


@pytest.fixture
def long_input(consultation, verified, moderator):
    """A Government's long input (question 3 has no word limit) beside a short civil-society one."""
    government = OrganisationFactory(
        name="Government of France",
        category=category("government"),
        country=country("FRA"),
        status=Organisation.Status.VERIFIED,
    )
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A short view.", 2: "Short roles."},
        moderator=moderator,
        accepted=True,
    )
    return InputFactory(
        consultation=consultation,
        organisation=government,
        answers={1: "State view.", 2: "State roles.", 3: LONG},
        moderator=moderator,
        accepted=True,
    )


def text_of(reader):
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("arrangement", ARRANGEMENTS)
def test_it_compiles_an_input_larger_than_a_batch_in_process(consultation, long_input, tmp_path, arrangement):
    collected = collection.collect(Spec(consultation, arrangement, "complete"), cache_dir=tmp_path)
    assert collected.overflow  # more than one batch is missing: only ids are kept

    output = tmp_path / "compilation.pdf"
    pages, _sha256, log = jobs.compile_to_file(
        consultation, arrangement=arrangement, edition="complete", cache_dir=tmp_path, output_path=output
    )

    reader = PdfReader(output)
    assert len(reader.pages) == pages and log[0].startswith(f"{len(collected.parts)} parts: ")
    text = text_of(reader)
    assert "Stateroles." in text and "Ashortview." in text and text.count("Enhancedcooperationonpublicpolicy") >= 40


@pytest.mark.parametrize("arrangement", ARRANGEMENTS)
def test_it_compiles_an_input_larger_than_a_batch_from_the_command_line(
    consultation, long_input, tmp_path, arrangement
):
    target = tmp_path / "wgec.pdf"
    out = io.StringIO()
    call_command(
        "compile_inputs", consultation.slug, "--arrangement", arrangement, "--output", str(target), stdout=out,
        stderr=io.StringIO(),
    )  # fmt: skip
    assert "pages, SHA-256" in out.getvalue() and "Stateroles." in text_of(PdfReader(target))


@pytest.mark.parametrize("arrangement", ARRANGEMENTS)
def test_it_renders_an_input_larger_than_a_batch_on_the_workers(
    consultation, long_input, moderator, arrangement, django_capture_on_commit_callbacks
):
    compilation = jobs.compilation_request(
        user=moderator, consultation=consultation, arrangement=arrangement, edition="complete"
    )
    batches = jobs.compilation_start(compilation.pk)
    assert len(batches) >= 2
    for batch in batches:  # as the part tasks do, with the ids the start handed them (through JSON)
        jobs.part_render(compilation.pk, batch)
    assert jobs.compilation_finish(compilation.pk) == "succeeded"

    compilation.refresh_from_db()
    assert compilation.status == Compilation.Status.SUCCEEDED, compilation.error
    parts = collection.collect(Spec(consultation, arrangement, "complete"), cache_dir=files.cache_dir())
    assert compilation.parts_done == compilation.parts_total == len(parts.parts)
    assert compilation.log.startswith(f"{compilation.parts_total} parts: 0 rendered")  # the part tasks did it all
    assert "Stateroles." in text_of(PdfReader(compilation.file.open("rb")))


@pytest.mark.parametrize("arrangement", ARRANGEMENTS)
def test_it_merges_an_input_larger_than_a_batch_when_the_workers_rendered_part_of_it(
    consultation, long_input, moderator, arrangement
):
    compilation = jobs.compilation_request(
        user=moderator, consultation=consultation, arrangement=arrangement, edition="complete"
    )
    first, *_rest = jobs.compilation_start(compilation.pk)
    jobs.part_render(compilation.pk, first)
    # The merge renders, in its own process, the batches no worker rendered.
    assert jobs.compilation_finish(compilation.pk) == "succeeded"
    compilation.refresh_from_db()
    assert "Stateroles." in text_of(PdfReader(compilation.file.open("rb")))
