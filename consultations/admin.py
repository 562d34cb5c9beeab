from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from consultations import services
from consultations.forms import LateGrantForm
from consultations.models import (
    INPUT_LANGUAGES,
    Consultation,
    Decision,
    LateGrant,
    Question,
    Submission,
    SubmissionVersion,
    Theme,
)


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class QuestionInline(admin.StackedInline):
    """Questions are ordered by their number: renumber them to reorder."""

    model = Question
    extra = 0
    fields = [("number", "theme", "required", "word_limit"), "text", "guidance"]
    ordering = ["number"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "theme":
            consultation_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Theme.objects.filter(consultation_id=consultation_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ConsultationForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Accepted languages"), choices=INPUT_LANGUAGES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Consultation
        fields = [
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
        ]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    form = ConsultationForm
    list_display = ["title", "reference", "status", "opens_at", "closes_at"]
    list_filter = ["status"]
    search_fields = ["title", "reference"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ThemeInline, QuestionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "reference", "status"]}),
        (_("Window (UTC)"), {"fields": ["opens_at", "closes_at"]}),
        (_("Texts"), {"fields": ["summary", "mandate", "consent_clause", "languages"]}),
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


class DecisionInline(ReadOnlyMixin, admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["at", "actor", "from_state", "to_state", "reason", "digest"]
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
class DecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "submission", "actor", "from_state", "to_state", "reason"]
    list_filter = ["to_state"]
    list_select_related = ["submission", "actor"]


@admin.register(LateGrant)
class LateGrantAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["submission", "until", "granted_by", "granted_at", "reason"]
    list_select_related = ["submission", "granted_by"]
