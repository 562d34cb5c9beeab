"""Dates on a compilation's cover and an input's part as the document's language writes them (CLDR), in UTC; shares on
the balance page with their percent sign."""

import io
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from babel import numbers
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from reports.compilation import documents, inputs, layout, render
from reports.models import BalanceReport
from tests.factories import InputFactory

pytestmark = pytest.mark.django_db

DEADLINE = datetime(2027, 1, 6, 0, 0, tzinfo=UTC)
COMPILED = datetime(2027, 1, 20, 9, 30, tzinfo=UTC)


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def cover(language: str) -> str:
    consultation = documents.ConsultationDoc("Questionnaire on enhanced cooperation", "WGEC-2013", closes_at=DEADLINE)
    summary = documents.Summary(17, [("By stakeholder category", [("Civil society", 17)])])
    with translation.override(language):
        return text_of(layout.render_front(consultation, summary, COMPILED))


def test_it_dates_a_chinese_compilations_cover_as_chinese_does():
    text = cover("zh-hans")
    assert "2027年1月6日" in text and "2027年1月20日" in text
    assert "一月" not in text


def test_it_dates_an_english_compilations_cover_with_the_time_and_zone():
    text = cover("en")
    assert "6 January 2027, 00:00 UTC" in text and "20 January 2027, 09:30 UTC" in text


def test_it_dates_an_input_in_its_part_as_the_documents_language_does(tmp_path):
    doc = documents.InputDoc(
        reference="WGEC-2013-0001",
        organisation="Sahel Digital Rights Network",
        category="民间社会",
        country="塞内加尔",
        regional_group="非洲国家",
        language="en",
        submitted_at=datetime(2026, 12, 6, 0, 58, 7, tzinfo=UTC),
        digest="0" * 64,
        answers=[(1, "What is enhanced cooperation?", "Our view.")],
    )
    with translation.override("zh-hans"):
        text = text_of(render.render_html(render.part_html(inputs.KIND, doc, "Questionnaire on enhanced cooperation")))
    assert "2026年12月6日 00:58 UTC" in text


def test_it_shows_a_share_on_the_balance_page_with_the_percent_sign(
    client, consultation, verified, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        InputFactory(
            consultation=consultation,
            organisation=verified,
            answers={1: "A view", 2: "Roles"},
            moderator=moderator,
            accepted=True,
        )
    report = BalanceReport.objects.get(consultation=consultation)
    shares = [rule for rule in report.result["texts"]["fr"] if isinstance(rule["expected"], float)]
    assert shares, "the default policy asks for shares"
    client.force_login(moderator)
    page = client.get(reverse("reports:balance_report", args=["consultations", consultation.slug]), {"lang": "fr"})
    html = page.content.decode()
    for rule in shares:
        for figure in (rule["expected"], rule["actual"]):
            shown = numbers.format_percent(Decimal(str(figure)) / 100, locale="fr", decimal_quantization=False)
            assert f">{shown}</td>" in html
    assert not re.search(r">\d+\.\d</td>", html), "no share without its sign"
