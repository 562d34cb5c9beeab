"""The report to the Commission as a PDF: made from a published draft through the document engine, brackets and
alternatives printed as written, the annex only when chosen, figures as the public edition counts them, tagged, and
one changed paragraph rendering one part again."""

import csv
import io
import json
import subprocess
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from consultations.models import Consent
from groups import services
from groups.models import Kind, Position
from groups.report_pdf import KIND_NAME, report_request, spec_for
from reports.compilation import accessibility, jobs
from reports.models import Compilation, Member, Nomination
from tests.factories import InputFactory, OrganisationFactory, UserFactory, WorkingGroupFactory, category, country
from tests.reports.test_pdf import organisation

pytestmark = pytest.mark.django_db

ALTERNATIVES = "Enhanced cooperation should be implemented [through existing mechanisms] / [through a new body]."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def group(consultation):
    return WorkingGroupFactory(consultation=consultation)


@pytest.fixture
def report(group, chair):
    """A report whose draft 1 is published: an introduction, and two recommendations, one with alternatives that a
    member objects to."""
    report = services.start_report(group, title="Report of the Working Group on Enhanced Cooperation", user=chair)
    draft = services.editing(report)
    introduction = services.add_section(draft, heading="I. Introduction", user=chair)
    services.add_paragraph(draft, text="The working group met three times in Geneva.", user=chair,
                           section=introduction)  # fmt: skip
    recommendations = services.add_section(draft, heading="II. Recommendations", user=chair)
    services.add_paragraph(draft, text=ALTERNATIVES, user=chair, section=recommendations, kind=Kind.RECOMMENDATION)
    services.add_paragraph(draft, text="Remote participation should be offered.", user=chair,
                           section=recommendations, kind=Kind.RECOMMENDATION)  # fmt: skip
    services.publish(draft, user=chair)
    organisation_ = OrganisationFactory(category=category("government"), country=country("CAN"))
    nomination = Nomination.objects.create(working_group=group, organisation=organisation_, name="Delegate of Canada")
    member = Member.objects.create(working_group=group, nomination=nomination, confirmed_by=chair, user=UserFactory())
    round_ = services.open_round(draft, user=chair, deadline=timezone.now() + timedelta(days=3), publish_comments=True)
    services.comment(round_, draft.paragraphs.get(number=2), user=member.user, position=Position.OBJECT,
                     text="A new body would duplicate existing work.")  # fmt: skip
    return report


def text_of(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S607


def make(report, tmp_path, *, draft=1, annex=False, language="en", name="report.pdf"):
    output = tmp_path / name
    spec = spec_for(report, draft, annex=annex, language=language)
    pages, _digest, log = jobs.document_to_file(spec, output_path=output, cache_dir=tmp_path / "parts")
    return output, pages, log


def test_the_report_prints_its_paragraphs_numbered_with_brackets_as_written(report, tmp_path):
    output, pages, _log = make(report, tmp_path)
    text = " ".join(text_of(output).split())
    assert "Report of the Working Group on Enhanced Cooperation" in text and "Draft 1" in text
    assert "Delegate of Canada" in text  # the composition
    assert f"2. {ALTERNATIVES}" in text and "3. Remote participation should be offered." in text
    assert "Annex" not in text  # not chosen
    assert accessibility.problems(output) == []
    annexed, _pages, _log = make(report, tmp_path, annex=True, name="annexed.pdf")
    annex = " ".join(text_of(annexed).split())
    assert "Annex: paragraphs without consensus" in annex and "Object Delegate of Canada" in annex
    assert "Paragraph 3" not in annex.split("Annex: paragraphs without consensus")[-1]  # it has consensus


def test_its_figures_count_inputs_as_the_public_edition_does(report, tmp_path, consultation, moderator):
    kenya = organisation("Kenya ICT Action Network", "civil-society", "KEN")
    secret = organisation("Quiet Delegation Network", "private-sector", "FRA")
    unnamed = organisation("Mekong Privacy Lab", "academic-community", "VNM")
    for who, consent in ((kenya, Consent.PUBLIC), (secret, Consent.SECRETARIAT), (unnamed, Consent.ANONYMOUS)):
        InputFactory(consultation=consultation, organisation=who, answers={1: "An answer.", 2: "Roles."},
                     moderator=moderator, accepted=True, consent=consent)  # fmt: skip
    output, _pages, _log = make(report, tmp_path)
    text = " ".join(text_of(output).split())
    assert "2 inputs are published with their respondents' consent." in text  # not the secretariat-only one
    assert "Private sector" not in text  # the secretariat-only input's category is nowhere
    for name in ("Kenya ICT Action Network", "Quiet Delegation Network", "Mekong Privacy Lab"):
        assert name not in text  # the report names no respondent
    assert "Academic community 1" in text  # the anonymous input, by its category


def test_one_paragraph_changed_renders_one_part_again_and_the_next_draft_compiles(report, tmp_path, chair):
    make(report, tmp_path)
    _output, _pages, log = make(report, tmp_path, name="again.pdf")
    assert "0 rendered" in log[0]
    second = services.editing(report)
    version = second.paragraphs.get(number=3)
    services.edit_paragraph(version, user=chair, revision=version.revision, text="Remote participation is needed.")
    services.publish(second, user=chair)
    output, _pages, log = make(report, tmp_path, draft=2, name="draft-2.pdf")
    assert "1 rendered" in log[0] and "Remote participation is needed." in text_of(output)  # one section again


def test_a_translated_paragraph_is_printed_in_the_documents_language(report, tmp_path, chair):
    second = services.editing(report)
    version = second.paragraphs.get(number=1)
    services.edit_paragraph(version, user=chair, revision=version.revision,
                            translations={"fr": "Le groupe de travail s’est réuni trois fois à Genève."})  # fmt: skip
    services.publish(second, user=chair)
    output, _pages, _log = make(report, tmp_path, draft=2, language="fr", name="fr.pdf")
    text = " ".join(text_of(output).split())
    assert "Le groupe de travail s’est réuni trois fois à Genève." in text
    assert ALTERNATIVES in text  # no translation: as written


def test_any_draft_is_compiled_the_one_being_edited_said_so_on_its_cover(report, tmp_path):
    with pytest.raises(CommandError, match="no draft 9"):
        call_command("compile_report", "wgec", "--draft", "9", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="No report"):
        call_command("compile_report", "no-such-group", "--draft", "1", "--output", str(tmp_path / "x.pdf"))
    out = io.StringIO()
    call_command("compile_report", "wgec", "--draft", "1", "--annex-no-consensus", "--document-language", "ar",
                 "--output", str(tmp_path / "ar.pdf"), stdout=out, stderr=io.StringIO())  # fmt: skip
    assert "pages, SHA-256" in out.getvalue() and accessibility.problems(tmp_path / "ar.pdf") == []
    editing, _pages, _log = make(report, tmp_path, draft=2, name="editing.pdf")
    assert "Draft 2, being edited: not published" in " ".join(text_of(editing).split())


def test_a_long_section_is_cut_into_parts_where_its_paragraphs_say_and_one_edit_renders_one(report, tmp_path, chair):
    draft = services.editing(report)
    section = draft.sections.get(heading="II. Recommendations")
    for number in range(60):
        services.add_paragraph(draft, text=f"Recommendation {number} of many.", user=chair, section=section,
                               kind=Kind.RECOMMENDATION)  # fmt: skip
    first, _pages, log = make(report, tmp_path, draft=2, name="long.pdf")
    parts = int(log[0].split(" parts")[0])
    assert parts >= 6  # cover and contents aside: composition, method, introduction, recommendations in pieces
    assert "II. Recommendations (continued)" in " ".join(text_of(first).split())
    version = draft.paragraphs.get(text="Recommendation 30 of many.")
    services.edit_paragraph(version, user=chair, revision=version.revision, text="Recommendation 30, changed.")
    _again, _pages, log = make(report, tmp_path, draft=2, name="long-again.pdf")
    assert log[0].startswith(f"{parts} parts: 1 rendered")


def test_the_workers_make_it_as_a_job_of_the_engine(report, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = report_request(user=chair, report=report, draft=1, annex=True, language="es")
    made.refresh_from_db()
    assert (made.kind, made.status, made.options) == (KIND_NAME, Compilation.Status.SUCCEEDED,
                                                      {"report": report.pk, "draft": 1, "annex": True})  # fmt: skip
    assert made.label == "Report to the Commission, draft 1" and made.page_count >= 4
    assert report_request(user=chair, report=report, draft=1, annex=True, language="es").pk == made.pk  # the same


def test_the_comments_export_as_csv_and_json(report, tmp_path):
    out = io.StringIO()
    call_command("export_comments", "wgec", "--draft", "1", "--format", "json", "--output", str(tmp_path / "c.json"),
                 stderr=out)  # fmt: skip
    rows = json.loads((tmp_path / "c.json").read_text())
    assert rows[0]["member"] == "Delegate of Canada" and rows[0]["position"] == "object"
    call_command("export_comments", "wgec", "--draft", "1", "--output", str(tmp_path / "c.csv"), stderr=out)
    table = list(csv.reader(io.StringIO((tmp_path / "c.csv").read_text(encoding="utf-8-sig"))))
    assert table[0][:3] == ["draft", "round_deadline", "paragraph"] and table[1][2] == "2"
    with pytest.raises(CommandError, match="No draft 7"):
        call_command("export_comments", "wgec", "--draft", "7")
