import functools
from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from consultations import services
from consultations.models import Consent, Consultation, Submission, SubmissionState
from consultations.text import check_answer_length, clean_answer

ANSWER_PREFIX = "answer_"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.odt"}))
        kwargs.setdefault("allow_empty_file", True)  # uploads.inspect names the empty file
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class InputForm(forms.Form):
    """The stakeholder form: one field per question, the input's language, consent and files.

    Saving a draft validates nothing about completeness; the service checks
    required answers and word limits when the input is sent.
    """

    language = forms.ChoiceField(label=_("Language of your input"))
    consent = forms.ChoiceField(label=_("Publication"), choices=Consent.choices, widget=forms.RadioSelect)
    files = MultipleFileField(label=_("Add attachments"), required=False)
    remove = forms.MultipleChoiceField(label=_("Remove"), required=False, widget=forms.CheckboxSelectMultiple)
    revision = forms.IntegerField(widget=forms.HiddenInput)
    declaration = forms.BooleanField(
        label=_(
            "I declare that I may send this input on behalf of my organisation, and that it may be used "
            "and published as the consultation's consent clause and our publication choice say."
        ),
        required=False,
    )

    def __init__(self, *args, submission, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission, self.questions = submission, list(questions)
        self.cleaned_controls = []
        if self.is_bound:
            self._clean_answer_text()
        self.fields["language"].choices = submission.consultation.language_choices()
        self.fields["files"].help_text = _(
            "PDF, Word (DOCX) or OpenDocument (ODT); at most %(count)d files of %(size)s each."
        ) % {
            "count": settings.ATTACHMENTS_PER_INPUT,
            "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        }
        self.fields["remove"].choices = [(a.pk, a.name) for a in submission.attachments.all()] if submission.pk else []
        for question in self.questions:
            limit = _(" (at most %(limit)d words)") % {"limit": question.word_limit} if question.word_limit else ""
            self.fields[f"{ANSWER_PREFIX}{question.pk}"] = forms.CharField(
                label=f"{question.number}. {question.translated('text')}",
                required=False,
                validators=[functools.partial(check_answer_length, number=question.number)],
                help_text=f"{question.translated('guidance')}{limit}",
                widget=forms.Textarea(
                    attrs={
                        "rows": 8,
                        "data-word-limit": question.word_limit or "",
                        "lang": submission.draft_language,
                        "dir": "auto",
                    }
                ),
            )

    def answer_fields(self):
        """(question, bound field) pairs in the questionnaire's order, for the template."""
        return [(q, self[f"{ANSWER_PREFIX}{q.pk}"]) for q in self.questions]

    def _clean_answer_text(self):
        """Normalise answers before validation, noting which lost invisible control characters."""
        self.data = self.data.copy()
        for question in self.questions:
            name = f"{ANSWER_PREFIX}{question.pk}"
            if name in self.data:
                self.data[name], had_controls = clean_answer(self.data[name])
                if had_controls:
                    self.cleaned_controls.append(question.number)

    def answers(self):
        """Question id -> answer text."""
        return {q.pk: self.cleaned_data.get(f"{ANSWER_PREFIX}{q.pk}", "") for q in self.questions}

    def unknown_answer_fields(self):
        """Answer fields in the post that match no question of this consultation (a tampered form)."""
        known = {f"{ANSWER_PREFIX}{q.pk}" for q in self.questions}
        return [name for name in self.data if name.startswith(ANSWER_PREFIX) and name not in known]

    def removal_ids(self):
        return [int(pk) for pk in self.cleaned_data.get("remove", [])]


class InUTC:
    """A date and time the secretariat types and reads in UTC, as the form's label says, whatever its own time zone:
    windows, deadlines and times of receipt are agreed in UTC."""

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = value.astimezone(UTC).replace(tzinfo=None)
        return super().prepare_value(value)

    def clean(self, value):
        with timezone.override(UTC):
            return super().clean(value)


class UTCDateTimeField(InUTC, forms.DateTimeField):
    pass


class UTCSplitDateTimeField(InUTC, forms.SplitDateTimeField):
    pass


def utc_datetime_field(label):
    return UTCDateTimeField(label=label, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class LateGrantForm(forms.Form):
    until = utc_datetime_field(_("Allowed until (UTC)"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (SubmissionState.ACCEPTED, _("Accept")),
            (SubmissionState.REJECTED, _("Reject")),
            (SubmissionState.CHANGES_REQUESTED, _("Ask for changes")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason or message to the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to reject or to ask for changes; it is e-mailed to the organisation."),
    )


class BulkForm(forms.Form):
    consultation = forms.ModelChoiceField(queryset=Consultation.objects.all(), to_field_name="slug")
    decision = forms.ChoiceField(choices=[(SubmissionState.ACCEPTED, "accept"), (SubmissionState.REJECTED, "reject")])
    reason = forms.CharField(required=False)
    selected = forms.TypedMultipleChoiceField(coerce=int, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ids = self.data.getlist("selected") if hasattr(self.data, "getlist") else []
        self.fields["selected"].choices = [(i, i) for i in ids]


class AuditFilterForm(forms.Form):
    consultation = forms.ModelChoiceField(
        queryset=Consultation.objects.all(), to_field_name="slug", required=False, label=_("Consultation")
    )
    to_state = forms.ChoiceField(choices=[("", "—"), *SubmissionState.choices], required=False, label=_("Decision"))
    actor = forms.CharField(required=False, label=_("By (name or e-mail)"))
    since = forms.DateField(required=False, label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}))


class RecordForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.exclude(status=Organisation.Status.REFUSED)
    )
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[(c.value, c.label) for c in Submission.Channel if c.value in ("email", "paper")],
    )
    submitted_at = utc_datetime_field(_("Received at (UTC)"))
    language = forms.ChoiceField(label=_("Language"))
    consent = forms.ChoiceField(label=_("Publication"), choices=Consent.choices)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.questions = list(consultation.questions.order_by("number"))
        self.fields["language"].choices = consultation.language_choices()
        for question in self.questions:
            self.fields[f"q{question.number}"] = forms.CharField(
                label=f"{question.number}. {question.text}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
            )

    def clean_submitted_at(self):
        value = self.cleaned_data["submitted_at"]
        if value > timezone.now():
            raise ValidationError(gettext_now("The time of receipt cannot be in the future."))
        return value

    def received(self):
        answers = {q.number: clean_answer(self.cleaned_data[f"q{q.number}"])[0] for q in self.questions}
        return services.RecordedInput(
            organisation=self.cleaned_data["organisation"],
            language=self.cleaned_data["language"],
            consent=self.cleaned_data["consent"],
            answers={n: t for n, t in answers.items() if t},
            submitted_at=self.cleaned_data["submitted_at"],
            channel=self.cleaned_data["channel"],
        )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Sheet (CSV or XLSX)"))
    create_organisations = forms.BooleanField(
        label=_("Create organisations that are not registered yet, as verified"), required=False
    )
