"""The "Summary of inputs" for the Commission: a kind of document of the engine (reports.compilation.kinds).

After its cover, the summary says how the inputs were read (how many, from whom: the balance figures; the codebook
and the analysts), then gives the issue register cluster by cluster with its charts and quotes, the map of issues to
mechanisms, and the syntheses with their quotes. Each of these is a part: rendered once, cached by what it shows, so
that changing one synthesis renders one part again. A quote links to its input in the compilation of the same
edition (`…#input-WGEC-2013-0042`).

It comes in the two editions of every document: complete, for the Commission (every counted input, and the
secretariat-only ones marked), and public (counts and quotes only of what respondents consented to publish; an
anonymous input quoted with its category and regional group only). Consent is applied by the register
(review.register) and the syntheses (review.synthesis) as they are read, never here.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.queries import category_names
from consultations.models import Consent, Consultation
from reports.compilation import documents, jobs, kinds, render
from reports.compilation.documents import COMPLETE, LANGUAGE, PUBLIC
from reports.compilation.inputs import html_lang
from reports.compilation.layout import Layout, TocEntry, shortened
from reports.compilation.merge import Bookmark
from reports.models import Compilation
from review import issue_map, register, synthesis
from review.roles import WRITE_SYNTHESIS
from web import formats

KIND_NAME = "summary"


@dataclass(frozen=True)
class SummarySpec:
    """One summary of a consultation's inputs: its edition and the language of its own text (quotes stay in the
    language they were written in)."""

    consultation: Any
    edition: str = COMPLETE
    language: str = LANGUAGE
    kind: ClassVar[str] = KIND_NAME


class SummaryPart(kinds.DataPart):
    """One part of the summary as plain data (reports.compilation.kinds.DataPart)."""

    PREFIX = "summary-"


@dataclass(frozen=True)
class Front:
    consultation: documents.ConsultationDoc
    edition: str


# Reading the parts ----------------------------------------------------------------------------------------------


def input_link(consultation: Consultation, edition: str) -> str:
    """Where a quote's input is read, as an absolute URL to which `#input-REFERENCE` is added: the latest
    compilation by respondent of the same edition, else (public edition) the consultation's public inputs."""
    made = (
        Compilation.objects.filter(
            consultation=consultation,
            kind="compilation",
            edition=edition,
            arrangement=Compilation.Arrangement.BY_RESPONDENT,
            status=Compilation.Status.SUCCEEDED,
        )
        .exclude(file="")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if made is None:
        return ""
    if edition == PUBLIC:
        path = reverse("reports:public_compilation_download", args=[consultation.slug, made.pk])
    else:
        path = reverse("reports:compilation_download", args=[made.pk])
    return f"{settings.SITE_URL}{path}"


def _quote(quote: register.Quote, link: str, public: bool) -> dict:
    """A quote as a part shows it: the passage and who said it as the edition may say it, and its link."""
    if link:
        href = f"{link}#{documents.input_anchor(quote.reference)}"
    else:
        href = f"{settings.SITE_URL}{quote.url}" if public and quote.url else ""
    return {
        "passage": quote.passage,
        "lang": html_lang(quote.language),
        "reference": quote.reference,
        "question": quote.question,
        "organisation": quote.organisation,
        "category": quote.category,
        "regional_group": quote.regional_group,
        "secretariat_only": quote.consent == Consent.SECRETARIAT,
        "href": href,
    }


def method_part(consultation: Consultation, edition: str, found: register.Register) -> SummaryPart:
    """How the inputs were read: who sent them (the balance figures of exactly the inputs of the edition), the
    codebook, the analysts and how many passages they coded."""
    who = documents.summary(consultation, edition=edition)
    codings = register.raised(consultation, edition)
    figures = codings.aggregate(codings=Count("pk"), coders=Count("coder", distinct=True))
    data = {
        "inputs": who.total,
        "tables": [[heading, [list(row) for row in rows]] for heading, rows in who.tables],
        "inputs_raising": found.inputs_raising,
        "issues": len(found.issues),
        "clusters": len(found.clusters),
        "codings": figures["codings"],
        "coders": figures["coders"],
        "public": edition == PUBLIC,
    }
    return SummaryPart("method", "method", _("How the inputs were read"), data)


def register_parts(found: register.Register, link: str) -> list[SummaryPart]:
    """The register, one part per cluster: each issue with its count, the inputs raising it by category and by
    regional group, the questions where it is raised, and its quotes."""
    public = found.edition == PUBLIC
    categories = category_names()
    parts = []
    for cluster in found.clusters:
        top = max([1, *(row.inputs for row in cluster.issues)])
        issues = []
        for row in cluster.issues:
            who = documents.summary_of(row.cross_table, categories)  # by category, regional group, development
            issues.append(
                {
                    "pk": row.code.pk,
                    "name": row.code.translated("name"),
                    "definition": row.code.translated("definition"),
                    "inputs": row.inputs,
                    "share": round(100 * row.inputs / top),
                    "tables": [[heading, [list(line) for line in lines]] for heading, lines in who.tables],
                    "questions": sorted(row.questions.items()),
                    "quotes": [_quote(quote, link, public) for quote in row.quotes],
                }
            )
        parts.append(
            SummaryPart(f"register:{cluster.code.pk}", "register", cluster.code.translated("name"), {"issues": issues})
        )
    return parts


def map_parts(consultation: Consultation, edition: str) -> list[SummaryPart]:
    """The map of issues to mechanisms (review.issue_map.map_of, which decides what each edition says of the
    accuracy checks), one part per cluster that has entries: each issue's mechanisms with what they do about it,
    their status, whether all stakeholders take part on an equal footing, and the gaps."""
    found = issue_map.map_of(consultation, public=edition == PUBLIC)
    parts = []
    for cluster in found.clusters:
        issues = [
            {"pk": issue.code.pk, "name": issue.code.translated("name"), "entries": [_entry(row) for row in issue.rows]}
            for issue in cluster.issues
            if issue.rows
        ]
        if issues:
            data = {"issues": issues, "public": found.public}
            parts.append(SummaryPart(f"map:{cluster.code.pk}", "map", cluster.code.translated("name"), data))
    return parts


def _entry(row: issue_map.Row) -> dict:
    """A map entry as a part shows it, with its accuracy check's state (the public map keeps only a confirmation
    of the entry as it stands, without the name of who gave it)."""
    entry, state = row.entry, row.state
    check = {}
    if state is not None:
        answered = state.check.answered_at
        check = {
            "confirmed": state.confirmed,
            "corrected": state.corrected,
            "waiting": state.waiting,
            "outdated": state.outdated,
            "by": state.check.answered_by,
            "on": formats.day(answered) if answered else "",
            "correction": state.check.correction,
        }
    return {
        "mechanism": entry.mechanism.translated("name"),
        "kind": str(entry.mechanism.get_kind_display()),
        "url": entry.mechanism.url,
        "role": entry.role,
        "status": str(entry.get_status_display()),
        "equal_footing": str(entry.get_equal_footing_display()),
        "gaps": row.gaps,
        "gap_note": entry.gap_note,
        "check": check,
    }


def synthesis_parts(consultation: Consultation, edition: str, link: str, *, ids=None) -> list[SummaryPart]:
    """The syntheses, one part each, their quotes shown as the edition may show them."""
    public = edition == PUBLIC
    parts = []
    for shown in synthesis.syntheses_of(consultation, edition=edition, ids=ids):
        blocks = [[kind, value if kind == "paragraph" else _quote(value, link, public)] for kind, value in shown.blocks]
        data = {
            "blocks": blocks,
            "language": html_lang(shown.language),
            "left_out": len(shown.dropped) if not public else 0,
        }
        parts.append(SummaryPart(f"synthesis:{shown.synthesis.pk}", "synthesis", shown.subject, data))
    return parts


def parts_of_summary(spec: SummarySpec, *, only=None) -> list[SummaryPart]:
    """Every part of the summary in the document's order (those whose pk is in `only`, if given)."""
    consultation, edition = spec.consultation, spec.edition
    wanted = set(only) if only is not None else None

    def needed(section):
        return wanted is None or any(pk == section or pk.startswith(section + ":") for pk in wanted)

    link = input_link(consultation, edition) if needed("register") or needed("synthesis") else ""
    parts = []
    if needed("method") or needed("register"):
        found = register.register_of(consultation, edition)
        if needed("method"):
            parts.append(method_part(consultation, edition, found))
        if needed("register"):
            parts += register_parts(found, link)
    if needed("map"):
        parts += map_parts(consultation, edition)
    if needed("synthesis"):
        ids = None
        if wanted is not None:
            ids = [int(pk.split(":")[1]) for pk in wanted if pk.startswith("synthesis:")]
        parts += synthesis_parts(consultation, edition, link, ids=ids)
    return parts if wanted is None else [part for part in parts if part.pk in wanted]


# The kind --------------------------------------------------------------------------------------------------------


class Summary(kinds.DocumentKind):
    """The "Summary of inputs": its loader, templates and layout, as the engine asks."""

    name = KIND_NAME
    part_template = "pdf/summary_parts.html"

    def spec_of(self, compilation: Compilation) -> SummarySpec:
        return SummarySpec(compilation.consultation, compilation.edition, compilation.language)

    def describe(self, compilation: Compilation) -> str:
        return _("Summary of inputs")

    def fingerprint(self, spec: SummarySpec) -> str:
        """Everything the summary shows, read (a few queries: the register's, the map's, the syntheses'): the
        same fingerprint, the same file."""
        with translation.override(spec.language):
            document = {
                "kind": self.name,
                "consultation": asdict(documents.consultation_doc(spec.consultation)),
                "edition": spec.edition,
                "language": spec.language,
                "template": render.variant(),
                "parts": [asdict(part) for part in parts_of_summary(spec)],
            }
        return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()

    def load(self, spec: SummarySpec):
        return parts_of_summary(spec), []

    def parts_of(self, spec: SummarySpec, ids) -> list:
        return parts_of_summary(spec, only=ids)

    def front(self, spec: SummarySpec) -> Front:
        return Front(documents.consultation_doc(spec.consultation), spec.edition)

    def title(self, spec: SummarySpec) -> str:
        return _("Summary of inputs: %(title)s") % {"title": spec.consultation.translated("title")}

    def shown(self, doc: SummaryPart) -> dict:
        return asdict(doc)

    def context(self, doc: SummaryPart) -> dict:
        return {"doc": doc, "data": doc.data, "anchor": doc.anchor, "direction": render.direction(doc.title)}

    def weight(self, doc: SummaryPart) -> int:
        return len(json.dumps(doc.data)) + 1000

    def to_data(self, doc: SummaryPart) -> dict:
        return asdict(doc)

    def from_data(self, data) -> SummaryPart:
        return SummaryPart(**data)

    def layout(self, spec: SummarySpec, docs, parts, extras) -> Layout:
        """Method, then the register, the map and the syntheses, each a heading of the contents and bookmarks
        with its parts below it."""
        headings = {
            "register": _("The issue register"),
            "map": _("The map of issues to mechanisms"),
            "synthesis": _("Syntheses"),
        }
        body, section = Layout(), None
        for doc, part in zip(docs, parts, strict=True):
            start = body.pages + part.starts.get(doc.anchor, 0)
            if doc.section == "method":
                body.toc.append(TocEntry(doc.title, start, 0))
                body.bookmarks.append(Bookmark(doc.title, start))
            else:
                if doc.section != section:
                    body.toc.append(TocEntry(headings[doc.section], start, 0))
                    body.bookmarks.append(Bookmark(headings[doc.section], start))
                label = shortened(doc.title)
                body.toc.append(TocEntry(label, start, 1))
                body.bookmarks[-1].children.append(Bookmark(label, start))
            section = doc.section
            body.starts.append((doc.anchor, start))
            body.add(part)
        return body

    def cover(self, spec: SummarySpec, front: Front, *, contents: bool, generated_at) -> bytes:
        context = {
            "consultation": front.consultation,
            "edition_label": Compilation.Edition(front.edition).label,
            "public": front.edition == PUBLIC,
            "generated_at": generated_at,
            "toc": contents,
        }
        return render.render_html(render_to_string("pdf/summary_front.html", context))

    def keywords(self, spec: SummarySpec, front: Front) -> list[str]:
        return [front.consultation.reference, _("Summary of inputs"), str(Compilation.Edition(spec.edition).label)]

    def metadata(self, spec: SummarySpec, front: Front) -> tuple[str, str]:
        subject = f"{front.consultation.reference}: {_('Summary of inputs')}, "
        return self.title(spec), subject + str(Compilation.Edition(spec.edition).label)


KIND = kinds.register(Summary())


def may_request(user) -> bool:
    """Whether someone may ask for a summary: who writes the syntheses (analysts, moderators)."""
    return user.has_perm(WRITE_SYNTHESIS)


def summary_request(*, user, consultation: Consultation, edition: str, language: str = LANGUAGE) -> Compilation:
    """Ask the workers for a summary of inputs; the same summary already made or on its way is returned instead."""
    if not may_request(user):
        raise PermissionDenied(_("Your role cannot ask for the summary of inputs."))
    return jobs.document_request(SummarySpec(consultation, edition, language), user=user)


def summaries_of(consultation: Consultation):
    """The consultation's summaries, newest first, for the console."""
    return Compilation.objects.filter(consultation=consultation, kind=KIND_NAME).select_related("requested_by")
