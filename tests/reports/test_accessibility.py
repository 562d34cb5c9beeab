"""Tagged documents a screen reader can read: one structure tree through the merge, each input in its language,
links and attachments described, running headers and page numbers as artifacts; checked as PDF/UA asks."""

import html
import re
import subprocess

import pikepdf
import pytest
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML

from consultations.models import Consent
from reports.compilation import accessibility, fonts, jobs, render
from tests.factories import InputFactory
from tests.reports.test_pdf import ARABIC, CHINESE, attach, organisation

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh-hans"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# An annex as a respondent's word processor might make it: two pages, a link, and tags of its own (not trusted).
ANNEX = (
    '<html lang="en"><body><h2>Annex</h2><p>See <a href="https://example.org/report">the report</a>.</p>'
    '<p style="break-before: page">Second page of the annex.</p></body></html>'
)


@pytest.fixture
def scripts(consultation, moderator):
    """Inputs in English, Arabic and Chinese: the English one with a PDF appended, the Arabic one anonymous."""
    english = InputFactory(consultation=consultation, organisation=organisation("Kenya ICT Action Network",
                           "civil-society", "KEN"), answers={1: "A view from Nairobi.", 2: "Roles."},
                           moderator=moderator, accepted=True)  # fmt: skip
    attach(english, "annex.pdf", HTML(string=ANNEX).write_pdf(pdf_tags=True))
    arabic = InputFactory(consultation=consultation, organisation=organisation("الجمعية المصرية للإنترنت",
                          "civil-society", "EGY"), answers={1: ARABIC, 2: "أدوار"}, language="ar",
                          moderator=moderator, accepted=True, consent=Consent.ANONYMOUS)  # fmt: skip
    beijing = organisation("中国互联网协会", "academic-community", "CHN")
    chinese = InputFactory(consultation=consultation, organisation=beijing, answers={1: CHINESE, 2: "作用"},
                           language="zh-hans", moderator=moderator, accepted=True)  # fmt: skip
    return {"en": english, "ar": arabic, "zh-hans": chinese}


def compile_(consultation, tmp_path, **options):
    options = {"arrangement": "by-respondent", "edition": "complete", "cache_dir": tmp_path / "parts", **options}
    output = tmp_path / f"compilation-{options['arrangement']}-{options.get('language', 'en')}.pdf"
    jobs.compile_to_file(consultation, output_path=output, **options)
    return output


def tagged(path) -> bool:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S607
    return any(line.split() == ["Tagged:", "yes"] for line in info.splitlines())


def sections(path):
    """[(language, structure type)] of the document element's children, in order."""
    found = []
    with pikepdf.open(path) as pdf:
        document = pdf.Root.StructTreeRoot.K
        for section in document.K:
            found.append((str(section.get("/Lang", "")), str(section.S)))
    return found


def figures(path):
    """The alternative texts of the document's figures."""
    alts = []
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            element = stack.pop()
            if element.get("/S") == pikepdf.Name.Figure:
                alts.append(str(element.Alt))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    stack.append(kid)
    return alts


@pytest.mark.parametrize("arrangement", ["by-respondent", "by-question"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_edition_is_tagged_and_passes_the_checks(consultation, scripts, tmp_path, language, arrangement):
    output = compile_(consultation, tmp_path, language=language, arrangement=arrangement)
    assert tagged(output)
    report = accessibility.check(output)
    assert report.problems == []
    assert report.figure_pages == 2  # the appended annex, described
    assert {"ar", "zh-Hans"} <= report.languages  # the sections in Arabic and in Chinese say so
    with pikepdf.open(output) as pdf:
        assert str(pdf.Root.Lang) == language and str(pdf.Root.StructTreeRoot.K.Lang) == language


def test_each_input_is_a_section_in_its_own_language_with_its_attachment_as_figures(consultation, scripts, tmp_path):
    output = compile_(consultation, tmp_path)
    languages = [language for language, kind in sections(output) if kind == "/Sect"]
    # The front, the contents, then one section per input in the layout's order (academic, then civil society:
    # Egypt's in Africa before Kenya's? both African; the order is the compilation's), each in its language.
    assert languages[:2] == ["en", "en"]
    assert sorted(languages[2:]) == ["ar", "en", "zh-Hans"]
    alts = figures(output)
    assert len(alts) == 2
    english = scripts["en"]
    assert all("annex.pdf" in alt and english.reference in alt and "Kenya ICT Action Network" in alt for alt in alts)
    assert sorted(alt[:11] for alt in alts) == ["Page 1 of 2", "Page 2 of 2"]
    with pikepdf.open(output) as pdf:  # the annex's own elements are not in the tree: its link is, described
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if "/A" in a]
        assert [str(link.Contents) for link in links] == ["the report"]  # as the annex describes it


def strings(path) -> str:
    """Every text string the document's objects hold, outside its pages' content: alternative texts, link
    descriptions, section titles, bookmarks, named destinations, metadata."""
    found = []
    with pikepdf.open(path) as pdf:
        stack = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary | pikepdf.Array)]
        while stack:
            obj = stack.pop()
            values = obj.values() if isinstance(obj, pikepdf.Dictionary) else obj
            for value in values:
                if isinstance(value, pikepdf.String):
                    found.append(str(value))
                elif isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
                    stack.append(value)
        found.append(pdf.open_metadata().get("dc:title", ""))
    return "\n".join(found)


def test_an_anonymous_inputs_section_and_figures_do_not_name_it(consultation, scripts, tmp_path):
    output = compile_(consultation, tmp_path, edition="public")
    everywhere = (
        strings(output)
        + subprocess.run(
            ["pdftotext", str(output), "-"],
            capture_output=True,
            text=True,
            check=True,  # noqa: S607
        ).stdout
    )
    assert "الجمعية المصرية" not in everywhere  # in no alt, description, title, bookmark, or page
    assert "Kenya ICT Action Network" in everywhere and "中国互联网协会" in everywhere  # the others are named
    assert accessibility.problems(output) == []


def test_a_secretariat_only_input_is_in_no_label_figure_link_or_bookmark_of_the_public_edition(
    consultation, scripts, moderator, tmp_path
):
    hidden = InputFactory(consultation=consultation, organisation=organisation("Quiet Delegation Network",
                          "civil-society", "FRA"), answers={1: "Not for publication.", 2: "Nor this."},
                          moderator=moderator,
                          accepted=True, consent=Consent.SECRETARIAT)  # fmt: skip
    attach(hidden, "confidential-annex.pdf", HTML(string=ANNEX).write_pdf())
    public = compile_(consultation, tmp_path, edition="public")
    everywhere = (
        strings(public)
        + subprocess.run(
            ["pdftotext", str(public), "-"],
            capture_output=True,
            text=True,
            check=True,  # noqa: S607
        ).stdout
    )
    for secret in ("Quiet Delegation Network", hidden.reference, "confidential-annex.pdf", "Not for publication"):
        assert secret not in everywhere
    assert len(figures(public)) == 2  # the English input's annex only
    assert accessibility.problems(public) == []
    complete = compile_(consultation, tmp_path, edition="complete")  # the secretariat's edition has it all
    assert "confidential-annex.pdf" in strings(complete) and len(figures(complete)) == 4


def test_tags_survive_the_cache_and_an_incremental_change(consultation, scripts, moderator, tmp_path, monkeypatch):
    compile_(consultation, tmp_path)
    again = compile_(consultation, tmp_path)  # every part from the cache
    assert accessibility.problems(again) == []
    rendered = []
    real = render.parts_html
    monkeypatch.setattr(render, "parts_html", lambda kind, docs, title: rendered.extend(docs) or real(kind, docs,
                        title))  # fmt: skip
    InputFactory(consultation=consultation, organisation=organisation("Rio Networks", "private-sector", "BRA"),
                 answers={1: "Business view.", 2: "Market roles."}, moderator=moderator, accepted=True)  # fmt: skip
    changed = compile_(consultation, tmp_path)
    assert len(rendered) == 1  # the new input's part only
    assert tagged(changed) and accessibility.problems(changed) == []
    assert len([kind for _language, kind in sections(changed) if kind == "/Sect"]) == 2 + 4


def test_contents_rows_link_to_where_each_input_starts(consultation, scripts, tmp_path):
    output = compile_(consultation, tmp_path, edition="public")
    with pikepdf.open(output) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        destinations = {str(name): pages[target[0].objgen]
                        for name, target in pikepdf.NameTree(pdf.Root.Names.Dests).items()}  # fmt: skip
        links = [(number, a) for number, page in enumerate(pdf.pages) for a in page.obj.get("/Annots", [])]
        rows = {str(a.Dest): (number, str(a.Contents)) for number, a in links if "/Dest" in a}
    assert set(rows) == {f"input-{submission.reference}" for submission in scripts.values()}
    for name, (page, _description) in rows.items():
        assert page < destinations[name]  # from the contents to the input's first page
    english, arabic = scripts["en"], scripts["ar"]
    assert rows[f"input-{english.reference}"][1] == f"Kenya ICT Action Network ({english.reference})"
    assert rows[f"input-{arabic.reference}"][1] == f"Anonymous respondent ({arabic.reference})"


def test_running_headers_and_page_numbers_are_artifacts_not_text_to_read(consultation, scripts, tmp_path):
    output = compile_(consultation, tmp_path)
    with pikepdf.open(output) as pdf:
        page = pdf.pages[-1].obj  # the last page of an input: its header and its number
        content = b"".join(stream.read_bytes() for stream in page.Contents)
    assert content.count(b"/Artifact") >= 2 and b"/Pagination" in content
    assert accessibility.problems(output) == []


def test_an_inputs_own_pdf_is_numbered_tagged_and_in_its_language(consultation, scripts, tmp_path):
    with translation.override("en"):
        path = jobs.single_input_pdf(scripts["zh-hans"], edition="public", cache_dir=tmp_path / "parts")
    assert tagged(path) and accessibility.problems(path) == []
    with pikepdf.open(path) as pdf:
        assert [str(section.get("/Lang")) for section in pdf.Root.StructTreeRoot.K.K] == ["zh-Hans"]
        assert str(pdf.docinfo.Title) == f"中国互联网协会 ({scripts['zh-hans'].reference})"
    reader = PdfReader(path)
    assert f"1 / {len(reader.pages)}" in reader.pages[0].extract_text()


# The checks themselves fail on what they are meant to catch --------------------------------------------------


def raw(html: str, tmp_path, **options):
    path = tmp_path / "raw.pdf"
    path.write_bytes(HTML(string=html).write_pdf(**options))
    return path


def test_the_checks_refuse_an_untagged_document(tmp_path):
    path = raw('<html lang="en"><body><p>Text</p></body></html>', tmp_path)
    assert "The document has no structure tree." in accessibility.problems(path)


def test_the_checks_find_running_headers_left_in_no_element(tmp_path):
    """WeasyPrint alone (without reports.compilation.tagging) leaves its margin boxes' text to elements that the
    tree does not reach: the checks say so; Concord's rendering makes them artifacts."""
    html = (
        '<html lang="en"><head><style>@page { @top-left { content: "Running header" } }</style></head>'
        "<body><h1>Title</h1><p>Text</p></body></html>"
    )
    original = render.tagging.weasyprint_tags._build_box_tree
    render.tagging.weasyprint_tags._build_box_tree = render.tagging._ORIGINAL
    try:
        path = raw(html, tmp_path, pdf_tags=True, pdf_version="1.7")
    finally:
        render.tagging.weasyprint_tags._build_box_tree = original
    assert any("does not reach" in problem for problem in accessibility.problems(path))
    ours = tmp_path / "ours.pdf"
    ours.write_bytes(render.render_html(html))
    assert not any("does not reach" in problem for problem in accessibility.problems(ours))


def test_the_checks_find_a_skipped_heading_level_and_an_undescribed_figure(tmp_path):
    html = '<html lang="en"><body><h1>One</h1><h3>Three</h3><img src="data:image/png;base64,{}"></body></html>'
    pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    path = tmp_path / "headings.pdf"
    path.write_bytes(render.render_html(html.format(pixel)))
    found = accessibility.problems(path)
    assert "A heading H3 follows H1: a level is skipped." in found
    assert any(problem.startswith("Figure") and "no alternative text" in problem for problem in found)


def test_each_appended_attachment_follows_a_page_that_labels_it(consultation, scripts, tmp_path):
    output = compile_(consultation, tmp_path)
    reader = PdfReader(output)
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    first = next(n for n, text in enumerate(texts) if "See the report." in text)
    label, english = texts[first - 1], scripts["en"]
    assert "ATTACHMENT" in label.upper() and "annex.pdf" in label
    assert f"Kenya ICT Action Network ({english.reference})" in label
    assert "The 2 pages that follow are the file as it was sent" in label
    assert "Second page of the annex." in texts[first + 1]
    marks = {item.title: reader.get_destination_page_number(item) for item in flatten(reader.outline)}
    assert marks["annex.pdf"] == first - 1  # the bookmark opens on the label


def flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


def test_a_label_is_rendered_once_and_found_in_the_cache_after(consultation, scripts, tmp_path, monkeypatch):
    compile_(consultation, tmp_path)
    rendered = []
    real = render.parts_html
    monkeypatch.setattr(render, "parts_html", lambda kind, docs, title: rendered.extend(docs) or real(kind, docs,
                        title))  # fmt: skip
    compile_(consultation, tmp_path, language="en")
    assert rendered == []


def test_untagged_documents_can_be_made_to_measure_what_tagging_costs(consultation, scripts, tmp_path, settings):
    tagged_output = compile_(consultation, tmp_path)
    settings.COMPILATION_PDF_TAGS = False
    plain = tmp_path / "plain.pdf"
    jobs.compile_to_file(consultation, output_path=plain, arrangement="by-respondent", edition="complete",
                         cache_dir=tmp_path / "parts")  # fmt: skip
    assert tagged(tagged_output) and not tagged(plain)
    assert len(PdfReader(plain).pages) == len(PdfReader(tagged_output).pages)


# Fonts: every character in the documents' own fonts, or said ---------------------------------------------------

# Held out: texts the templates were not tuned on (the Universal Declaration's first article, with each script's
# punctuation, digits and signs), one input per language.
HELD_OUT = {
    "en": "All human beings are born free and equal in dignity and rights — “Article 1”, 1948, € 5 ‰ № 217.",
    "fr": "Tous les êtres humains naissent libres et égaux en dignité et en droits : « fraternité », œuvre n° 1.",
    "es": "Todos los seres humanos nacen libres e iguales en dignidad y derechos; ¿razón y conciencia? ¡Sí!",
    "ru": "Все люди рождаются свободными и равными в своем достоинстве и правах — «дух братства», № 1, ёлка.",
    "ar": "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق، وقد وُهبوا عقلًا وضميرًا؛ المادة ١ (١٩٤٨) «الإخاء»؟",
    "zh-hans": "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，"
    "并应以兄弟关系的精神相对待——《世界人权宣言》第1条、1948年。",
}


def test_the_held_out_six_language_sample_draws_every_character_in_the_documents_own_fonts(
    consultation, moderator, tmp_path
):
    for number, (language, text) in enumerate(HELD_OUT.items()):
        InputFactory(consultation=consultation, organisation=organisation(f"Sample {number}", "civil-society",
                     "KEN"), answers={1: text, 2: text}, language=language, moderator=moderator,
                     accepted=True)  # fmt: skip
    for language in LANGUAGES:
        output = tmp_path / f"sample-{language}.pdf"
        _pages, _digest, log = jobs.compile_to_file(consultation, output_path=output, arrangement="by-respondent",
                                                    edition="complete", cache_dir=tmp_path / "parts",
                                                    language=language)  # fmt: skip
        assert not [line for line in log if "outside the document's own" in line]
        with pikepdf.open(output) as pdf:
            used = {str(f.get("/BaseFont")) for page in pdf.pages
                    for f in page.obj.Resources.get("/Font", {}).values()}  # fmt: skip
        assert [font for font in used if not fonts.own_font(font)] == []


def test_a_character_drawn_in_a_fallback_font_is_named_in_the_log(consultation, moderator, tmp_path):
    georgian = InputFactory(consultation=consultation, organisation=organisation("Tbilisi Forum", "civil-society",
                            "GEO"), answers={1: "Internet governance: ინტერნეტი", 2: "Roles."}, moderator=moderator,
                            accepted=True)  # fmt: skip
    _pages, _digest, log = jobs.compile_to_file(consultation, output_path=tmp_path / "c.pdf", cache_dir=tmp_path,
                                                arrangement="by-respondent", edition="complete")  # fmt: skip
    [line] = [line for line in log if "outside the document's own" in line]
    assert line.startswith(f"{georgian.reference}: ") and "(DejaVu-Sans)" in line  # fontconfig's choice
    assert set("ინტერნეტი") <= set(line.split(": ")[-1])
    _pages, _digest, again = jobs.compile_to_file(consultation, output_path=tmp_path / "d.pdf", cache_dir=tmp_path,
                                                  arrangement="by-respondent", edition="complete")  # fmt: skip
    assert line in again  # from the cache too


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_running_header_keeps_a_name_in_its_own_direction(consultation, moderator, tmp_path, language):
    """An Arabic name ending in a Latin acronym, in the running header of an English or an Arabic edition: the
    acronym stays at the name's end as Arabic reads (to its left), whatever the header line's direction."""
    name = "الجمعية المصرية للإنترنت (EIDR)"
    consultation.questions.update(word_limit=2000)
    InputFactory(consultation=consultation, organisation=organisation(name, "civil-society", "EGY"),
                 answers={1: "\n\n".join([ARABIC] * 40), 2: "أدوار"}, language="ar", moderator=moderator,
                 accepted=True)  # fmt: skip
    output = compile_(consultation, tmp_path, language=language)
    reader = PdfReader(output)
    number = next(n for n, page in enumerate(reader.pages) if n > 3 and "EIDR" in page.extract_text()
                  and "WGEC-" not in page.extract_text()) + 1  # fmt: skip
    words = words_at_top(output, number)
    acronym = next(x for x, word in words if "EIDR" in word)
    arabic = [x for x, word in words if {word, word[::-1]} & {"الجمعية", "المصرية", "للإنترنت"}]  # in drawn order
    assert len(arabic) == 3 and acronym < min(arabic)


def words_at_top(path, number):
    """[(x, word)] of the words pdftotext finds in the top 20 mm of page `number` (1-based): the running header."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(path), "-"],  # noqa: S607
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', xml)
    return [(float(x), html.unescape(word)) for x, y, word in found if float(y) < 57]
