"""The secretariat's pages for inputs received outside the form: one at a time, or a whole sheet.

Everything under /moderation/ also needs two-factor authentication (accounts.middleware).
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation
from consultations import imports, services
from consultations.models import Consent, Consultation, Submission
from consultations.text import clean_answer


def moderator_required(view):
    """Signed in, staff and in the moderator role; anyone else is refused."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not services.user_can_moderate(request.user):
            raise PermissionDenied(_("This page is for the secretariat's moderators."))
        return view(request, *args, **kwargs)

    return wrapper


class RecordForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.exclude(status=Organisation.Status.REFUSED)
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Received"),
        choices=[(c.value, c.label) for c in Submission.Channel if c.value in ("email", "paper")],
    )
    submitted_at = forms.DateTimeField(
        label=gettext_lazy("Received at (UTC)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"))
    consent = forms.ChoiceField(label=gettext_lazy("Publication"), choices=Consent.choices)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.questions = list(consultation.questions.order_by("number"))
        self.fields["language"].choices = consultation.language_choices()
        self.fields["organisation"].queryset = self.fields["organisation"].queryset.select_related("country")
        for question in self.questions:
            self.fields[f"q{question.number}"] = forms.CharField(
                label=f"{question.number}. {question.text}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
            )

    def clean_submitted_at(self):
        value = self.cleaned_data["submitted_at"]
        if value > timezone.now():
            raise ValidationError(_("The time of receipt cannot be in the future."))
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
    file = forms.FileField(label=gettext_lazy("Sheet (CSV or XLSX)"))
    create_organisations = forms.BooleanField(
        label=gettext_lazy("Create organisations that are not registered yet, as verified"), required=False
    )


@moderator_required
def index(request):
    consultations = Consultation.objects.order_by("-opens_at")
    return render(request, "consultations/moderation/index.html", {"consultations": consultations})


@moderator_required
def record(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    form = RecordForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.submission_record(
                moderator=request.user, consultation=consultation, received=form.received()
            )
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request,
                _("Input %(reference)s recorded for %(name)s; it awaits moderation.")
                % {"reference": version.submission.reference, "name": version.submission.organisation.name},
            )
            return redirect("moderation_record", slug)
    return render(request, "consultations/moderation/record.html", {"consultation": consultation, "form": form})


@moderator_required
def import_sheet(request, slug):
    consultation = get_object_or_404(Consultation.objects.visible(), slug=slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = imports.inputs_import(
                moderator=request.user,
                consultation=consultation,
                name=upload.name,
                data=upload.read(),
                create_organisations=form.cleaned_data["create_organisations"],
            )
        except imports.InputFileError as error:
            problems = error.problems
        else:
            messages.success(request, _("%(count)d inputs recorded, awaiting moderation.") % {"count": count})
            return redirect("moderation_import", slug)
    status = 400 if problems else 200
    return render(
        request,
        "consultations/moderation/import.html",
        {"consultation": consultation, "form": form, "problems": problems, "columns": imports.COLUMNS},
        status=status,
    )
