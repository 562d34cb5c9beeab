from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Country, Organisation, StakeholderCategory, User
from accounts.timezones import TimeZoneField
from accounts.validators import validate_name


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        validators=[validate_name],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES, initial="en")
    time_zone = TimeZoneField(
        label=_("Time zone"),
        initial="UTC",
        help_text=_("Deadlines are shown in your time zone and in Geneva time."),
    )
    field_order = ["full_name", "email", "password1", "password2", "preferred_language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The language the newcomer chose before signing up stays theirs.
        self.fields["preferred_language"].initial = translation.get_language() or settings.LANGUAGE_CODE
        # allauth hides its trap for robots with an inline style, which the content policy forbids: a class does it.
        trap = self.fields.get(settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD)
        if trap is not None:
            trap.widget.attrs.pop("style", None)
            trap.widget.attrs.update({"class": "honeypot", "aria-hidden": "true"})
        if not self.is_bound:
            # concord.js selects the browser's own zone, unless the form comes back with the person's choice.
            self.fields["time_zone"].widget.attrs["data-browser-zone"] = True

    def try_save(self, request):
        """From here on the newcomer's chosen language speaks: the e-mail, the message, the next page."""
        translation.activate(self.cleaned_data["preferred_language"])
        request.LANGUAGE_CODE = translation.get_language()
        return super().try_save(request)

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your full name."))
        return name


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField(label=_("Time zone"))

    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "time_zone", "daily_digest"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].keep(self.instance.time_zone)
        if not self.instance.has_perm("accounts.view_console"):
            del self.fields["daily_digest"]  # only the secretariat has a queue to hear about


class OrganisationForm(forms.ModelForm):
    """An organisation's details; who it is (name, category, country) is fixed once verified."""

    LOCKED_WHEN_VERIFIED = ("name", "category", "country", "is_international")
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "category",
            "country",
            "is_international",
            "website",
            "description",
            "ecosoc_status",
            "wsis_accredited",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = StakeholderCategory.objects.all()
        self.fields["country"].queryset = Country.objects.by_name()
        if self.instance.pk and self.instance.is_verified:
            for name in self.LOCKED_WHEN_VERIFIED:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Verified: write to the secretariat to change this.")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        same = Organisation.objects.filter(name__iexact=name).exclude(status=Organisation.Status.REFUSED)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(
                _("%(name)s is already registered on Concord: ask to join it instead of registering it again."),
                params={"name": name},
            )
        return name


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the focal point (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerificationNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the organisation's members. Required when refusing."),
    )
