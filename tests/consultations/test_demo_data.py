"""The demo consultation's data files (consultations/data/demo/): read as seed_demo uses them, and refused with the
file and the key named when they are wrong."""

import shutil

import pytest

from accounts.demo import ORGANISATIONS_FILE, DemoDataError, read_organisations
from consultations import demo_data
from consultations.models import Consent, SubmissionState


@pytest.fixture
def demo(tmp_path):
    """A copy of the demo's data files to break: the consultation's folder, and accounts' organisations file."""
    shutil.copytree(demo_data.ROOT, tmp_path / "demo")
    shutil.copy(ORGANISATIONS_FILE, tmp_path / "organisations.toml")
    return tmp_path


def load(demo):
    return demo_data.load(demo / "demo", demo / "organisations.toml")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refusal(demo):
    with pytest.raises(DemoDataError) as refused:
        load(demo)
    return str(refused.value)


def test_it_reads_the_demo_as_seed_demo_uses_it():
    demo = demo_data.load()
    assert demo.consultation["slug"] == "wgec-2013" and "\n\n" in demo.consultation["mandate"]
    assert [t["number"] for t in demo.themes] == [1, 2, 3, 4, 5]
    assert [q["number"] for q in demo.questions] == list(range(1, 11))
    assert demo.questions[0]["word_limit"] == 500 and demo.questions[9]["word_limit"] is None
    assert sorted(demo.translations) == ["ar", "es", "fr", "ru", "zh-hans"]
    assert all(set(t["questions"]) == set(range(1, 11)) for t in demo.translations.values())
    assert len(demo.organisations) == 12 and demo.organisations[0][:2] == ("egypt", "Karim Mansour")
    assert [i["organisation"] for i in demo.inputs[:3]] == ["kenya", "indonesia", "brazil"]  # by file number
    assert {i["language"] for i in demo.inputs} == {"ar", "zh-hans", "en", "fr", "ru", "es"}
    assert {i["state"] for i in demo.inputs} == set(SubmissionState.values)
    assert {i["consent"] for i in demo.inputs} == set(Consent.values)
    assert all(isinstance(n, int) and text == text.strip() for i in demo.inputs for n, text in i["answers"].items())


def test_it_reads_the_accounts_organisations():
    organisations = read_organisations()
    assert len(organisations["organisations"]) == 12
    assert organisations["organisations"][-1] == (
        "digital-office",
        "Omar Haddad",
        "Intergovernmental Office for Digital Cooperation",
        "IODC",
        "intergovernmental",
        "CHE",
        True,
    )
    assert [row[0] for row in organisations["pending"]] == ["kathmandu-data"]
    assert organisations["contributors"] == [("ciis-colleague", "Mateo Gómez", "ciis")]


@pytest.mark.parametrize(
    ("file", "old", "new", "refused"),
    [
        # An answer, or a translation, of a question that does not exist.
        ("inputs/01-kenya.toml", "\n10 = ", "\n11 = ", "answers.11: no question 11 in consultation.toml"),
        ("translations/fr.toml", "[questions.10]", "[questions.11]", "questions.11: no question 11 in"),
        ("translations/fr.toml", "[questions.10]", "[questions.ten]", "questions.ten: 'ten' is not a question number"),
        ("consultation.toml", "[questions.3]\ntheme = 2", "[questions.3]\ntheme = 6", "questions.3.theme: no theme 6"),
        # A required field missing, empty, or of the wrong kind.
        ("inputs/01-kenya.toml", 'state = "accepted"\n', "", "state: missing"),
        ("consultation.toml", 'slug = "wgec-2013"', 'slug = ""', "consultation.slug: is empty"),
        ("consultation.toml", "required = true", 'required = "yes"', "questions.1.required: should be true or false"),
        ("translations/ru.toml", "[questions.7]\ntext = ", "[questions.7]\ntexte = ", "questions.7.texte: unknown key"),
        ("organisations.toml", 'country = "EGY"', "", "organisations[1].country: missing"),
        # Codes that do not exist.
        ("inputs/05-egypt.toml", 'language = "ar"', 'language = "arabic"', "language: 'arabic' is not one of"),
        ("inputs/05-egypt.toml", 'consent = "public"', 'consent = "everyone"', "consent: 'everyone' is not one of"),
        ("inputs/05-egypt.toml", 'state = "accepted"', 'state = "approved"', "state: 'approved' is not one of"),
        ("organisations.toml", 'country = "EGY"', 'country = "Egypt"', "country: 'Egypt' does not look like 'KEN'"),
        # What the services would refuse when seeding, named here with its file.
        ("inputs/01-kenya.toml", "\n1 = ", "\n2 = ", "answers.1: missing: question 1 is required"),
        ("inputs/10-cloud-forum.toml", 'reason = "The input', 'no_reason = "', "no_reason: unknown key"),
        ("inputs/02-indonesia.toml", 'state = "draft"', 'state = "draft"\nreason = "Why"', "reason: only a decided"),
    ],
)
def test_it_refuses_a_file_naming_the_file_and_the_key(demo, file, old, new, refused):
    path = demo / "demo" / file
    edit(path, old, new)
    assert refusal(demo).startswith(f"{path}: "), refusal(demo)
    assert refused in refusal(demo)


def test_it_refuses_a_rejection_without_the_moderators_reason(demo):
    path = demo / "demo/inputs/10-cloud-forum.toml"
    edit(path, 'reason = "The input is a commercial offer, not an answer to the questionnaire."\n', "")
    assert refusal(demo) == f"{path}: reason: missing"


def test_it_refuses_an_answer_over_the_word_limit(demo):
    path = demo / "demo/consultation.toml"
    edit(path, "word_limit = 500", "word_limit = 20")
    assert "answers.1: " in refusal(demo) and "words, over the limit of 20 for question 1" in refusal(demo)


def test_it_refuses_a_translation_for_a_language_the_site_does_not_offer(demo):
    shutil.copy(demo / "demo/translations/fr.toml", demo / "demo/translations/de.toml")
    assert refusal(demo).startswith(f"{demo / 'demo/translations/de.toml'}: 'de' is not a language to translate into")


def test_it_refuses_a_translation_into_the_original_language(demo):
    shutil.copy(demo / "demo/translations/fr.toml", demo / "demo/translations/en.toml")
    assert "en.toml: 'en' is not a language to translate into" in refusal(demo)


def test_it_refuses_a_translation_that_leaves_a_question_out(demo):
    path = demo / "demo/translations/es.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("[questions.10]")], encoding="utf-8")
    assert refusal(demo) == f"{path}: questions.10: missing: question 10 of consultation.toml is not translated"


def test_it_refuses_an_input_of_an_organisation_that_does_not_exist(demo):
    (demo / "demo/inputs/01-kenya.toml").rename(demo / "demo/inputs/01-kenia.toml")
    assert "01-kenia.toml: no demo organisation has the focal point login 'kenia'" in refusal(demo)


def test_it_refuses_two_inputs_of_one_organisation(demo):
    shutil.copy(demo / "demo/inputs/01-kenya.toml", demo / "demo/inputs/25-kenya.toml")
    assert "25-kenya.toml: the same number or organisation as 01-kenya.toml" in refusal(demo)


def test_it_refuses_an_input_file_named_otherwise(demo):
    (demo / "demo/inputs/01-kenya.toml").rename(demo / "demo/inputs/kenya.toml")
    assert "kenya.toml: the name should be <number>-<focal point login>.toml" in refusal(demo)


def test_it_names_the_line_of_a_file_that_is_not_toml(demo):
    path = demo / "demo/inputs/03-brazil.toml"
    edit(path, 'consent = "public"', 'consent = "public')
    assert refusal(demo).startswith(f"{path}: ") and "line 4" in refusal(demo)


def test_it_refuses_an_organisation_of_the_accounts_file_twice(demo):
    path = demo / "organisations.toml"
    edit(path, 'login = "poland"', 'login = "kenya"')
    assert refusal(demo) == f"{path}: the login 'kenya' is used twice"


def test_it_refuses_a_contributor_of_an_organisation_that_is_not_there(demo):
    path = demo / "organisations.toml"
    edit(path, 'organisation = "ciis"', 'organisation = "cis"')
    assert refusal(demo).startswith(f"{path}: contributors[1].organisation: no organisation of this file")


def test_it_refuses_an_added_organisation_the_accounts_file_has(demo):
    edit(demo / "demo/organisations.toml", 'login = "egypt"', 'login = "kenya"')
    assert "'kenya' (Permanent Mission of the Arab Republic of Egypt in Geneva) has the login" in refusal(demo)
