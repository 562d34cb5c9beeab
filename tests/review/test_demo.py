"""The demo's review: a codebook of seven clusters, two analysts, codings in every language, blind coding with
disagreements, and the register published."""

import io

import pytest
from django.core.management import CommandError, call_command

from consultations.models import Consultation
from review import queries, register
from review.models import Code, Coding, Reconciliation

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
