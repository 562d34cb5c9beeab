"""Checking a document is accessible, as a PDF/UA validator would, without one.

No PDF/UA validator is packaged for these machines, so the conditions of the Matterhorn protocol that a program
can decide, and that apply to what Concord writes, are checked here (the protocol's checkpoint in brackets):

- the catalog: marked, a structure tree, a language, the title shown in the reader's window (07-001), a title and
  the PDF/UA identification in the XMP metadata (06-002, 06-003);
- every page's content is marked content of an element, or an artifact (01-005), and every page is reached by the
  structure tree;
- the parent tree: every marked-content identifier and every annotation's key resolves to an element the tree
  reaches, and that element claims it; every element names the one above it as its parent;
- headings do not skip a level (14-003); every figure has alternative text (13-004); every language is valid;
- every link annotation is in a Link element and has a description (/Contents); a page with annotations orders
  them by the structure (/Tabs /S);
- every font is embedded and maps its glyphs to Unicode; the pages of an appended attachment (a figure: the
  respondent's file as sent, its own tags not trusted) are counted and left out of the font check.

`problems(path)` lists what fails, in words a developer can act on; an empty list is a pass.
"""

import re
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

PAINTING = frozenset(
    {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "BI", "INLINE IMAGE"}
)
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
HEADING = re.compile(r"^/H([1-6])$")


@dataclass
class Report:
    problems: list = field(default_factory=list)
    elements: int = 0
    pages: int = 0
    figure_pages: int = 0  # pages of appended attachments
    languages: set = field(default_factory=set)  # the /Lang of the document's sections

    def fail(self, message: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(message)


def problems(path) -> list[str]:
    return check(path).problems


def check(path) -> Report:
    report = Report()
    with pikepdf.open(path) as pdf:
        _catalog(pdf, report)
        tree = pdf.Root.get("/StructTreeRoot")
        if not isinstance(tree, Dictionary):
            report.fail("The document has no structure tree.")
            return report
        claims, links, figures = _walk(pdf, tree, report)
        parent_tree = pikepdf.NumberTree(tree.ParentTree) if "/ParentTree" in tree else None
        if parent_tree is None:
            report.fail("The structure tree has no parent tree.")
            return report
        next_key = int(tree.get("/ParentTreeNextKey", 0))
        for key, _value in parent_tree.items():
            if key >= next_key:
                report.fail(f"Parent tree key {key} is not below /ParentTreeNextKey {next_key}.")
                break
        for number, page in enumerate(pdf.pages, start=1):
            report.pages += 1
            _page(number, page.obj, parent_tree, claims, links, figures, report)
        _fonts(pdf, figures, report)
    return report


def _catalog(pdf, report: Report) -> None:
    root = pdf.Root
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        report.fail("The catalog does not say the document is marked (/MarkInfo /Marked true).")
    if not _language(root.get("/Lang")):
        report.fail("The document has no valid /Lang.")
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        report.fail("The reader's window is not asked to show the title (/DisplayDocTitle).")
    title = pdf.docinfo.get("/Title") if pdf.docinfo is not None else None
    if not str(title or "").strip():
        report.fail("The document has no title.")
    with pdf.open_metadata() as meta:
        if not str(meta.get("dc:title", "")).strip():
            report.fail("The metadata has no dc:title.")
        if str(meta.get("pdfuaid:part", "")) != "1":
            report.fail("The metadata does not identify the document as PDF/UA-1.")


def _language(value) -> bool:
    return isinstance(value, pikepdf.String) and bool(LANGUAGE.match(str(value)))


def _walk(pdf, tree, report: Report):
    """Every element the tree reaches, depth first in order: what each claims of the pages ({(page, mcid): element})
    and of the annotations ({annotation: element}), the figures' pages; checks parents, headings, figures."""
    claims, links, figures = {}, {}, set()
    last_heading = 0
    stack = [(kid, tree) for kid in reversed(_kids(tree))]
    seen = set()
    while stack:
        element, parent = stack.pop()
        if not isinstance(element, Dictionary) or not element.is_indirect:
            report.fail("The structure tree holds a direct object where an element should be.")
            continue
        if element.objgen in seen:
            report.fail(f"Element {element.objgen} is reached twice.")
            continue
        seen.add(element.objgen)
        report.elements += 1
        kind = str(element.get("/S", ""))
        if element.get("/P") is None or element.P.objgen != parent.objgen:
            report.fail(f"Element {kind} {element.objgen} does not name the element above it as its parent.")
        if "/Lang" in element:
            if not _language(element.Lang):
                report.fail(f"Element {kind} {element.objgen} has an invalid /Lang {element.Lang!r}.")
            elif kind == "/Sect":
                report.languages.add(str(element.Lang))
        heading = HEADING.match(kind)
        if heading:
            level = int(heading.group(1))
            if level > last_heading + 1:
                report.fail(f"A heading H{level} follows H{last_heading}: a level is skipped.")
            last_heading = level
        if kind == "/Figure" and not str(element.get("/Alt", "")).strip():
            report.fail(f"Figure {element.objgen} has no alternative text.")
        page = element.get("/Pg")
        children = []
        for kid in _kids(element):
            if isinstance(kid, int) or (
                isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer
            ):
                if page is None:
                    report.fail(f"Element {kind} {element.objgen} marks content without a page.")
                else:
                    claims[(page.objgen, int(kid))] = element
                    if kind == "/Figure":
                        figures.add(page.objgen)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                on = kid.get("/Pg", page)
                claims[(on.objgen, int(kid.MCID))] = element
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                links[kid.Obj.objgen] = element
                if kind != "/Link" and kid.Obj.get("/Subtype") == Name.Link:
                    report.fail(f"A link annotation's element is {kind}, not Link.")
            else:
                children.append(kid)
        stack.extend((kid, element) for kid in reversed(children))
    return claims, links, figures


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _page(number, page, parent_tree, claims, links, figures, report: Report) -> None:
    key = page.get("/StructParents")
    entry = parent_tree.get(int(key)) if key is not None else None
    figure = page.objgen in figures
    report.figure_pages += figure
    # The content: nothing painted outside marked content of an element or an artifact.
    stack, unmarked, mcids = [], 0, []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BMC", "BDC"):
            tag = str(operands[0])
            mcid = None
            if op == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
                mcid = int(operands[1].MCID)
            artifact = tag == "/Artifact" or any(kind == "artifact" for kind, _m in stack)
            outer = not any(m is not None for _kind, m in stack)
            if mcid is not None and outer and not artifact:
                mcids.append(mcid)
            stack.append(("artifact" if tag == "/Artifact" else "tag", mcid))
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in PAINTING and not any(kind == "artifact" or m is not None for kind, m in stack):
            unmarked += 1
    if unmarked:
        report.fail(f"Page {number}: {unmarked} painting operations are neither tagged nor artifacts.")
    if mcids and entry is None:
        report.fail(f"Page {number} has marked content but no entry in the parent tree.")
    for mcid in mcids:
        element = None
        if isinstance(entry, Array) and mcid < len(entry):
            element = entry[mcid]
        if not isinstance(element, Dictionary):
            report.fail(f"Page {number}: marked content {mcid} has no element in the parent tree.")
        elif claims.get((page.objgen, mcid)) is None or claims[(page.objgen, mcid)].objgen != element.objgen:
            report.fail(
                f"Page {number}: marked content {mcid} belongs to an element the structure tree does not reach."
            )
    if not mcids and any(True for _ in _painted(page)):
        report.fail(f"Page {number} is not reached by the structure tree.")
    annotations = [a for a in page.get("/Annots", []) if isinstance(a, Dictionary)]
    if annotations and page.get("/Tabs") != Name.S:
        report.fail(f"Page {number} has annotations but does not order them by the structure (/Tabs /S).")
    for annotation in annotations:
        if annotation.get("/Subtype") != Name.Link:
            continue
        element = links.get(annotation.objgen)
        if element is None:
            report.fail(f"Page {number}: a link is in no Link element of the structure tree.")
            continue
        own = annotation.get("/StructParent")
        if own is None or parent_tree.get(int(own)) is None or parent_tree.get(int(own)).objgen != element.objgen:
            report.fail(f"Page {number}: a link's /StructParent does not lead to its Link element.")
        if not str(annotation.get("/Contents", "")).strip():
            report.fail(f"Page {number}: a link has no description (/Contents).")


def _painted(page):
    for _operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) in PAINTING:
            yield operator


def _fonts(pdf, figures, report: Report) -> None:
    checked = set()
    for number, page in enumerate(pdf.pages, start=1):
        if page.obj.objgen in figures:
            continue
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for resource, font in fonts.items():
            if not isinstance(font, Dictionary) or font.objgen in checked:
                continue
            checked.add(font.objgen)
            subtype = font.get("/Subtype")
            if subtype == Name.Type3:
                continue
            described = font.DescendantFonts[0] if subtype == Name.Type0 else font
            descriptor = described.get("/FontDescriptor", {})
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                report.fail(f"Page {number}: font {resource} ({font.get('/BaseFont')}) is not embedded.")
            if "/ToUnicode" not in font:
                report.fail(f"Page {number}: font {resource} ({font.get('/BaseFont')}) has no ToUnicode map.")
