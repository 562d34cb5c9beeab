"""A consultation written once, with versions in other UN languages: each reader sees their language, else the
text as written."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.admin import ConsultationForm, QuestionForm
from consultations.models import Question
from tests.factories import InputFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(consultation):
    consultation.translations = {
        "fr": {"title": "Questionnaire sur la coopération renforcée", "summary": "Vues sur la coopération."},
        "ar": {"title": "استبيان بشأن التعاون المعزز"},
    }
    consultation.save()
    question = consultation.questions.get(number=1)
    question.translations = {"fr": {"text": "Qu'est-ce que la coopération renforcée ?", "guidance": "Soyez bref."}}
    question.save()
    return consultation


def page(client, url, language):
    return client.get(url, headers={"accept-language": language}).content.decode()


def test_the_consultation_speaks_the_readers_language_and_falls_back_to_the_original(client, translated):
    url = reverse("consultations:consultation_detail", args=[translated.slug])
    french = page(client, url, "fr")
    assert "Questionnaire sur la coopération renforcée" in french
    assert "Vues sur la coopération." in french
    assert "Qu&#x27;est-ce que la coopération renforcée ?" in french and "Soyez bref." in french
    assert "What are the roles of stakeholders?" in french  # question 2 has no French version: as written
    arabic = page(client, url, "ar")
    assert "استبيان بشأن التعاون المعزز" in arabic
    assert translated.summary in arabic  # no Arabic summary: as written
    spanish = page(client, url, "es")
    assert translated.title in spanish and "What is enhanced cooperation?" in spanish


def test_the_form_asks_the_questions_in_the_focal_points_language(client, translated, verified, focal_point):
    client.force_login(focal_point)
    focal_point.preferred_language = "fr"
    focal_point.save()
    form = page(client, reverse("consultations:submission_edit", args=[translated.slug, verified.pk]), "fr")
    assert "1. Qu&#x27;est-ce que la coopération renforcée ?" in form
    assert "2. What are the roles of stakeholders?" in form


def test_the_public_record_is_cached_per_language(client, translated, verified, moderator):
    InputFactory(
        consultation=translated,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    url = reverse("consultations:question_answers", args=[translated.slug, 1])
    assert "Qu&#x27;est-ce que la coopération renforcée ?" in page(client, url, "fr")
    assert "What is enhanced cooperation?" in page(client, url, "en")
    question = translated.questions.get(number=1)
    question.translations["fr"]["text"] = "Que signifie la coopération renforcée ?"
    question.save()
    assert "Que signifie la coopération renforcée ?" in page(client, url, "fr")


def test_the_secretariat_writes_each_language_in_its_own_field(consultation):
    data = {
        field: getattr(consultation, field)
        for field in ["title", "slug", "reference", "status", "summary", "mandate", "consent_clause"]
    }
    data |= {
        "opens_at": consultation.opens_at.strftime("%Y-%m-%d %H:%M:%S"),
        "closes_at": consultation.closes_at.strftime("%Y-%m-%d %H:%M:%S"),
        "languages": ["en", "fr"],
        "title__fr": "  Questionnaire sur la coopération renforcée ",
        "consent_clause__zh_hans": "意见将汇编后提交委员会。",
        "summary__ru": "",
    }
    form = ConsultationForm(data, instance=consultation)
    assert form.is_valid(), form.errors
    form.save()
    consultation.refresh_from_db()
    assert consultation.translations == {
        "fr": {"title": "Questionnaire sur la coopération renforcée"},
        "zh-hans": {"consent_clause": "意见将汇编后提交委员会。"},
    }
    again = ConsultationForm(instance=consultation)
    assert again["title__fr"].value() == "Questionnaire sur la coopération renforcée"
    assert 'lang="zh-hans"' in str(again["consent_clause__zh_hans"])


def test_a_question_form_keeps_its_translations_and_clears_an_emptied_one(consultation):
    question = consultation.questions.get(number=1)
    question.translations = {"es": {"text": "¿Qué es la cooperación mejorada?"}}
    question.save()
    data = {"number": 1, "required": "on", "word_limit": 50, "text": question.text, "guidance": ""}
    data |= {"text__es": "", "text__ru": "Что такое расширенное сотрудничество?"}
    form = QuestionForm(data, instance=question)
    assert form.is_valid(), form.errors
    form.save()
    question.refresh_from_db()
    assert question.translations == {"ru": {"text": "Что такое расширенное сотрудничество?"}}


@pytest.mark.parametrize(
    "translations",
    [{"xx": {"text": "?"}}, {"fr": {"title": "Pas un champ de la question"}}, {"fr": "texte"}, ["fr"]],
)
def test_translations_of_unknown_languages_or_fields_are_refused(consultation, translations):
    question = Question(consultation=consultation, number=9, text="Anything?", translations=translations)
    with pytest.raises(ValidationError) as refused:
        question.full_clean()
    assert "translations" in refused.value.message_dict
