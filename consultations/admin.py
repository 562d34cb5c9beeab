from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DateTimeField, TextField
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from consultations import services
from consultations.forms import LateGrantForm, UTCSplitDateTimeField
from consultations.models import (
    INPUT_LANGUAGES,
    INTERFACE_LANGUAGES,
    Consultation,
    Decision,
    LateGrant,
    Question,
    Submission,
    SubmissionVersion,
    Theme,
)


def translation_name(field: str, language: str) -> str:
    return f"{field}__{language.replace('-', '_')}"


class TranslationsForm(forms.ModelForm):
    """A model form with a field for each translated text (the model's TRANSLATED) in each interface language
    (made by `translations_form`), read from and written to the model's `translations`; a field left empty falls
    back to the text as written.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for language, texts in (self.instance.translations or {}).items():
            for field, text in texts.items():
                if translation_name(field, language) in self.fields:
                    self.initial[translation_name(field, language)] = text

    def _post_clean(self):
        translations = {}
        for language in INTERFACE_LANGUAGES:
            texts = {
                field: self.cleaned_data.get(translation_name(field, language), "").strip()
                for field in self._meta.model.TRANSLATED
            }
            texts = {field: text for field, text in texts.items() if text}
            if texts:
                translations[language] = texts
        self.instance.translations = translations
        super()._post_clean()


def translations_form(model, fields, **declared):
    """A TranslationsForm for `model` with its `fields`, its translations' fields and the fields `declared`."""
    attrs = dict(declared)
    for language in INTERFACE_LANGUAGES:
        name = get_language_info(language)["name_local"]
        for field in model.TRANSLATED:
            model_field = model._meta.get_field(field)
            widget = forms.Textarea(attrs={"rows": 2}) if isinstance(model_field, TextField) else forms.TextInput()
            widget.attrs["lang"] = language
            attrs[translation_name(field, language)] = forms.CharField(
                label=f"{capfirst(model_field.verbose_name)} ({name})",
                required=False,
                widget=widget,
                max_length=model_field.max_length,
            )
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}Form", (TranslationsForm,), attrs)


def translation_fieldset(model):
    """The admin's collapsed fieldset of a model's translations, a line per language."""
    lines = [tuple(translation_name(f, language) for f in model.TRANSLATED) for language in INTERFACE_LANGUAGES]
    return (_("Translations (empty: the text as written)"), {"classes": ["collapse"], "fields": lines})


ThemeForm = translations_form(Theme, ["number", "title"])


class ThemeInline(admin.StackedInline):
    model = Theme
    form = ThemeForm
    extra = 0
    fieldsets = [(None, {"fields": [("number", "title")]}), translation_fieldset(Theme)]


QuestionForm = translations_form(Question, ["number", "theme", "required", "word_limit", "text", "guidance"])


class QuestionInline(admin.StackedInline):
    """Questions are ordered by their number: renumber them to reorder."""

    model = Question
    form = QuestionForm
    extra = 0
    fieldsets = [
        (None, {"fields": [("number", "theme", "required", "word_limit"), "text", "guidance"]}),
        translation_fieldset(Question),
    ]
    ordering = ["number"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "theme":
            consultation_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Theme.objects.filter(consultation_id=consultation_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


ConsultationForm = translations_form(
    Consultation,
    [
        "title",
        "slug",
        "reference",
        "status",
        "opens_at",
        "closes_at",
        "summary",
        "mandate",
        "consent_clause",
        "languages",
    ],
    languages=forms.MultipleChoiceField(
        label=_("Accepted languages"), choices=INPUT_LANGUAGES, widget=forms.CheckboxSelectMultiple
    ),
)


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    form = ConsultationForm
    list_display = ["title", "reference", "status", "opens_at", "closes_at"]
    list_filter = ["status"]
    search_fields = ["title", "reference"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ThemeInline, QuestionInline]
    formfield_overrides = {DateTimeField: {"form_class": UTCSplitDateTimeField}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "reference", "status"]}),
        (_("Window (UTC)"), {"fields": ["opens_at", "closes_at"]}),
        (_("Texts"), {"fields": ["summary", "mandate", "consent_clause", "languages"]}),
        translation_fieldset(Consultation),
    ]


class VersionInline(admin.TabularInline):
    model = SubmissionVersion
    extra = 0
    fields = ["number", "submitted_at", "submitted_by", "digest"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DecisionDescription:
    """The history's entries in the reader's language, as the console shows them (Decision.description)."""

    @admin.display(description=_("entry"))
    def entry(self, decision):
        return decision.description()


class DecisionInline(DecisionDescription, ReadOnlyMixin, admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["at", "actor", "from_state", "to_state", "entry", "digest"]
    readonly_fields = fields


@admin.action(description=_("Allow a late submission"), permissions=["moderate"])
def grant_late(modeladmin, request, queryset):
    form = LateGrantForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                for submission in queryset.select_related("consultation", "organisation"):
                    services.late_submission_grant(
                        moderator=request.user,
                        consultation=submission.consultation,
                        organisation=submission.organisation,
                        until=form.cleaned_data["until"],
                        reason=form.cleaned_data["reason"],
                    )
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, _("Nothing was changed: %(error)s") % {"error": text}, messages.ERROR)
        else:
            modeladmin.message_user(request, _("Late submission allowed."))
        return None
    return TemplateResponse(
        request,
        "admin/consultations/submission/late_grant.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Allow a late submission"),
            "submissions": queryset,
            "form": form,
            "opts": modeladmin.model._meta,
        },
    )


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "consultation", "state", "consent", "language", "submitted_at"]
    list_filter = ["consultation", "state", "consent", "language", "channel", "organisation__category"]
    search_fields = ["reference", "organisation__name"]
    list_select_related = ["organisation", "consultation"]
    readonly_fields = [field.name for field in Submission._meta.fields if field.name not in ("id",)]
    inlines = [VersionInline, DecisionInline]
    actions = [grant_late]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_moderate_permission(self, request):
        return services.user_can_moderate(request.user)


@admin.register(Decision)
class DecisionAdmin(DecisionDescription, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "submission", "actor", "from_state", "to_state", "entry"]
    list_filter = ["to_state", "event"]
    readonly_fields = ["entry"]
    list_select_related = ["submission", "actor"]


@admin.register(LateGrant)
class LateGrantAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["submission", "until", "granted_by", "granted_at", "reason"]
    list_select_related = ["submission", "granted_by"]
