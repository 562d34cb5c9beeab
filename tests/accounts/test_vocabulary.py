"""What an imported sheet may write for a language, a category and a country: the codes and names people write, in
the six languages, each read as the value the database keeps; and when nothing fits, the closest entry named."""

import io

import pytest
from django.core.management import call_command

from accounts import vocabulary
from accounts.models import Country
from consultations.models import Submission
from tests.factories import ModeratorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("zh", "zh-hans"), ("zh-Hans", "zh-hans"), ("zh_hans", "zh-hans"), ("ZH", "zh-hans"), ("Chinese", "zh-hans"),
        ("Simplified Chinese", "zh-hans"), ("中文", "zh-hans"), ("简体中文", "zh-hans"),
        ("ar", "ar"), ("Arabic", "ar"), ("العربية", "ar"), ("العربيّة", "ar"),
        ("FR", "fr"), ("French", "fr"), ("français", "fr"), ("Francais", "fr"),
        ("ru", "ru"), ("Russian", "ru"), ("русский", "ru"),
        ("es", "es"), ("Spanish", "es"), ("Español", "es"),
        ("EN", "en"), ("English", "en"),
    ],
)  # fmt: skip
def test_a_language_is_read_from_its_code_however_spelled_or_its_name_in_english_or_itself(written, code):
    assert vocabulary.languages().lookup(written) == (code, None)


def test_a_category_is_read_from_its_slug_or_its_name_in_any_of_the_six_languages():
    found = vocabulary.categories()
    for written in ("civil-society", "Civil_Society", "Civil society", "Société civile", "Sociedad civil",
                    "Гражданское общество", "المجتمع المدني", "民间社会"):  # fmt: skip
        category, close = found.lookup(written)
        assert (category.slug if category else None, close) == ("civil-society", None), written


def test_a_country_is_read_from_its_iso_codes_or_its_un_name_in_any_of_the_six_languages():
    kenya = Country.objects.get(iso3="KEN")
    found = vocabulary.countries()
    names = [kenya.names[code] for code in ("ar", "zh-hans", "fr", "ru", "es")]
    for written in ("KEN", "ken", "KE", "Kenya", " kenya ", *names):
        assert found.lookup(written) == (kenya, None), written


def test_nothing_fits_and_the_closest_entry_is_named():
    assert vocabulary.countries().lookup("Keyna") == (None, "Kenya (KEN)")
    assert vocabulary.languages().lookup("Frnch") == (None, "French")
    assert vocabulary.categories().lookup("civil socity")[1] == "civil-society"
    assert vocabulary.countries().lookup("Atlantis") == (None, "")


def test_an_import_of_inputs_reads_names_and_codes_as_people_write_them(tmp_path, consultation):
    moderator = ModeratorFactory()
    rows = [
        "organisation,category,country,language,consent,submitted_at,q1,q2",
        "Kenya Youth Forum,Société civile,Kenya,English,public,2026-12-01T10:00:00Z,An answer.,Roles.",
        "Red Andina,Sociedad civil,Perú,Spanish,public,2026-12-01T11:00:00Z,Una respuesta.,Papeles.",
    ]
    path = tmp_path / "inputs.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    consultation.languages = ["en", "es"]
    consultation.save(update_fields=["languages"])
    call_command("import_inputs", consultation.slug, str(path), "--as", moderator.email, "--create-organisations",
                 stdout=io.StringIO())  # fmt: skip
    made = {s.organisation.name: (s.organisation.country.iso3, s.language) for s in Submission.objects.all()}
    assert made == {"Kenya Youth Forum": ("KEN", "en"), "Red Andina": ("PER", "es")}


def test_a_sheet_of_many_wrong_values_searches_for_the_closest_a_bounded_number_of_times():
    countries = vocabulary.countries()
    found = [countries.lookup(f"Keyna{'x' * (n % 2)}") for n in range(vocabulary.SUGGESTIONS + 5)]
    assert found[0] == (None, "Kenya (KEN)") and found[-1] == (None, "")  # still refused, without the search
