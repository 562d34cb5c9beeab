"""The demo's report: two published drafts of about 25 paragraphs with brackets and alternatives, a closed round of
comments in several languages, an open round, and two recommendations left without consensus."""

import io

import pytest
from django.core.management import call_command

from groups import brackets, queries
from groups.models import Comment, Kind, Report, Status

pytestmark = pytest.mark.django_db


def test_the_demo_report_has_two_published_drafts_rounds_in_several_languages_and_open_objections():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    report = Report.objects.get(working_group__slug="wgec")
    assert "(demo)" in report.title and "delegate-algeria@demo.concord.example" in out.getvalue()
    published = list(report.drafts.published())
    assert [d.number for d in published] == [1, 2] and 20 <= published[1].paragraphs.count() <= 30
    texts = [v.text for v in published[1].paragraphs.all()]
    assert any(len(b.alternatives) == 2 for text in texts for b in brackets.brackets(text))  # alternatives
    first, second = (d.rounds.get() for d in published)
    assert first.is_closed() and first.comments_public() and not second.is_closed()
    assert set(Comment.objects.values_list("language", flat=True)) >= {"en", "es", "fr", "ru", "ar", "zh-hans"}
    blocked = [s for s in queries.consensus(published[1]) if s.version.kind == Kind.RECOMMENDATION and s.objections]
    assert len(blocked) == 2 and all(s.version.status == Status.BRACKETED for s in blocked)
    assert published[1].paragraphs.filter(status=Status.AGREED).exists()
    call_command("seed_demo", stdout=io.StringIO())  # again: nothing written twice
    assert Report.objects.count() == 1 and Comment.objects.count() == 16
