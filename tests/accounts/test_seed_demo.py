import io
import shutil
from collections import Counter
from http import HTTPStatus

import pytest
from django.core.management import CommandError, call_command

from accounts.models import DevelopmentStatus, Membership, Organisation, RegionalGroup, StakeholderCategory, User
from consultations import demo_data
from consultations.models import Consultation, Decision, Submission, SubmissionState

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_creates_a_demo_spread_over_every_category_and_region():
    printed = seed()
    verified = Organisation.objects.verified().select_related("country", "category")
    assert verified.count() >= 12
    assert {o.category.slug for o in verified} == set(StakeholderCategory.objects.values_list("slug", flat=True))
    assert {o.country.regional_group for o in verified} >= set(RegionalGroup.values)
    assert {o.development_status for o in verified} == set(DevelopmentStatus.values)
    assert Organisation.objects.pending().exists()  # something for the moderator to verify
    for membership in Membership.objects.filter(role=Membership.Role.FOCAL_POINT).select_related("user"):
        assert membership.user.email in printed
    assert "concord-stakeholder-demo" in printed and "concord-secretariat-demo" in printed


def test_it_changes_nothing_when_run_again():
    first = seed()
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    assert seed() == first
    assert (User.objects.count(), Organisation.objects.count(), Membership.objects.count()) == counts


def test_it_prints_logins_that_work(client):
    seed()
    response = client.post(
        "/accounts/login/", {"login": "kenya@demo.concord.example", "password": "concord-stakeholder-demo"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get("/organisations/").status_code == HTTPStatus.OK


def test_it_prints_the_moderators_current_code():
    seed()
    out = io.StringIO()
    call_command("demo_code", "moderator", stdout=out)
    assert out.getvalue().strip().isdigit() and len(out.getvalue().strip()) == 6


def test_it_seeds_the_working_groups_questionnaire_with_inputs_in_every_state_and_language():
    from consultations.models import Consultation, Submission, SubmissionState

    seed()
    consultation = Consultation.objects.get(slug="wgec-2013")
    assert consultation.accepts_inputs()
    assert consultation.themes.count() == 5 and consultation.questions.count() >= 10
    inputs = Submission.objects.filter(consultation=consultation)
    assert set(inputs.values_list("state", flat=True)) == set(SubmissionState.values)
    assert set(inputs.values_list("language", flat=True)) >= {"ar", "zh-hans", "en", "fr", "ru", "es"}
    accepted = inputs.filter(state=SubmissionState.ACCEPTED).select_related(
        "organisation__category", "organisation__country"
    )
    assert {s.organisation.category.slug for s in accepted} == set(
        StakeholderCategory.objects.values_list("slug", flat=True)
    )
    assert {s.organisation.country.regional_group for s in accepted} >= set(RegionalGroup.values)
    assert Submission.objects.public().filter(consultation=consultation).count() >= 10


def test_the_demo_questionnaire_reads_in_each_un_language(client):
    from django.urls import reverse
    from django.utils.html import escape

    from consultations.models import Consultation

    seed()
    consultation = Consultation.objects.get(slug="wgec-2013")
    assert set(consultation.translations) == {"ar", "zh-hans", "fr", "ru", "es"}
    question = consultation.questions.get(number=1)
    assert set(question.translations) == {"ar", "zh-hans", "fr", "ru", "es"}
    assert all(question.translations[language]["text"] for language in question.translations)
    url = reverse("consultations:consultation_detail", args=[consultation.slug])
    for language in ("ar", "zh-hans", "fr", "ru", "es"):
        page = client.get(url, headers={"accept-language": language}).content.decode()
        assert escape(consultation.translations[language]["title"]) in page
        assert escape(consultation.title) not in page


def test_it_seeds_what_it_seeded_when_the_demo_was_python():
    """The counts of seed_demo before its content became data files (consultations/demo_content.py, issue 17)."""
    seed()
    inputs = Submission.objects.filter(consultation__slug="wgec-2013")
    assert Counter(inputs.values_list("state", flat=True)) == {
        "accepted": 18,
        "submitted": 2,
        "draft": 1,
        "changes_requested": 1,
        "rejected": 1,
        "withdrawn": 1,
    }
    assert Counter(inputs.values_list("language", flat=True)) == {
        "en": 9,
        "ar": 3,
        "zh-hans": 3,
        "fr": 3,
        "ru": 3,
        "es": 3,
    }
    assert Counter(inputs.values_list("consent", flat=True)) == {"public": 17, "anonymous": 4, "secretariat": 3}
    kenya = inputs.get(organisation__memberships__user__email="kenya@demo.concord.example")
    assert kenya.reference == "WGEC-2013-0001"  # the inputs are sent in the order of their files' numbers
    demo = Organisation.objects.filter(memberships__user__email__endswith="@demo.concord.example").distinct()
    assert (demo.count(), demo.pending().count()) == (25, 1)
    # More users since then: the review's two analysts (review/demo.py) and the nine members of the working group
    # who comment on its report's drafts (groups/demo.py).
    assert (User.objects.count(), Membership.objects.count(), Organisation.objects.count()) == (39, 26, 89)
    reasons = Decision.objects.filter(to_state__in=[SubmissionState.REJECTED, SubmissionState.CHANGES_REQUESTED])
    assert dict(reasons.values_list("to_state", "reason")) == {
        "rejected": "The input is a commercial offer, not an answer to the questionnaire.",
        "changes_requested": "Please shorten the answer to question 5 to the word limit and resubmit.",
    }


def test_it_seeds_the_questionnaire_in_the_six_languages():
    seed()
    consultation = Consultation.objects.get(slug="wgec-2013")
    others = {"ar", "zh-hans", "fr", "ru", "es"}  # English is the original, in the model's own fields
    assert consultation.title.startswith("Questionnaire") and set(consultation.translations) == others
    assert all(set(texts) == set(Consultation.TRANSLATED) for texts in consultation.translations.values())
    for item in [*consultation.themes.all(), *consultation.questions.all()]:
        assert set(item.translations) == others
        assert all(all(texts.values()) for texts in item.translations.values())


def test_it_refuses_a_data_file_it_cannot_use_and_writes_nothing(tmp_path, monkeypatch):
    shutil.copytree(demo_data.ROOT, tmp_path / "demo")
    (tmp_path / "demo/translations/fr.toml").rename(tmp_path / "demo/translations/xx.toml")
    monkeypatch.setattr(demo_data, "ROOT", tmp_path / "demo")
    with pytest.raises(CommandError, match="xx.toml: 'xx' is not a language to translate into"):
        seed()
    assert not User.objects.exists()
