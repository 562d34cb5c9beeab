"""The review's public pages: a consultation's issue register, once the secretariat publishes it."""

import csv

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from accounts.spreadsheets import neutralise
from consultations import public_cache
from consultations import queries as consultation_queries
from review import charts, issue_map, register, synthesis


def _published(slug):
    consultation = consultation_queries.consultation_with_record(slug)
    if not register.is_published(consultation):
        raise Http404("The issue register of this consultation is not published.")
    return consultation


@require_safe
def public_register(request, slug):
    """Kept in the public record's cache (consultations.public_cache) until what it shows changes: the record's own
    changes (decisions, consent, organisations…) and, while it is published, every change to the codings, the
    codebook and the reconciled decisions (review.services), and to the map of issues to mechanisms and its accuracy
    checks (review.issue_map)."""

    def build():
        issues = register.register_of(_published(slug), "public")
        return {
            "register": issues,
            "charts": charts.register_charts(issues),
            "cross_tables": charts.named_cross_tables(issues),
            "console": False,
            **syntheses_shown(issues.consultation, "public"),
            "issue_map": issue_map.map_of(issues.consultation, public=True),
        }

    return public_cache.render_page(request, "review/register.html", build)


def syntheses_shown(consultation, edition: str) -> dict:
    """The register page's syntheses as the edition shows them, in the reader's language: each issue's under the
    issue ({code pk: Shown}), and the questions' in a section of their own."""
    shown = synthesis.syntheses_of(consultation, edition=edition)
    return {
        "issue_syntheses": {item.synthesis.code_id: item for item in shown if item.synthesis.code_id},
        "question_syntheses": [item for item in shown if item.synthesis.question_id],
    }


@require_safe
def public_register_csv(request, slug):
    return register_csv_response(register.register_of(_published(slug), "public"))


def register_csv_response(issues: register.Register) -> HttpResponse:
    """The register's figures as a CSV download (UTF-8 with a byte-order mark, so that spreadsheets read it)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{issues.consultation.slug}-issues-{issues.edition}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in register.register_csv_rows(issues):
        writer.writerow([neutralise(value) for value in row])
    return response
