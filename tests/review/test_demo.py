"""The demo's review: a codebook of seven clusters, two analysts, codings in every language, blind coding with
disagreements, and the register published."""

import io

import pytest
from django.core.management import CommandError, call_command

from consultations.models import Consultation
from review import issue_map, queries, register
from review.models import AccuracyCheck, Code, Coding, MapEntry, Reconciliation, Synthesis
from review.synthesis import paragraphs, syntheses_of

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_codes_its_inputs_in_every_language_and_two_analysts_disagree_somewhere():
    printed = seed()
    consultation = Consultation.objects.get(slug="wgec-2013")
    codes = Code.objects.filter(consultation=consultation)
    assert codes.filter(level=Code.Level.CLUSTER).count() == 7 and codes.filter(level=Code.Level.ISSUE).count() >= 30
    assert codes.get(name="Human rights").translated("name", "ar") == "حقوق الإنسان"
    languages = set(Coding.objects.values_list("version__language", flat=True))
    assert languages == {"en", "fr", "es", "ru", "ar", "zh-hans"} and Coding.objects.count() >= 80
    assert "analyst@demo.concord.example" in printed and "analyst2@demo.concord.example" in printed
    report = queries.agreement_of(consultation)
    assert report.inputs >= 3 and report.disagreements and len(report.coders) == 2
    assert Reconciliation.objects.exists()
    public = register.register_of(consultation, "public")
    assert public.publication and public.inputs_raising > 0
    out = io.StringIO()
    call_command("demo_code", "analyst2", stdout=out)
    assert out.getvalue().strip().isdigit()
    with pytest.raises(CommandError, match="not a demo secretariat login"):
        call_command("demo_code", "kenya")
    codings = Coding.objects.count()
    seed()
    assert Coding.objects.count() == codings
    assert Synthesis.objects.filter(consultation=consultation).count() == 2  # not written twice


def test_the_demo_writes_syntheses_of_two_questions_with_quotes_that_honour_consent():
    seed()
    consultation = Consultation.objects.get(slug="wgec-2013")
    written = list(Synthesis.objects.filter(consultation=consultation, question__isnull=False))
    assert len(written) == 2 and any(s.translations for s in written)
    for synthesis in written:
        assert 2 <= len(paragraphs(synthesis.text)) <= 4 and 2 <= synthesis.quotes.count() <= 4
    public = syntheses_of(consultation, edition="public")
    anonymous = [q for item in public for q in item.quotes if q.consent == "anonymous"]
    assert anonymous and all(not q.organisation and q.category and q.regional_group for q in anonymous)
    # The input for the secretariat only is quoted in the complete edition, and left out of the public one.
    dropped = [d for item in public for d in item.dropped]
    assert dropped and all("secretariat only" in d.reason for d in dropped)
    secret = {d.quote.coding.submission.organisation.name for d in dropped}
    assert not secret & {q.organisation for item in public for q in item.quotes}
    complete = syntheses_of(consultation, edition="complete")
    assert secret <= {q.organisation for item in complete for q in item.quotes}
    french = syntheses_of(consultation, edition="public", language="fr")
    assert any(item.language == "fr" for item in french)


def test_the_demo_maps_a_few_mechanisms_per_cluster_with_gaps_and_one_check_answered():
    seed()
    consultation = Consultation.objects.get(slug="wgec-2013")
    found = issue_map.map_of(consultation, public=False)
    per_cluster = {cluster.code.name: sum(len(issue.rows) for issue in cluster.issues) for cluster in found.clusters}
    assert len(per_cluster) == 7 and all(n >= 2 for n in per_cluster.values()), per_cluster
    rows = [row for rows in found.by_issue.values() for row in rows]
    assert all(row.entry.gaps for row in rows) and {row.entry.equal_footing for row in rows} >= {"yes", "partly", "no"}
    checked = [row for row in rows if row.state and row.state.confirmed]
    assert len(checked) == 1 and checked[0].entry.mechanism.name == "Internet Engineering Task Force (IETF)"
    assert MapEntry.objects.filter(version=2).count() == 1  # one entry changed since, with its reason
    public = issue_map.map_of(consultation, public=True)
    assert [row.entry.pk for rows in public.by_issue.values() for row in rows if row.state] == [checked[0].entry.pk]
    entries = MapEntry.objects.count()
    seed()
    assert MapEntry.objects.count() == entries and AccuracyCheck.objects.count() == 1
