from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from outbox.models import MAX_ATTEMPTS, FollowUp


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("pending", _("Not done")), ("given-up", _("Given up")), ("done", _("Done"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(done_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        if self.value() == "given-up":
            return queryset.given_up()
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    """What was sent after each change, what waits for the broker, and what failed: for operators, read-only."""

    list_display = ["__str__", "status", "created_at", "dispatched_at", "done_at", "attempts"]
    list_filter = [StatusFilter, "task"]
    search_fields = ["task", "last_error"]
    readonly_fields = ["task", "args", "created_at", "dispatched_at", "done_at", "attempts", "last_error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
