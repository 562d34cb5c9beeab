"""The merge streams pages from any PDF into the compilation: what a page inherits, repeats and links survive."""

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from pypdf import PdfReader

from reports.compilation import merge
from reports.compilation.render import PartPdf
from tests.files import pdf_bytes


def text_page(document: pikepdf.Pdf, text: str, **entries) -> pikepdf.Dictionary:
    content = document.make_stream(f"BT /F1 12 Tf 20 200 Td ({text}) Tj ET".encode())
    return document.make_indirect(Dictionary(Type=Name.Page, Contents=content, **entries))


def helvetica(document):
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    return Dictionary(Font=Dictionary(F1=document.make_indirect(font)))


def page_of(document, text):
    """A page that sets its own box and resources, as most PDFs' pages do."""
    return text_page(document, text, MediaBox=Array([0, 0, 595, 842]), Resources=helvetica(document))


def save(document: pikepdf.Pdf, path):
    document.save(path)
    return str(path)


def merged(tmp_path, parts, bookmarks=()):
    output = tmp_path / "merged.pdf"
    result = merge.merge_to_file(
        pdf_bytes(), parts, title="Compilation", subject="Test", language="en", bookmarks=bookmarks, output_path=output
    )
    return result, output


def test_a_page_keeps_the_box_rotation_and_fonts_it_inherits_from_its_page_tree(tmp_path):
    document = pikepdf.new()
    page = text_page(document, "Inherited text")
    tree = document.Root.Pages
    tree.Kids = Array([page])
    tree.Count = 1
    tree.MediaBox = Array([0, 0, 300, 400])
    tree.Rotate = 90
    tree.Resources = helvetica(document)
    page.Parent = tree
    path = save(document, tmp_path / "inheriting.pdf")

    result, output = merged(tmp_path, [PartPdf(path, 1, "k")])

    reader = PdfReader(output)
    assert result.pages == len(reader.pages) == 2
    copied = reader.pages[1]
    assert [float(v) for v in copied.mediabox] == [0, 0, 300, 400]
    assert copied.rotation == 90
    assert "Inherited text" in copied.extract_text()
    assert copied.extract_text().rstrip().endswith("2 / 2")


def test_the_same_file_appended_twice_gives_each_copy_pages_of_its_own(tmp_path):
    document = pikepdf.new()
    for text in ("Annex page one", "Annex page two"):
        document.pages.append(pikepdf.Page(page_of(document, text)))
    path = save(document, tmp_path / "annex.pdf")

    result, output = merged(tmp_path, [PartPdf(path, 2, "a"), PartPdf(path, 2, "b")])

    reader = PdfReader(output)
    texts = [page.extract_text() for page in reader.pages]
    assert result.pages == 5
    assert ["Annex page one" in t for t in texts] == [False, True, False, True, False]
    assert [t.rstrip().endswith(f"{n} / 5") for n, t in enumerate(texts, 1)] == [True] * 5
    assert len({page.indirect_reference.idnum for page in reader.pages}) == 5


def test_a_link_to_a_page_left_out_leads_nowhere_and_one_to_a_page_kept_follows_it(tmp_path):
    document = pikepdf.new()
    for text in ("First", "Second", "Third"):
        document.pages.append(pikepdf.Page(page_of(document, text)))
    first, second, third = (page.obj for page in document.pages)
    links = [
        Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 10, 10]), Dest=Array([target, Name.Fit]))
        for target in (second, third)
    ]
    first.Annots = Array([document.make_indirect(link) for link in links])
    path = save(document, tmp_path / "linked.pdf")

    _result, output = merged(tmp_path, [PartPdf(path, 1, "one", first=0), PartPdf(path, 1, "three", first=2)])

    with pikepdf.open(output) as compiled:
        assert compiled.check_pdf_syntax() == []
        annotations = compiled.pages[1].Annots
        assert annotations[0].Dest[0] is None  # the second page is not in the compilation
        assert annotations[1].Dest[0].objgen == compiled.pages[2].obj.objgen


def test_the_file_is_well_formed_and_the_same_bytes_each_time(tmp_path):
    document = pikepdf.new()
    document.pages.append(pikepdf.Page(page_of(document, "Réponse")))
    path = save(document, tmp_path / "one.pdf")
    marks = [merge.Bookmark("Société civile", 1, [merge.Bookmark("Тест — 测试", 1)])]

    _result, output = merged(tmp_path, [PartPdf(path, 1, "k")], bookmarks=marks)
    first = output.read_bytes()
    _result, output = merged(tmp_path, [PartPdf(path, 1, "k")], bookmarks=marks)

    assert output.read_bytes() == first
    with pikepdf.open(output, attempt_recovery=False) as compiled:
        assert compiled.check_pdf_syntax() == []
        assert str(compiled.docinfo.Title) == "Compilation"
        assert [item.title for item in compiled.open_outline().root] == ["Société civile"]
        assert compiled.open_outline().root[0].children[0].title == "Тест — 测试"


def test_a_part_that_claims_pages_its_file_lacks_is_refused(tmp_path):
    path = tmp_path / "short.pdf"
    path.write_bytes(pdf_bytes(2))
    with pytest.raises(ValueError, match="has no pages 2 to 4"):
        merged(tmp_path, [PartPdf(str(path), 3, "k" * 12, first=1)])
