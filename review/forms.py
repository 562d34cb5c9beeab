"""The forms of the review's console pages."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from reports.compilation.documents import LANGUAGE
from reports.models import Compilation
from review import passages
from review.models import Code, Stance
from review.services import Passage
from web.fields import ModelChoicesField


class CodingForm(forms.Form):
    """Codes applied to passages of one input. A passage comes either from a selection made in the page (its
    offsets and the words seen there, filled in by static/js/coding.js) or, without JavaScript, from the paragraphs
    ticked; both may be sent at once."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    selection = forms.CharField(required=False, widget=forms.HiddenInput)
    selection_text = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    paragraph = forms.MultipleChoiceField(label=_("Paragraphs"), required=False, widget=forms.CheckboxSelectMultiple)
    codes = ModelChoicesField(label=_("Codes"), queryset=Code.objects.none(), widget=forms.CheckboxSelectMultiple)
    stance = forms.ChoiceField(
        label=_("Stance"),
        required=False,
        choices=[("", _("None: the code is not a proposal")), *Stance.choices],
        widget=forms.RadioSelect,
        help_text=_("For codes that are proposals: whether the passage supports or opposes it."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, answers, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_ids = [answer.question.pk for answer in answers]
        self.fields["paragraph"].choices = [(value, value) for answer in answers for value in answer.paragraph_values]
        self.fields["codes"].queryset = codes

    def clean(self):
        data = super().clean()
        found = []
        for value in data.get("paragraph", []):
            found.append(Passage(*passages.parse_span(value, self.question_ids)))
        if data.get("selection"):
            question, start, end = passages.parse_span(data["selection"], self.question_ids)
            found.append(Passage(question, start, end, data.get("selection_text") or None))
        if not found and not self.errors:
            raise ValidationError(_("Choose a passage: select words of an answer, or tick a paragraph."))
        data["passages"] = found
        return data


class AssignForm(forms.Form):
    """Give inputs to analysts to code blind: all those not yet given, or a random sample."""

    coders = ModelChoicesField(label=_("Analysts"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple)
    sample = forms.IntegerField(
        label=_("How many inputs"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to give every input sent and not yet given; a number draws a random sample."),
    )

    def __init__(self, *args, coders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coders"].queryset = coders
        self.fields["coders"].label_from_instance = lambda user: user.full_name or user.email


class ReconcileForm(forms.Form):
    """What was decided where blind coders differed on an input and a code."""

    submission = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.IntegerField(widget=forms.HiddenInput)
    applies = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("The input raises the issue")), ("no", _("It does not"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class SummaryForm(forms.Form):
    """What the secretariat asks of a summary of inputs: its edition and the language of its own text."""

    edition = forms.ChoiceField(label=_("Edition"), choices=Compilation.Edition.choices, widget=forms.RadioSelect)
    language = forms.ChoiceField(
        label=_("Language of the summary's own text"),
        help_text=_("Quotes stay in the language they were written in."),
        choices=settings.LANGUAGES,
        initial=LANGUAGE,
    )
