"""What an imported sheet may write for a language, a stakeholder category and a country: the codes and names people
actually write, in any of the six languages, each resolved to the canonical value the database keeps.

A language is its code however it is spelled (`zh`, `zh-Hans`, `zh_hans`, `ZH`), or its name in English or in the
language itself (`Chinese`, `中文`, `Arabic`, `العربية`); a category its slug or its name in any of the six languages;
a country its ISO alpha-3 or alpha-2 code, or its UN short name in any of the six languages. Case, accents, Arabic
vowel marks, spaces, hyphens and underscores do not matter. When nothing fits, `lookup` names the closest entry, so
the import's error can say "did you mean…".

The imports of inputs (consultations.imports) and of nominations (reports.nominations) read their columns here.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import COUNTRY_NAME_LANGUAGES, Country, StakeholderCategory

SEPARATORS = re.compile(r"[\s_\-.·]+")
SUGGESTIONS = 100  # closest-match searches a vocabulary makes (about a millisecond each, over 1,400 country names)
# Names people write for a language besides Django's own ("Simplified Chinese", "简体中文").
LANGUAGE_ALIASES = {
    "zh-hans": [
        "zh",
        "zh-cn",
        "zh-hans-cn",
        "chinese",
        "中文",
        "汉语",
        "漢語",
        "chinois",
        "chino",
        "китайский",
        "الصينية",
    ],
    "ar": ["arabe", "árabe", "арабский", "عربي"],
    "en": ["anglais", "inglés", "английский", "الإنكليزية", "الإنجليزية", "英文", "英语"],
    "fr": ["francés", "французский", "الفرنسية", "法文", "法语"],
    "ru": ["russe", "ruso", "الروسية", "俄文", "俄语"],
    "es": ["espagnol", "испанский", "الإسبانية", "西班牙文", "西班牙语"],
}


def normal(text: str) -> str:
    """The form entries are compared in: case folded, accents and vowel marks dropped, separators removed."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").strip().casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn")
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", kept))


@dataclass
class Vocabulary:
    """Entries (what a sheet may write) resolved to values; `lookup` answers (value, None) or (None, the closest
    entry as it is usually written, or "")."""

    entries: dict = field(default_factory=dict)  # normal form: value
    shown: dict = field(default_factory=dict)  # normal form: how "did you mean" names it
    suggestions_left: int = SUGGESTIONS  # a sheet of ten thousand wrong rows costs no more than this many searches

    def add(self, written: str, value, shown: str | None = None) -> None:
        key = normal(written)
        if key and key not in self.entries:
            self.entries[key], self.shown[key] = value, shown or str(written)

    def values(self) -> list:
        """Every value once, in the order first added."""
        return list({id(value): value for value in self.entries.values()}.values())

    def lookup(self, text: str):
        key = normal(text)
        if key in self.entries:
            return self.entries[key], None
        if self.suggestions_left <= 0:
            return None, ""
        self.suggestions_left -= 1
        close = difflib.get_close_matches(key, list(self.entries), n=1, cutoff=0.75)
        return None, self.shown[close[0]] if close else ""


def languages(codes=None) -> Vocabulary:
    """The interface's languages (or `codes`, e.g. a consultation's), by code, Django's names and the usual aliases."""
    wanted = list(codes) if codes is not None else [code for code, _name in settings.LANGUAGES]
    found = Vocabulary()
    for code in wanted:
        found.add(code, code)
        info = LANG_INFO.get(code, {})
        for name in (info.get("name"), info.get("name_local"), *LANGUAGE_ALIASES.get(code, [])):
            if name:
                found.add(name, code)
    return found


def categories() -> Vocabulary:
    """Every stakeholder category, by slug and by its name in each of the six languages."""
    found = Vocabulary()
    rows = list(StakeholderCategory.objects.all())
    for category in rows:
        found.add(category.slug, category)
        found.add(category.name, category)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for category in rows:
                found.add(str(category), category)
    return found


def countries() -> Vocabulary:
    """Every country, by ISO alpha-3 and alpha-2 code and by its UN short name in each of the six languages."""
    found = Vocabulary()
    rows = list(Country.objects.all())
    for country in rows:
        found.add(country.iso3, country, f"{country.iso3} ({country.name})")
    for country in rows:
        found.add(country.name, country, f"{country.name} ({country.iso3})")
        for language in COUNTRY_NAME_LANGUAGES:
            name = (country.names or {}).get(language)
            if name:
                found.add(name, country, f"{name} ({country.iso3})")
    for country in rows:  # two letters last: "CA" must not hide a name
        found.add(country.iso2, country, f"{country.iso2} ({country.name}, {country.iso3})")
    return found


def unknown(message: str, close: str) -> str:
    """An import's message for a value nothing fits (a %-format string, its values given later), with the closest
    entry when there is one."""
    if not close:
        return message
    return f"{message} — " + _('did you mean "%(close)s"?') % {"close": close.replace("%", "%%")}


class Terms:
    """What an import's row checker reads through the vocabularies: a category and a country, each found however it
    is written, or a problem noted on the row (the checker's `_problem(line, message, **params)`)."""

    def __init__(self):
        self.categories, self.countries = categories(), countries()

    def _problem(self, line, message, **params):
        raise NotImplementedError

    def _category(self, line, written):
        category, close = self.categories.lookup(written)
        if category is None:
            known = ", ".join(sorted(category.slug for category in self.categories.values()))
            message = unknown(_('unknown category "%(value)s" (use one of: %(known)s, or their names)'), close)
            self._problem(line, message, value=written, known=known)
        return category

    def _country(self, line, written):
        country, close = self.countries.lookup(written)
        if country is None:
            message = _('unknown country "%(value)s" (use ISO alpha-3, e.g. KEN, or its UN name)')
            self._problem(line, unknown(message, close), value=written)
        return country
