"""Forms of reports: a stakeholder's nomination, and the console's request for a compilation."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from accounts.validators import validate_name
from consultations.models import INPUT_LANGUAGES
from reports.compilation import jobs
from reports.models import Compilation, Gender


class NominationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=gettext_lazy("On behalf of"), queryset=None)
    name = forms.CharField(
        label=gettext_lazy("Full name of the person nominated"), max_length=200, validators=[validate_name]
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Gender (optional, self-declared)"), choices=[("", "—"), *Gender.choices], required=False
    )
    statement = forms.CharField(
        label=gettext_lazy("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CompilationForm(forms.Form):
    arrangement = forms.ChoiceField(
        label=gettext_lazy("Arrangement"), choices=Compilation.Arrangement.choices, widget=forms.RadioSelect
    )
    edition = forms.ChoiceField(
        label=gettext_lazy("Edition"), choices=Compilation.Edition.choices, widget=forms.RadioSelect
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages (none ticked: all)"),
        choices=INPUT_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    append_attachments = forms.BooleanField(
        label=gettext_lazy("Append PDF attachments after their input"), required=False, initial=True
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the cover, contents and headings"),
        help_text=gettext_lazy("Each input stays in the language it was written in."),
        choices=settings.LANGUAGES,
        initial=jobs.LANGUAGE,
        required=False,
    )

    def clean_language(self):
        return self.cleaned_data["language"] or jobs.LANGUAGE
