"""The "Report to the Commission": a kind of document of the engine (reports.compilation.kinds), made from any draft
of a working group's report, published or being edited.

After its cover (the Commission, the group, the report's title and symbol, the draft, the date), the report gives
the group's composition (its confirmed members by regional group and stakeholder category), its method (the
consultation in figures: the inputs by category, regional group and development status, and the issues the inputs
raise most once the register is published), then the draft's sections with their numbered paragraphs, brackets and
alternatives printed as written, each paragraph in the document's language where a translation is given (else as
written, in its own language). If the Chair chooses, an annex lists the paragraphs without consensus with the
positions on them. Each of these is a part, rendered once and cached by what it shows (a long section is cut into
parts of about a dozen paragraphs): one paragraph changed renders its part again, not the report.

The report is a public document: its figures count the inputs as the public edition does (an input sent for the
secretariat only is not counted; one published without its name counts by its category and regional group only;
documents.summary decides), and it shows no comment, only the positions the Chair's annex records.
"""

import hashlib
import json
import zlib
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import roles as account_roles
from accounts.models import RegionalGroup
from groups import queries
from groups.models import Draft, Kind, Position, Report, Status
from groups.roles import VIEW_REPORT
from reports.compilation import documents, files, jobs, kinds, render
from reports.compilation.documents import LANGUAGE, PUBLIC
from reports.compilation.inputs import html_lang
from reports.compilation.layout import Layout, TocEntry, shortened
from reports.compilation.merge import Bookmark
from reports.models import Compilation, Member
from review import register

KIND_NAME = "report"
WITHOUT_CONSENSUS = (Status.BRACKETED, Status.NO_CONSENSUS)
CHUNK = 12  # paragraphs in a part of the text, about (a page and a half)
MINIMUM_CHUNK = 4  # blocks a part holds before it may be cut


@dataclass(frozen=True)
class ReportSpec:
    """One report document: a draft of a report, whether it has the annex, and the language of its own text. The
    engine's rows belong to a consultation: the working group's."""

    consultation: Any
    report_id: int
    draft: int
    annex: bool = False
    language: str = LANGUAGE
    edition: str = PUBLIC
    kind: ClassVar[str] = KIND_NAME


class ReportPart(kinds.DataPart):
    """One part of the report as plain data (reports.compilation.kinds.DataPart)."""

    PREFIX = "report-"


@dataclass(frozen=True)
class Front:
    title: str
    symbol: str
    group: str
    mandate: str
    draft: int
    published_at: Any  # None: the draft being edited
    final: bool
    annex: bool


def spec_for(report: Report, draft_number: int, *, annex=False, language=LANGUAGE) -> ReportSpec:
    """The spec of a draft's report document (published, or the one being edited, which the cover says); a
    ValidationError if there is no such draft or the group has no consultation to count inputs of."""
    if not Draft.objects.filter(report=report, number=draft_number).exists():
        raise ValidationError(_("This report has no draft %(number)s.") % {"number": draft_number})
    consultation = report.working_group.consultation
    if consultation is None:
        raise ValidationError(_("The working group has no consultation: give it one to compile its report."))
    return ReportSpec(consultation, report.pk, draft_number, annex, language)


def _draft(spec: ReportSpec) -> Draft:
    return Draft.objects.select_related("report__working_group").get(report_id=spec.report_id, number=spec.draft)


# Reading the parts ----------------------------------------------------------------------------------------------


def composition_part(draft: Draft) -> ReportPart:
    """The group's confirmed members: governments by regional group, the other stakeholders by category."""
    members = Member.objects.filter(working_group_id=draft.report.working_group_id).select_related(
        "nomination__organisation__category", "nomination__organisation__country"
    )
    governments, others = {}, {}
    for member in members:
        organisation = member.nomination.organisation
        row = [member.nomination.name, organisation.name, organisation.country.localized_name()]
        if organisation.category.is_government:
            governments.setdefault(organisation.country.regional_group or "", []).append(row)
        else:
            others.setdefault(str(organisation.category), []).append(row)
    groups = [[str(RegionalGroup(key).label) if key else "", sorted(rows)] for key, rows in sorted(governments.items())]
    categories = [[label, sorted(rows)] for label, rows in sorted(others.items())]
    data = {"governments": groups, "stakeholders": categories, "count": len(members)}
    return ReportPart("composition", "composition", _("Composition of the working group"), data)


def method_part(spec: ReportSpec) -> ReportPart:
    """The consultation in figures, as the public edition counts it, and the issues raised most."""
    who = documents.summary(spec.consultation, edition=PUBLIC)
    data = {
        "consultation": spec.consultation.translated("title"),
        "reference": spec.consultation.reference,
        "inputs": who.total,
        "tables": [[heading, [list(row) for row in rows]] for heading, rows in who.tables],
        "issues": _issues(spec.consultation),
    }
    return ReportPart("method", "method", _("Method"), data)


def _issues(consultation) -> list[list]:
    """The ten issues the most inputs raise, once the secretariat has published the register: [[name, inputs]]."""
    found = register.register_of(consultation, PUBLIC)
    if not found.publication:
        return []
    rows = [(row.inputs, row.code.translated("name")) for cluster in found.clusters for row in cluster.issues]
    return [[name, inputs] for inputs, name in sorted(rows, key=lambda item: (-item[0], item[1]))[:10] if inputs]


def section_parts(draft: Draft, language: str) -> list[ReportPart]:
    """The draft's text: a part per top-level section (the paragraphs before the first section make one too), with
    its subsections' headings and its numbered paragraphs; deleted paragraphs are left out. A long section is cut
    into several parts, about CHUNK paragraphs each, before paragraphs picked by a checksum of their identity: the
    cuts fall in the same places whatever else changes, so one paragraph changed renders one part again."""
    parts, current, top = [], None, None
    for section, versions in queries.ordered(draft):
        if section is None or section.parent_id is None:
            top = (section.key if section is not None else 0,
                   section.heading if section is not None else _("Opening paragraphs"))  # fmt: skip
            current = _text_part(top, language)
            parts.append(current)
        else:
            current.data["blocks"].append(["heading", section.depth, section.heading])
        for version in versions:
            if version.status == Status.DELETED:
                continue
            if len(current.data["blocks"]) >= MINIMUM_CHUNK and _cut_before(version.paragraph_id):
                current = _text_part(top, language, after=version.paragraph_id)
                parts.append(current)
            translated = version.translations.get(language, "") if version.translations else ""
            text, lang = (translated, language) if translated.strip() else (version.text, version.language)
            current.data["blocks"].append(
                ["paragraph", version.number, str(Kind(version.kind).label), str(Status(version.status).label),
                 text, html_lang(lang), version.kind == Kind.RECOMMENDATION]
            )  # fmt: skip
    return parts


def _text_part(top: tuple[int, str], language: str, *, after: int | None = None) -> ReportPart:
    """A part of the text of the top-level section `top` (key, heading): its first, or one that continues it from
    the paragraph `after`."""
    key, heading = top
    pk = f"section:{key}" if after is None else f"section:{key}:{after}"
    data = {"blocks": [], "language": html_lang(language), "continued": after is not None}
    return ReportPart(pk, "text", heading, data)


def _cut_before(paragraph_id: int) -> bool:
    return zlib.crc32(str(paragraph_id).encode()) % CHUNK == 0


def annex_parts(draft: Draft) -> list[ReportPart]:
    """The paragraphs without consensus (bracketed, or recorded as without consensus, or with an objection that
    stands), each with the positions on it (who supports, who objects, who reserves) and who proposes each of its
    alternatives. Cut into parts as the text is
    (`_cut_before`), so that one paragraph changed renders one part of the annex again."""
    title = _("Annex: paragraphs without consensus")
    parts = [ReportPart("annex", "annex", title, {"rows": [], "continued": False})]
    proposed = queries.alternatives(draft)
    for standpoint in queries.consensus(draft):
        version = standpoint.version
        if version.status == Status.DELETED:
            continue
        if version.status not in WITHOUT_CONSENSUS and not standpoint.objections:
            continue
        if len(parts[-1].data["rows"]) >= MINIMUM_CHUNK and _cut_before(version.paragraph_id):
            parts.append(ReportPart(f"annex:{version.paragraph_id}", "annex", title, {"rows": [], "continued": True}))
        held = standpoint.positions
        positions = [
            [str(Position(position).label), [member.nomination.name for member in held.get(position, [])]]
            for position in Position.values
        ]
        options = [[row["text"], [p.member.nomination.name for p in row["proponents"]]]
                   for row in proposed.get(version.pk, []) if row["proponents"]]  # fmt: skip
        parts[-1].data["rows"].append([version.number, version.text, html_lang(version.language),
                                       str(Status(version.status).label), positions, options])  # fmt: skip
    return parts


def parts_of_report(spec: ReportSpec, *, only=None) -> list[ReportPart]:
    """Every part of the report in the document's order (those whose pk is in `only`, if given)."""
    draft = _draft(spec)
    wanted = set(only) if only is not None else None
    parts = []
    if wanted is None or "composition" in wanted:
        parts.append(composition_part(draft))
    if wanted is None or "method" in wanted:
        parts.append(method_part(spec))
    if wanted is None or any(pk.startswith("section:") for pk in wanted):
        parts += section_parts(draft, spec.language)
    if spec.annex and (wanted is None or any(pk.startswith("annex") for pk in wanted)):
        parts += annex_parts(draft)
    return parts if wanted is None else [part for part in parts if part.pk in wanted]


# The kind --------------------------------------------------------------------------------------------------------


class ReportKind(kinds.DocumentKind):
    """The "Report to the Commission": its loader, templates and layout, as the engine asks."""

    name = KIND_NAME
    part_template = "pdf/report_parts.html"

    def spec_of(self, compilation: Compilation) -> ReportSpec:
        options = compilation.options or {}
        return ReportSpec(compilation.consultation, options["report"], options["draft"], bool(options.get("annex")),
                          compilation.language)  # fmt: skip

    def describe(self, compilation: Compilation) -> str:
        options = compilation.options or {}
        return _("Report to the Commission, draft %(number)s") % {"number": options.get("draft", "?")}

    def file_name(self, compilation, stamp: str) -> str:
        options = compilation.options or {}
        return f"{compilation.consultation.slug}-report-draft-{options.get('draft')}-{compilation.language}-{stamp}.pdf"

    def fingerprint(self, spec: ReportSpec) -> str:
        with translation.override(spec.language):
            document = {
                "kind": self.name,
                "spec": [spec.report_id, spec.draft, spec.annex, spec.language],
                "front": asdict(self.front(spec)),
                "template": render.variant(),
                "parts": [asdict(part) for part in parts_of_report(spec)],
            }
        return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()

    def load(self, spec: ReportSpec):
        return parts_of_report(spec), []

    def parts_of(self, spec: ReportSpec, ids) -> list:
        return parts_of_report(spec, only=ids)

    def front(self, spec: ReportSpec) -> Front:
        draft = _draft(spec)
        report, group = draft.report, draft.report.working_group
        latest = report.drafts.published().order_by("-number").values_list("number", flat=True).first()
        return Front(report.title, report.symbol, group.name, group.mandate, draft.number, draft.published_at,
                     draft.number == latest and not report.drafts.editing().exists(), spec.annex)  # fmt: skip

    def title(self, spec: ReportSpec) -> str:
        return Report.objects.get(pk=spec.report_id).title

    def shown(self, doc: ReportPart) -> dict:
        return asdict(doc)

    def context(self, doc: ReportPart) -> dict:
        return {"doc": doc, "data": doc.data, "anchor": doc.anchor, "direction": render.direction(doc.title)}

    def weight(self, doc: ReportPart) -> int:
        return len(json.dumps(doc.data)) + 1000

    def label(self, doc: ReportPart) -> str:
        return doc.title

    def to_data(self, doc: ReportPart) -> dict:
        return asdict(doc)

    def from_data(self, data) -> ReportPart:
        return ReportPart(**data)

    def layout(self, spec: ReportSpec, docs, parts, extras) -> Layout:
        """Composition and method, then the report's sections, then the annex: each a row of the contents and a
        bookmark."""
        body = Layout()
        for doc, part in zip(docs, parts, strict=True):
            start = body.pages + part.starts.get(doc.anchor, 0)
            if not doc.data.get("continued"):  # a section cut in parts has one row, where it starts
                label = shortened(doc.title)
                body.toc.append(TocEntry(label, start, 0 if doc.section != "text" else 1))
                body.bookmarks.append(Bookmark(label, start))
            body.starts.append((doc.anchor, start))
            body.add(part)
        return body

    def cover(self, spec: ReportSpec, front: Front, *, contents: bool, generated_at) -> bytes:
        """The cover names the draft and the day it was published, not the moment it is made: it is rendered once
        for a draft and language, and found in the cache after (the PDF's metadata has the moment)."""
        context = {"front": front, "toc": contents}
        return render.render_html_cached(render_to_string("pdf/report_front.html", context), files.cache_dir())

    def keywords(self, spec: ReportSpec, front: Front) -> list[str]:
        return [front.group, _("Report to the Commission"), front.symbol] if front.symbol else [front.group]

    def metadata(self, spec: ReportSpec, front: Front) -> tuple[str, str]:
        subject = _("%(group)s: report to the Commission, draft %(number)s") % {"group": front.group,
                                                                                 "number": front.draft}  # fmt: skip
        return front.title, subject


KIND = kinds.register(ReportKind())


def report_request(*, user, report: Report, draft: int, annex: bool = False, language: str = LANGUAGE) -> Compilation:
    """Ask the workers for the report of a draft (published, or being edited); the same document already made or on
    its way is returned instead of a new job."""
    if not account_roles.secretariat_can(user, VIEW_REPORT):
        raise PermissionDenied(_("Your role cannot ask for the report."))
    spec = spec_for(report, draft, annex=annex, language=language)
    return jobs.document_request(spec, user=user, options={"report": report.pk, "draft": draft, "annex": annex})


def reports_of(report: Report):
    """The report's documents made or on their way, newest first."""
    return Compilation.objects.filter(kind=KIND_NAME, options__report=report.pk).select_related("requested_by")[:20]
