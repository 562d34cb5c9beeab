"""What WeasyPrint's PDF tags lack, added while it builds them: languages, link descriptions, running headers.

WeasyPrint 70 tags a document (`pdf_tags=True`): a structure element per HTML element and page, marked content
for every text run. Three things a screen reader needs are missing, and are added here by wrapping the function
that builds the structure tree (weasyprint.pdf.tags._build_box_tree), once per process (`install`):

- an element whose HTML element has a `lang` attribute gets `/Lang`, so a reader switches voice for an input in
  Arabic after one in Chinese (WeasyPrint puts the language on the document only);
- a link's annotation is described (`/Contents`, which PDF/UA asks of every link) by its title or its text, not
  by its target;
- the page's margin boxes (the running header: the document's title, the respondent's name) become pagination
  artifacts, as a reader should skip them on every page; WeasyPrint leaves them as marked content of elements no
  part of the tree reaches;
- an element holds its lines of text as marked content itself, not through a Span per line (`_hold_text`): the
  same reading, and far fewer elements for the merge to copy.

The rest of the tagging is WeasyPrint's; reports.compilation.merge keeps the tags through the merge, and
reports.compilation.accessibility checks the result.
"""

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as weasyprint_tags

_ORIGINAL = weasyprint_tags._build_box_tree
DESCRIPTION_LIMIT = 500  # characters of a link's text kept as its description


def install() -> None:
    """Wrap WeasyPrint's tree builder (once)."""
    if weasyprint_tags._build_box_tree is not _build_box_tree:
        weasyprint_tags._build_box_tree = _build_box_tree


def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
    real = box._box if isinstance(box, AbsolutePlaceholder) else box
    if isinstance(real, boxes.MarginBox):
        yield from _margin(box, parent, pdf, page_number, nums, annotations, tags)
        return
    element = getattr(real, "element", None)
    language = element.get("lang") if element is not None and hasattr(element, "get") else None
    link = getattr(real, "link_annotation", None)
    for built in _ORIGINAL(box, parent, pdf, page_number, nums, annotations, tags):
        if language and "Lang" not in built:
            built["Lang"] = pydyf.String(language)
        _hold_text(built, pdf, nums)
        yield built
    if link is not None and element is not None:  # WeasyPrint describes a link by its target: say what it shows
        text = element.get("title") or " ".join("".join(element.itertext()).split())
        if text:
            link["Contents"] = pydyf.String(text[:DESCRIPTION_LIMIT])


SPAN_KEYS = frozenset({"Type", "S", "K", "Pg", "P"})


def _hold_text(element, pdf, nums) -> None:
    """An element holds its lines of text itself: WeasyPrint gives each line a Span of its own, with nothing to say
    but its marked content; the element takes that content (as a paragraph of a word processor's PDF does), and
    the document has a fifth of the elements to copy and to read."""
    kids = element.get("K")
    if not kids:
        return
    held = pydyf.Array()
    for kid in kids:
        if isinstance(kid, bytes | str):
            span = pdf.objects[_number(kid)]
            if (isinstance(span, dict) and set(span) == SPAN_KEYS and span["S"] == "/Span"
                    and span["Pg"] == element.get("Pg") and len(span["K"]) == 1
                    and isinstance(span["K"][0], int)):  # fmt: skip
                mcids = span["K"]
                held.append(mcids[0])
                nums[mcids[0]] = element.reference
                span.clear()  # no longer in the tree: written as an empty dictionary, read by no one
                continue
        held.append(kid)
    element["K"] = held


def _margin(box, parent, pdf, page_number, nums, annotations, tags):
    """A margin box: its text drawn as a pagination artifact, in no element of the tree."""
    before = set(nums)
    yield from _ORIGINAL(box, parent, pdf, page_number, nums, annotations, tags)  # yields nothing: consumes tags
    margin = set(nums) - before
    if not margin:
        return
    for mcid in margin:
        nums[mcid] = "null"  # the page's array keeps its places: MCID n is its n-th entry
    page = pdf.objects[_number(pdf.page_references[page_number])]
    operations = pdf.objects[_number(page["Contents"])].stream
    for index, item in enumerate(operations):
        if isinstance(item, pydyf.Dictionary) and item.get("MCID") in margin and index:
            operations[index - 1] = "/Artifact"
            operations[index] = pydyf.Dictionary({"Type": "/Pagination"})


def _number(reference) -> int:
    """The object number of a pydyf reference ("12 0 R", as bytes or text)."""
    if isinstance(reference, bytes):
        reference = reference.decode()
    return int(reference.split()[0])
