"""The forms of the synthesis pages: the text and its translations, and the plain forms that place quotes (they work
without JavaScript)."""

from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from consultations.admin import translation_name
from review.synthesis_services import MAX_TEXT
from web.fields import LARGEST_KEY


class SynthesisForm(forms.Form):
    """A synthesis as written (its language and text, paragraphs separated by blank lines) and its translations into
    the other UN languages, one field per language named as the other translated texts' forms name them
    (consultations.admin.translation_name); an empty translation falls back to the text as written."""

    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    text = forms.CharField(
        label=_("Synthesis"),
        max_length=MAX_TEXT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
        help_text=_("Separate paragraphs with a blank line: quotes are placed after a paragraph."),
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, synthesis=None, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _name in settings.LANGUAGES:
            self.fields[translation_name("text", code)] = forms.CharField(
                label=get_language_info(code)["name_local"],
                required=False,
                max_length=MAX_TEXT,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6, "lang": code, "dir": "auto"}),
            )
        if synthesis is not None and synthesis.pk:
            self.initial |= {"language": synthesis.language, "text": synthesis.text}
            self.initial["seen"] = synthesis.updated_at.isoformat()
            for code, texts in (synthesis.translations or {}).items():
                self.initial[translation_name("text", code)] = texts.get("text", "")

    def translation_fields(self):
        return [self[translation_name("text", code)] for code, _name in settings.LANGUAGES]

    def clean_seen(self):
        value = self.cleaned_data["seen"]
        if not value:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("The page sent a damaged form: reload it and write your changes again."))

    def clean(self):
        data = super().clean()
        written_in = data.get("language")
        data["translations"] = {}
        for code, _name in settings.LANGUAGES:
            text = data.get(translation_name("text", code), "")
            if code == written_in and text.strip():
                self.add_error(
                    translation_name("text", code),
                    _("The synthesis is written in this language: leave its translation empty."),
                )
            elif code != written_in:
                data["translations"][code] = text
        return data


class QuoteForm(forms.Form):
    """A coded passage to quote, and the paragraph it goes after (0: before the first)."""

    coding = forms.IntegerField(min_value=1, max_value=LARGEST_KEY, widget=forms.HiddenInput)
    after = forms.IntegerField(label=_("Place"), min_value=0, max_value=MAX_TEXT)


class MoveForm(forms.Form):
    """Where a quote goes now: after which paragraph (0: before the first)."""

    after = forms.IntegerField(label=_("Move to"), min_value=0, max_value=MAX_TEXT)
