from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services
from accounts.forms import VerificationNoteForm
from accounts.models import Country, LoginEvent, Membership, Organisation, StakeholderCategory, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "preferred_language"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language", "time_zone"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "iso3", "un_status", "regional_group", "developed", "ldc", "lldc", "sids"]
    list_filter = ["un_status", "regional_group", "developed", "ldc", "lldc", "sids"]
    search_fields = ["name", "iso2", "iso3"]


@admin.register(StakeholderCategory)
class StakeholderCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_government"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "status", "created_at", "decided_at"]
    readonly_fields = ["created_at", "decided_at"]
    autocomplete_fields = ["user"]


def _decide_verification(modeladmin, request, queryset, *, verify):
    """Verify or refuse the selected organisations, after asking for a note."""
    form = VerificationNoteForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            with transaction.atomic():
                for organisation in queryset:
                    if verify:
                        services.organisation_verify(moderator=request.user, organisation=organisation, note=note)
                    else:
                        services.organisation_refuse(moderator=request.user, organisation=organisation, note=note)
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, _("Nothing was changed: %(error)s") % {"error": text}, messages.ERROR)
        else:
            count = len(queryset)
            if verify:
                text = ngettext("%(count)d organisation verified.", "%(count)d organisations verified.", count)
            else:
                text = ngettext("%(count)d organisation refused.", "%(count)d organisations refused.", count)
            modeladmin.message_user(request, text % {"count": count})
        return None
    return TemplateResponse(
        request,
        "admin/accounts/organisation/verification.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Verify organisations") if verify else _("Refuse organisations"),
            "organisations": queryset,
            "form": form,
            "action": request.POST["action"],
            "verify": verify,
            "opts": modeladmin.model._meta,
        },
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "category", "country", "status", "created_at", "verified_at"]
    list_filter = ["status", "category", "country__regional_group", "country__developed", "ecosoc_status"]
    search_fields = ["name", "acronym", "country__name"]
    list_select_related = ["category", "country"]
    autocomplete_fields = ["country"]
    readonly_fields = ["status", "verified_at", "verified_by", "verification_note", "created_by", "created_at"]
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["verify", "refuse"]

    @admin.action(description=_("Verify selected organisations"), permissions=["verify"])
    def verify(self, request, queryset):
        return _decide_verification(self, request, queryset, verify=True)

    @admin.action(description=_("Refuse or withdraw verification of selected organisations"), permissions=["verify"])
    def refuse(self, request, queryset):
        return _decide_verification(self, request, queryset, verify=False)

    def get_readonly_fields(self, request, obj=None):
        # Who a verified organisation is changes only by refusing and verifying again,
        # so the one-Government-per-Member-State rule is checked each time.
        if obj is not None and obj.is_verified:
            return [*self.readonly_fields, "category", "country", "is_international"]
        return self.readonly_fields

    def has_verify_permission(self, request):
        return services.user_can_verify_organisations(request.user)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "status", "created_at"]
    list_filter = ["role", "status"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    """The sign-in log: every staff member may read it, nobody may change it."""

    list_display = ["at", "kind", "email", "user", "address", "user_agent"]
    list_filter = ["kind"]
    search_fields = ["email", "address", "user__full_name"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    fields = ["at", "kind", "user", "email", "address", "user_agent"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
