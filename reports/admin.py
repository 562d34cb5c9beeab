import json

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reports import policy as policies
from reports.models import BalanceReport, Member, Nomination, RepresentationPolicy, WorkingGroup, validate_policy


class PolicyForm(forms.ModelForm):
    document = forms.JSONField(
        label=_("Rules"),
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
        help_text=_("See reports/policy.py for the format; the 2013 working group is given as an example."),
        initial=policies.wgec_2013,
        encoder=None,
    )

    class Meta:
        model = RepresentationPolicy
        fields = ["name", "consultation", "document"]

    def clean_document(self):
        document = self.cleaned_data["document"]
        try:
            validate_policy(document)
        except ValidationError as error:
            raise ValidationError(error.messages)
        return document

    def prepare_value(self, value):
        return json.dumps(value, indent=2, ensure_ascii=False)


@admin.register(RepresentationPolicy)
class RepresentationPolicyAdmin(admin.ModelAdmin):
    form = PolicyForm
    list_display = ["name", "consultation", "updated_at"]
    # The admin's "monospace" fieldset sets its text areas in a fixed-width font (no inline style: see the CSP).
    fieldsets = [(None, {"classes": ["monospace"], "fields": ["name", "consultation", "document"]})]


class NominationInline(admin.TabularInline):
    model = Nomination
    extra = 0
    fields = ["name", "organisation", "gender", "rank", "status"]
    autocomplete_fields = ["organisation"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "policy", "nominations_open"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NominationInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["nomination", "working_group", "confirmed_by", "confirmed_at"]
    list_select_related = ["nomination__organisation", "working_group", "confirmed_by"]

    def has_add_permission(self, request):
        return False


@admin.register(BalanceReport)
class BalanceReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "reason", "requested_at", "finished_at", "meets_hard"]
    list_filter = ["status", "reason"]
    readonly_fields = [f.name for f in BalanceReport._meta.fields]

    def has_add_permission(self, request):
        return False
