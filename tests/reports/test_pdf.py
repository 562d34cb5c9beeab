"""Compilations: inputs rendered once each, merged in order, numbered, bookmarked, and only what the edition allows."""

import hashlib
import io
import json
import re
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from pypdf import PdfReader, PdfWriter

from accounts.models import Organisation
from consultations.models import Attachment, Consent
from reports import balance
from reports.compilation import collection, documents, jobs, layout, merge, render
from reports.compilation.inputs import KIND, Spec
from reports.models import Compilation
from tests.factories import InputFactory, OrganisationFactory, category, country, inputs_in_bulk
from tests.files import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

ARABIC = (
    "التعاون المعزز يعني أن تعمل الحكومات معاً على قدم المساواة في المسائل الدولية المتعلقة بالسياسة العامة للإنترنت."
)
CHINESE = "加强合作是指各国政府在平等的基础上履行其在与互联网有关的国际公共政策问题方面的作用和责任。"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def renders(monkeypatch):
    """The docs whose part was rendered (the cache missed), in order."""
    rendered = []
    real = render.parts_html

    def counting(kind, docs, title):
        rendered.extend(docs)
        return real(kind, docs, title)

    monkeypatch.setattr(render, "parts_html", counting)
    return rendered


def organisation(name, category_slug, iso3):
    return OrganisationFactory(
        name=name, category=category(category_slug), country=country(iso3), status=Organisation.Status.VERIFIED
    )


def compiled(consultation, tmp_path, **options):
    """Compile into tmp_path (parts cached in tmp_path/parts) and read the result."""
    options = {"arrangement": "by-respondent", "edition": "complete", **options}
    output = tmp_path / "compilation.pdf"
    pages, sha256, log = jobs.compile_to_file(consultation, cache_dir=tmp_path / "parts", output_path=output, **options)
    assert sha256 == hashlib.sha256(output.read_bytes()).hexdigest()
    reader = PdfReader(output)
    assert len(reader.pages) == pages
    return reader, log


def page_texts(reader):
    return [page.extract_text() for page in reader.pages]


def flat(text):
    """Text without whitespace: extraction breaks lines where the layout did (and CJK has no spaces)."""
    return "".join(text.split())


def outline(reader, items=None):
    """[(title, 1-based page, [children])] of the PDF's bookmarks."""
    items = reader.outline if items is None else items
    tree = []
    for item in items:
        if isinstance(item, list):
            tree[-1][2].extend(outline(reader, item))
        else:
            tree.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return tree


def contents(texts):
    """{reference: printed page number} read from the table of contents."""
    return {ref: int(page) for text in texts for ref, page in re.findall(r"\((WGEC-2013-\d{4})\)\s+(\d+)", text)}


@pytest.fixture
def three_inputs(consultation, verified, moderator):
    """A civil-society input (Senegal), a Government's (France) and a private-sector one (Brazil), all accepted."""
    government = organisation("Government of France", "government", "FRA")
    company = organisation("Rio Networks", "private-sector", "BRA")
    return [
        InputFactory(
            consultation=consultation,
            organisation=verified,
            answers={1: "Civil society view.", 2: "Sahel roles."},
            moderator=moderator,
            accepted=True,
        ),
        InputFactory(
            consultation=consultation,
            organisation=government,
            answers={1: "Government view.", 2: "State roles."},
            moderator=moderator,
            accepted=True,
        ),
        InputFactory(
            consultation=consultation,
            organisation=company,
            answers={1: "Business view.", 2: "Market roles."},
            moderator=moderator,
            accepted=True,
        ),
    ]


def test_it_compiles_every_included_input_in_category_order_and_no_other(
    consultation, three_inputs, moderator, tmp_path
):
    InputFactory(
        consultation=consultation,
        organisation=organisation("Late Ltd", "private-sector", "KEN"),
        answers={1: "Rejected by moderator.", 2: "x"},
        moderator=moderator,
        rejected=True,
    )
    InputFactory(
        consultation=consultation,
        organisation=organisation("Waiting", "academic-community", "KEN"),
        answers={1: "Not decided.", 2: "x"},
    )
    unverified = organisation("Unverified Institute", "academic-community", "KEN")
    InputFactory(
        consultation=consultation,
        organisation=unverified,
        answers={1: "From an unverified body.", 2: "x"},
        moderator=moderator,
        accepted=True,
    )
    Organisation.objects.filter(pk=unverified.pk).update(status=Organisation.Status.PENDING)

    reader, log = compiled(consultation, tmp_path)

    body = flat(" ".join(page_texts(reader)))
    order = ["Governmentview.", "Stateroles.", "Businessview.", "Marketroles.", "Civilsocietyview.", "Sahelroles."]
    positions = [body.index(text) for text in order]
    assert positions == sorted(positions)
    for excluded in ["Rejectedbymoderator.", "Notdecided.", "Fromanunverifiedbody."]:
        assert excluded not in body
    assert reader.metadata.title == consultation.title
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert log[0].startswith("3 parts: 3 rendered, 0 from the cache")


def test_it_numbers_the_contents_with_the_pages_where_inputs_start(consultation, three_inputs, tmp_path):
    reader, _log = compiled(consultation, tmp_path)
    texts = page_texts(reader)
    toc = contents(texts)
    assert set(toc) == {s.reference for s in three_inputs}
    for submission in three_inputs:
        first_page = texts[toc[submission.reference] - 1]
        assert submission.organisation.name in first_page
        assert f"Reference {submission.reference}" in first_page
        assert f"Reference {submission.reference}" not in texts[toc[submission.reference] - 2]  # not before


def test_it_bookmarks_categories_then_their_inputs(consultation, three_inputs, tmp_path):
    reader, _log = compiled(consultation, tmp_path)
    toc = contents(page_texts(reader))
    tree = outline(reader)
    assert [title for title, _page, _children in tree] == ["Government", "Private sector", "Civil society"]
    inputs = [child for _title, _page, children in tree for child in children]
    expected = [
        (f"{s.organisation.name} ({s.reference})", toc[s.reference], [])
        for s in sorted(three_inputs, key=lambda s: s.organisation.category.order)
    ]
    assert inputs == expected


def test_it_extracts_arabic_and_chinese_as_submitted_in_noto_fonts(consultation, verified, moderator, tmp_path):
    cairo = organisation("الجمعية المصرية للإنترنت", "civil-society", "EGY")
    beijing = organisation("中国互联网协会", "civil-society", "CHN")
    InputFactory(
        consultation=consultation,
        organisation=cairo,
        answers={1: ARABIC, 2: "أدوار"},
        language="ar",
        moderator=moderator,
        accepted=True,
    )
    InputFactory(
        consultation=consultation,
        organisation=beijing,
        answers={1: CHINESE, 2: "作用"},
        language="zh-hans",
        moderator=moderator,
        accepted=True,
    )

    reader, _log = compiled(consultation, tmp_path)

    texts = " ".join(page_texts(reader))
    body = flat(texts)
    # WeasyPrint maps each shaped glyph back to its characters, so pypdf returns the Arabic letters in logical
    # order and never as presentation forms (no NFKC needed). pypdf's own reordering of right-to-left lines puts
    # a neutral at the line's end on the wrong side, so the final full stop comes out first: compared without it.
    assert not any(0xFB50 <= ord(char) <= 0xFDFF or 0xFE70 <= ord(char) <= 0xFEFF for char in texts)
    assert flat(ARABIC.removesuffix(".")) in body
    assert flat(CHINESE) in body
    assert flat("الجمعية المصرية للإنترنت") in body and "中国互联网协会" in body
    fonts = embedded_fonts(reader)
    assert any("Noto-Naskh-Arabic" in name for name in fonts)
    assert any("Noto-Sans-CJK-SC" in name for name in fonts)
    assert any(name.endswith("+Noto-Sans") for name in fonts)


def embedded_fonts(reader):
    """Names of the fonts whose program is embedded (/FontFile2 or /FontFile3)."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            if descriptor and {"/FontFile2", "/FontFile3"} & set(descriptor.get_object()):
                names.add(str(font["/BaseFont"]))
    return names


def test_it_renders_no_part_when_nothing_changed_and_one_for_one_more_input(
    consultation, three_inputs, moderator, renders, tmp_path
):
    compiled(consultation, tmp_path)
    assert len(renders) == 3

    renders.clear()
    _reader, log = compiled(consultation, tmp_path)
    assert renders == []
    assert log[0].startswith("3 parts: 0 rendered, 3 from the cache")

    newcomer = InputFactory(
        consultation=consultation,
        organisation=organisation("Andes Academy", "academic-community", "PER"),
        answers={1: "New.", 2: "x"},
        moderator=moderator,
        accepted=True,
    )
    reader, _log = compiled(consultation, tmp_path)
    assert [doc.reference for doc in renders] == [newcomer.reference]
    assert newcomer.reference in contents(page_texts(reader))


def test_it_keeps_secretariat_only_inputs_and_anonymous_names_out_of_the_public_edition(
    consultation, verified, moderator, tmp_path
):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A public view.", 2: "x"},
        moderator=moderator,
        accepted=True,
    )
    shy = organisation("Discreet Foundation", "civil-society", "GHA")  # before Sahel… of Senegal by name and country
    anonymous = InputFactory(
        consultation=consultation,
        organisation=shy,
        answers={1: "An anonymous view.", 2: "x"},
        consent=Consent.ANONYMOUS,
        moderator=moderator,
        accepted=True,
    )
    private = organisation("Closed Council", "civil-society", "KEN")
    InputFactory(
        consultation=consultation,
        organisation=private,
        answers={1: "For the secretariat.", 2: "x"},
        consent=Consent.SECRETARIAT,
        moderator=moderator,
        accepted=True,
    )

    reader, _log = compiled(consultation, tmp_path, edition="public")

    body = flat(" ".join(page_texts(reader)))
    assert flat("A public view.") in body and flat("An anonymous view.") in body
    assert flat("For the secretariat.") not in body and "ClosedCouncil" not in body
    assert "DiscreetFoundation" not in body and "Ghana" not in body
    assert body.index(flat("A public view.")) < body.index(flat("An anonymous view."))  # last in its group
    assert f"Anonymousrespondent({anonymous.reference})" in body
    titles = str(outline(reader))
    assert "Discreet" not in titles and "Closed" not in titles

    reader, _log = compiled(consultation, tmp_path, edition="complete")
    body = flat(" ".join(page_texts(reader)))
    assert "ClosedCouncil" in body and flat("For the secretariat only: not to be published.") in body
    assert "DiscreetFoundation" in body


def attach(submission, name, data, kind="pdf"):
    """A stored attachment that the version sent lists, as the upload checks of its day let it in."""
    attachment = Attachment(
        submission=submission, name=name, kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    version = submission.current_version
    version.attachments = [*version.attachments, {"name": name, "sha256": attachment.sha256, "size": len(data)}]
    version.save()


def encrypted_pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_it_appends_a_readable_pdf_attachment_and_lists_the_others_with_a_reason(
    consultation, verified, moderator, tmp_path
):
    submission = InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "With files.", 2: "x"},
        moderator=moderator,
        accepted=True,
    )
    reader, _log = compiled(consultation, tmp_path)
    pages_without = len(reader.pages)
    attach(submission, "annex.pdf", pdf_bytes(pages=2))
    attach(submission, "locked.pdf", encrypted_pdf_bytes())
    attach(submission, "torn.pdf", pdf_bytes()[:-60])
    docx = docx_bytes()  # a zip: its bytes hold the time they were made
    attach(submission, "views.docx", docx, kind="docx")

    reader, log = compiled(consultation, tmp_path)

    assert len(reader.pages) == pages_without + 3  # the annex's two pages, after a page that labels it
    text = flat(" ".join(page_texts(reader)))
    assert flat("locked.pdf 764 bytes") in text and flat("not appended: the file is encrypted") in text
    assert "torn.pdf" in text and flat("not appended: the file could not be read as a PDF") in text
    assert "views.docx" in text and hashlib.sha256(docx).hexdigest() in text
    assert flat("listed only: Word (DOCX) files are not appended") in text
    assert flat("annex.pdf") in text and flat("appended after this input (2 pages)") in text
    [(_category, _page, [(_title, start, children)])] = outline(reader)
    assert children == [("annex.pdf", start + 1, [])]  # the input's part is one page, then the annex's label
    assert f"{submission.reference}: locked.pdf not appended: the file is encrypted" in log

    reader, _log = compiled(consultation, tmp_path, arrangement="by-question")
    annex = len(reader.pages) - 2  # its label and two pages end the document, after every question
    respondent = f"{verified.name} ({submission.reference})"
    assert outline(reader)[-1] == ("Attachments", annex, [(respondent, annex, [("annex.pdf", annex, [])])])


def test_it_fetches_only_static_files():
    stylesheet = render.url_fetcher("static:css/print.css")
    assert stylesheet.content_type == "text/css" and b"@page" in stylesheet.read()
    assert b"@page" in render.url_fetcher("/static/css/print.css").read()
    assert render.url_fetcher("data:text/plain,hello").read() == b"hello"
    for url in [
        "file:///etc/passwd",
        "http://example.org/print.css",
        "https://example.org/",
        "static:../pyproject.toml",
    ]:
        with pytest.raises(ValueError):
            render.url_fetcher(url)
    with pytest.raises(ValueError):  # WeasyPrint is given the fetcher: a refused URL stops the render
        render.render_html('<img src="file:///etc/hostname">')


def test_it_says_so_when_no_input_is_accepted(consultation, verified, tmp_path):
    InputFactory(consultation=consultation, organisation=verified, answers={1: "Only submitted.", 2: "x"})
    reader, _log = compiled(consultation, tmp_path)
    assert len(reader.pages) == 1
    assert "This consultation has no accepted input to compile." in reader.pages[0].extract_text()


def test_it_prints_n_of_N_on_every_page(consultation, three_inputs, tmp_path):
    reader, _log = compiled(consultation, tmp_path)
    total = len(reader.pages)
    assert total > 3
    for number, text in enumerate(page_texts(reader), start=1):
        assert text.rstrip().endswith(f"{number} / {total}")


def test_it_arranges_by_question_with_answers_grouped_by_category(consultation, three_inputs, tmp_path):
    reader, _log = compiled(consultation, tmp_path, arrangement="by-question")
    body = flat(" ".join(page_texts(reader)))
    order = ["Governmentview.", "Businessview.", "Civilsocietyview.", "Stateroles.", "Marketroles.", "Sahelroles."]
    positions = [body.index(text) for text in order]
    assert positions == sorted(positions)
    tree = outline(reader)
    assert [title.split(".")[0] for title, _page, _children in tree] == ["Question 1", "Question 2", "Question 3"]
    first = [title for title, _page, _children in tree[0][2]]
    assert first == ["Government of France (WGEC-2013-0002)", "Rio Networks (WGEC-2013-0003)", *first[2:]]
    for _title, page, _children in tree[0][2]:
        assert _title.split("(")[1].rstrip(")") in reader.pages[page - 1].extract_text()
    assert tree[2][2] == []  # nobody answered question 3


def test_it_knows_the_contents_length_before_rendering_them(consultation, tmp_path, renders):
    long = "Organisation number {i} with a name long enough to run past the width of the page " * 3
    toc = [layout.TocEntry(f"{long.format(i=i)} (WGEC-2013-{i:04d})", i * 40) for i in range(90)]
    summary = documents.summary_of([], {})
    cover = layout.render_front(documents.consultation_doc(consultation), summary, datetime.now(UTC))
    contents, pages = layout.front_matter(cover, toc, cache_dir=tmp_path)
    # 90 rows: 42 under the heading, then 44 and 4, one line each however long the label.
    assert [part.pages for part in contents] == [3]
    assert pages == render.page_count(cover) + 3
    reader = PdfReader(contents[0].path)
    assert len(reader.pages) == 3
    last = reader.pages[-1].extract_text()
    rows = [line for line in last.splitlines() if "Organisation number" in line]
    assert rows[-1].rstrip().endswith(str(pages + 89 * 40 + 1)) and "Organisation number 89" in last
    assert last.splitlines()[-1].strip() == "Contents"  # the running header, on every page of the contents
    assert "…" in last  # cut with an ellipsis

    # The same rows on the same pages are not rendered again.
    again, _pages = layout.front_matter(cover, toc, cache_dir=tmp_path)
    assert [part.rendered for part in again] == [False] and again[0].path == contents[0].path


def test_it_renders_a_twenty_thousand_word_answer(tmp_path):
    paragraph = " ".join(["enhanced cooperation on public policy issues pertaining to the Internet"] * 12)  # 120 words
    answer = "\n\n".join([paragraph] * 167)  # 20,040 words
    doc = documents.InputDoc(
        "WGEC-2013-9999", "Verbose Institute", "Academic community", "Chile", "Latin American and Caribbean States",
        "en", datetime(2013, 6, 1, tzinfo=UTC), "0" * 64, [(1, "What is enhanced cooperation?", answer)],
    )  # fmt: skip
    part = render.render_part(KIND, doc, "Questionnaire", cache_dir=tmp_path)
    assert part.pages > 30 and part.starts == {"input-WGEC-2013-9999": 0}
    second_page = PdfReader(part.path).pages[1].extract_text()
    assert "Questionnaire" in second_page and "Verbose Institute" in second_page  # the running header


def test_it_loads_one_input_or_one_question_for_a_worker(consultation, three_inputs):
    civil_society = three_inputs[0]
    [doc] = documents.input_docs(consultation, edition="complete", ids=[civil_society.pk])
    assert (doc.reference, doc.organisation, doc.regional_group) == (
        civil_society.reference,
        "Sahel Digital Rights Network",
        "African States",
    )
    assert doc.answers == [
        (1, "What is enhanced cooperation?", "Civil society view."),
        (2, "What are the roles of stakeholders?", "Sahel roles."),
    ]
    parts = documents.question_docs(consultation, edition="complete", numbers={2})
    # One part per category answering, the first opening the question.
    assert [(p.number, p.theme, p.category, p.opens) for p in parts] == [
        (2, "Roles of stakeholders", "Government", True),
        (2, "Roles of stakeholders", "Private sector", False),
        (2, "Roles of stakeholders", "Civil society", False),
    ]
    assert [text for part in parts for _respondent, text in part.answers] == [
        "State roles.",
        "Market roles.",
        "Sahel roles.",
    ]
    assert [
        part.pk for part in documents.question_docs(consultation, edition="complete", numbers={2}) if part.opens
    ] == ["2:Government:0"]


def test_it_loads_the_inputs_in_three_queries(consultation, django_assert_num_queries):
    inputs_in_bulk(consultation, 30, state="accepted")
    # the inputs with their organisation, category, country and version; the version's answers; the attachments
    with django_assert_num_queries(3):
        docs = documents.input_docs(consultation, edition="complete")
    assert len(docs) == 30 and all(doc.answers for doc in docs)


def test_it_summarises_the_complete_edition_as_the_balance_report_does(consultation, three_inputs):
    assert documents.summary_cells(consultation, edition="complete") == balance.population_report(consultation)["cells"]


def test_it_refuses_a_merge_that_lost_pages_or_moved_an_input(consultation, three_inputs, tmp_path):
    reader, _log = compiled(consultation, tmp_path)
    output = tmp_path / "compilation.pdf"
    first = three_inputs[0].reference
    start = contents(page_texts(reader))[first] - 1
    anchor = documents.input_anchor(first)
    merge.verify(output, len(reader.pages), [(anchor, start)])
    with pytest.raises(ValueError, match="parts add up to"):
        merge.verify(output, len(reader.pages) + 1, [])
    with pytest.raises(ValueError, match=f"{anchor} should begin on page {start}, as the contents say"):
        merge.verify(output, len(reader.pages), [(anchor, start - 1)])


def test_it_fails_a_compilation_whose_cached_part_lies_about_its_pages(consultation, three_inputs, tmp_path):
    compiled(consultation, tmp_path)
    # A part's record in the cache says its input starts a page later than it does.
    records = [path for path in (tmp_path / "parts").glob("*.json") if "input-" in path.read_text()]
    entry = json.loads(records[0].read_text())
    (anchor,) = entry["starts"]
    entry["starts"][anchor] = 1
    entry["pages"] += 1
    records[0].write_text(json.dumps(entry))
    with pytest.raises(ValueError, match="should begin on page|has no pages"):
        compiled(consultation, tmp_path)
    assert not list(tmp_path.glob(".compilation.pdf*")), "no half-written file is left behind"


def test_it_warns_in_the_log_about_characters_no_installed_font_draws(
    consultation, verified, moderator, tmp_path, settings
):
    from reports.compilation.fonts import installed_characters
    from reports.compilation.jobs import compile_to_file

    settings.MEDIA_ROOT = tmp_path / "media"
    # A character from a Private Use Area: no font draws it.
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Plain text \ue000\ue001 and more", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    assert installed_characters(), "fontconfig lists the installed fonts"
    pages, digest, log = compile_to_file(
        consultation,
        arrangement="by-respondent",
        edition="complete",
        cache_dir=tmp_path / "cache",
        output_path=tmp_path / "out.pdf",
    )
    assert any("2 characters have no installed font and will show as boxes (U+E000 U+E001)" in line for line in log)


def test_it_lays_out_a_part_in_a_batch_as_it_would_alone(consultation, three_inputs, tmp_path):
    docs = documents.input_docs(consultation, edition="complete")
    together = render.render_batch(KIND, docs, consultation.title, cache_dir=tmp_path / "batch")
    assert len({part.path for part in together}) == 1 and [p.first for p in together] == [0, 1, 2]
    batch = PdfReader(together[0].path)
    for doc, part in zip(docs, together, strict=True):
        alone = PdfReader(
            render.render_batch(KIND, [doc], consultation.title, cache_dir=tmp_path / doc.reference)[0].path
        )
        own = [batch.pages[i].extract_text() for i in range(part.first, part.first + part.pages)]
        assert own == [page.extract_text() for page in alone.pages]
        assert own[0].count(consultation.title) == 1  # its header block's, with no running header above it


def test_it_renders_the_missing_parts_in_batches(consultation, moderator, renders, tmp_path, settings):
    settings.COMPILATION_BATCH_PARTS = 2
    inputs_in_bulk(consultation, 5, state="accepted")
    docs = documents.input_docs(consultation, edition="complete")
    weight = KIND.weight
    assert [len(batch) for batch in render.batches(docs, weight=weight)] == [2, 2, 1]
    assert [len(batch) for batch in render.batches(docs, weight=weight, characters=1)] == [
        1,
        1,
        1,
        1,
        1,
    ]  # a long input goes alone

    reader, log = compiled(consultation, tmp_path)
    assert len(renders) == 5 and log[0].startswith("5 parts: 5 rendered")
    assert len(list((tmp_path / "parts").glob("batch-*.pdf"))) == 3
    assert set(reader.named_destinations) == {documents.input_anchor(doc.reference) for doc in docs}


def test_it_names_where_each_input_begins(consultation, three_inputs, tmp_path):
    reader, _log = compiled(consultation, tmp_path)
    toc = contents(page_texts(reader))
    # A link to compilation.pdf#input-WGEC-2013-0001 opens the page the contents give.
    named = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    assert named == {documents.input_anchor(reference): page for reference, page in toc.items()}


def test_it_numbers_attachments_of_any_size_and_rotation_upright(consultation, verified, moderator, tmp_path):
    submission = InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "With a landscape annex.", 2: "x"},
        moderator=moderator,
        accepted=True,
    )
    writer = PdfWriter()
    writer.add_blank_page(width=842, height=595)
    writer.add_blank_page(width=612, height=792).rotate(90)
    annex = io.BytesIO()
    writer.write(annex)
    attach(submission, "landscape.pdf", annex.getvalue())

    reader, _log = compiled(consultation, tmp_path)

    total = len(reader.pages)
    for number in (total - 1, total):
        page = reader.pages[number - 1]
        assert page.extract_text().strip() == f"{number} / {total}"
    # On the rotated page the number is drawn turned with it, so it reads upright at the foot of the visible page.
    content = reader.pages[total - 1].get_contents().get_data().decode("latin-1")
    assert "0 1 -1 0 612.00 0.00 cm" in content


def test_it_cuts_one_input_out_of_its_batch_for_its_own_pdf(consultation, three_inputs, tmp_path):
    compiled(consultation, tmp_path)  # renders the three inputs as one batch
    path = jobs.single_input_pdf(three_inputs[1], edition="complete", cache_dir=tmp_path / "parts")
    text = flat(" ".join(page_texts(PdfReader(path))))
    assert flat("Government view.") in text
    assert flat("Civil society view.") not in text and flat("Business view.") not in text


def test_it_cuts_a_category_with_many_answers_into_several_parts(consultation, three_inputs, moderator):
    for i in range(3):
        InputFactory(
            consultation=consultation,
            organisation=organisation(f"Government of country {i}", "government", ["KEN", "PER", "FJI"][i]),
            answers={1: "Elaborate " * 45, 2: "x"},
            moderator=moderator,
            accepted=True,
        )
    docs = documents.input_docs(consultation, edition="complete")
    parts = documents.by_question(documents.questions_of(consultation)[:1], docs, characters=1400)
    governments = [part for part in parts if part.category == "Government"]
    assert [len(part.answers) for part in governments] == [2, 2] and [p.sequel for p in governments] == [0, 1]
    assert [part.opens for part in parts] == [True] + [False] * (len(parts) - 1)
    assert len({part.pk for part in parts}) == len(parts)
    assert flat("Government (continued)") in flat(PdfReader(io.BytesIO(render.render_html(render.part_html(KIND,
        governments[1], "Questionnaire")))).pages[0].extract_text())  # fmt: skip


def test_it_keeps_names_not_answers_while_collecting_the_parts(consultation, tmp_path, settings):
    settings.COMPILATION_BATCH_PARTS = 2
    inputs_in_bulk(consultation, 5, state="accepted")
    spec = Spec(consultation, arrangement="by-respondent", edition="complete")
    collected = collection.collect(spec, cache_dir=tmp_path)
    # Five missing parts are more than one batch: only their ids and weights are kept, for the workers.
    assert collected.missing == [] and len(collected.overflow) == 5
    assert [len(batch) for batch in collected.batches()] == [2, 2, 1]
    assert all(doc.answers == [] and doc.reference for doc in collected.docs)

    collection.render_missing(collected, spec, cache_dir=tmp_path)
    assert all(part is not None for part in collected.parts)
    again = collection.collect(spec, cache_dir=tmp_path)
    assert again.missing == again.overflow == [] and [p.key for p in again.parts] == [p.key for p in collected.parts]


def placed_text(page) -> list[tuple[float, str]]:
    """(x, text) of each run of text drawn on a page, where it starts."""
    runs = []

    def seen(text, cm, tm, _font, _size):
        if text.strip():
            runs.append((cm[4] + tm[4] * cm[0], text))

    page.extract_text(visitor_text=seen)
    return runs


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_contents_keep_each_name_with_its_reference_in_either_direction(
    consultation, moderator, tmp_path, language
):
    """An Arabic name in the English edition and a Latin name in the Arabic one: the name is isolated in its own
    direction and its reference follows it as the document reads (to its right in English, to its left in Arabic),
    and the row starts on the side its group's heading does."""
    names = {"ar": "الجمعية المصرية للإنترنت", "en": "Kenya ICT Action Network"}
    for name, iso in [(names["ar"], "EGY"), (names["en"], "KEN")]:
        InputFactory(consultation=consultation, organisation=organisation(name, "civil-society", iso),
                     answers={1: "A view", 2: "Roles"}, moderator=moderator, accepted=True)  # fmt: skip
    reader, _log = compiled(consultation, tmp_path, language=language)
    heading = {"en": "Contents", "ar": "المحتويات"}[language]
    page = next(page for page in reader.pages if heading in page.extract_text() and "WGEC-" in page.extract_text())
    runs = placed_text(page)

    def x_of(text):
        return next(x for x, run in runs if run.startswith(text))

    other = names["ar" if language == "en" else "en"]  # the name written in the other direction
    reference = next(x for x, run in runs if run.startswith("WGEC-") and abs(x - x_of(other)) > 1)
    if language == "en":
        assert x_of(names["ar"]) == pytest.approx(x_of(names["en"]), abs=1)  # both start at the left margin's indent
        assert reference > x_of(names["ar"])
    else:
        assert x_of(names["en"]) > page.mediabox.width / 2  # on the right, with its group
        assert reference < x_of(names["en"])


def fonts_of(reader) -> set[str]:
    """The base names of the fonts the pages use (without their subset prefix)."""
    names = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


@pytest.mark.parametrize("language", ["ar", "zh-hans", "en"])
def test_each_script_is_drawn_in_its_noto_font_whatever_the_document_language(
    consultation, moderator, tmp_path, language
):
    """Chinese (its text, its organisation's name, "中文" in its header) takes Noto Sans CJK SC, never the Japanese
    forms of the same collection; Arabic takes Noto Naskh Arabic, never DejaVu Sans: in an Arabic, Chinese or English
    edition (DejaVu Sans Mono draws only the digests)."""
    beijing = organisation("中国互联网协会", "civil-society", "CHN")
    cairo = organisation("الجمعية المصرية للإنترنت", "civil-society", "EGY")
    InputFactory(consultation=consultation, organisation=beijing, answers={1: CHINESE, 2: "作用"},
                 language="zh-hans", moderator=moderator, accepted=True)  # fmt: skip
    InputFactory(consultation=consultation, organisation=cairo, answers={1: ARABIC, 2: "أدوار"},
                 language="ar", moderator=moderator, accepted=True)  # fmt: skip
    reader, _log = compiled(consultation, tmp_path, language=language)
    fonts = fonts_of(reader)
    assert {"Noto-Sans-CJK-SC", "Noto-Naskh-Arabic"} <= fonts
    assert not any("CJK-JP" in name or "CJK-KR" in name or "CJK-TC" in name for name in fonts), fonts
    assert not [name for name in fonts if name.startswith("DejaVu") and name != "DejaVu-Sans-Mono"], fonts


def test_the_document_carries_its_title_language_keywords_and_dates(consultation, three_inputs, tmp_path):
    before = datetime.now(UTC).replace(microsecond=0)
    reader, _log = compiled(consultation, tmp_path, language="fr")
    info = reader.metadata
    assert info.title == consultation.translated("title", "fr")
    with translation.override("fr"):
        edition = str(Compilation.Edition.COMPLETE.label)
    assert consultation.reference in info["/Keywords"] and edition in info["/Keywords"]
    assert before <= info.creation_date.replace(tzinfo=UTC) <= datetime.now(UTC)
    assert info.modification_date == info.creation_date
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert bool(reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"])


def test_the_cover_is_a_page_of_its_own_then_the_mandate_then_who_contributed(consultation, three_inputs, tmp_path):
    reader, _log = compiled(consultation, tmp_path)
    cover, mandate, who = (flat(reader.pages[n].extract_text()) for n in range(3))
    for shown in ("Commission on Science and Technology for Development", consultation.title, consultation.reference):
        assert flat(shown) in cover
    assert flat(consultation.mandate) not in cover and flat(consultation.mandate) in mandate
    assert who.find(flat("Who contributed")) < 60 and "Mandate" not in who  # a page of its own, under the header
    assert flat("3 inputs in this compilation.") in who
