"""The forms of the map of issues to mechanisms: a mechanism, an entry, its removal, an accuracy check asked and
answered. They read what is typed; the rules (review.issue_map) decide what may be saved."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The admin's form of translated texts (a field per language for each translated text), shared by every Translatable.
from consultations.admin import translations_form
from review.issue_map import MAX_TEXT
from review.models import AccuracyCheck, Gap, MapEntry, Mechanism

MechanismForm = translations_form(
    Mechanism,
    ["name", "kind", "url", "description", "email"],
    url=forms.URLField(label=_("Web address"), required=False, max_length=500, assume_scheme="https"),
)


def _text(label, **kwargs):
    return forms.CharField(
        label=label, required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}), **kwargs
    )


class EntryForm(forms.Form):
    """What the map says of a mechanism on an issue, and why it changes."""

    status = forms.ChoiceField(label=_("Status"), choices=MapEntry.Status.choices, widget=forms.RadioSelect)
    role = _text(_("What it does on this issue"))
    equal_footing = forms.ChoiceField(
        label=_("All stakeholders take part on an equal footing"),
        choices=MapEntry.Footing.choices,
        initial=MapEntry.Footing.UNKNOWN,
        widget=forms.RadioSelect,
    )
    gaps = forms.MultipleChoiceField(
        label=_("Gaps"), choices=Gap.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    gap_note = _text(_("About the gaps"))
    reason = _text(_("Reason for the change"), help_text=_("Kept in the entry's history."))

    VALUES = MapEntry.VALUES

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.VALUES}


class NewEntryForm(EntryForm):
    """A mechanism put on the map of an issue: the issue and the mechanism chosen among the consultation's."""

    issue = forms.TypedChoiceField(label=_("Issue"), coerce=int)
    mechanism = forms.TypedChoiceField(label=_("Mechanism"), coerce=int)

    field_order = ["issue", "mechanism"]

    def __init__(self, *args, issues, mechanisms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].choices = [("", "—"), *issues]
        self.fields["mechanism"].choices = [("", "—"), *mechanisms]
        self.fields["reason"].label = _("Source or note (optional)")


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it removed?"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )


class AskForm(forms.Form):
    """Whom to ask to check an entry, and in which language to write."""

    email = forms.EmailField(
        label=_("E-mail address of the organisation"),
        required=False,
        help_text=_("Empty: the mechanism's address for accuracy checks."),
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)


class AnswerForm(forms.Form):
    """The organisation's answer to an accuracy check."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (AccuracyCheck.Answer.CONFIRMED, _("What the map says is accurate")),
            (AccuracyCheck.Answer.CORRECTED, _("I propose a correction")),
        ],
        widget=forms.RadioSelect,
    )
    correction = forms.CharField(
        label=_("Your correction"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Needed if you propose a correction: what should the map say?"),
    )
    name = forms.CharField(
        label=_("Your name and position"),
        max_length=200,
        help_text=_("The map shows the secretariat who checked it."),
    )


class CompareForm(forms.Form):
    """Two versions of an entry to compare."""

    before = forms.IntegerField(label=_("Version"), min_value=1, max_value=1_000_000)
    after = forms.IntegerField(label=_("with version"), min_value=1, max_value=1_000_000)
