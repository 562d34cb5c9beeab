from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from outbox.models import FollowUp


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("pending", _("Not done")), ("failed", _("Failed")), ("done", _("Done"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.waiting()
        if self.value() == "failed":
            return queryset.failed()
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    """What was sent after each change, what waits for the broker, and what failed: for operators, read-only."""

    list_display = ["__str__", "status", "created_at", "dispatched_at", "done_at", "attempts", "error"]
    list_filter = [StatusFilter, "task"]
    search_fields = ["task", "last_error"]
    readonly_fields = ["task", "args", "created_at", "dispatched_at", "done_at", "failed_at", "attempts", "last_error"]

    @admin.display(description=_("last error"))
    def error(self, follow_up):
        return Truncator(follow_up.last_error).chars(160)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
