from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from accounts import console
from accounts.signals import verification_changed
from consultations import slots
from consultations.signals import submission_decided


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Imported once the models are ready: these modules import them, and this one is read before them.
        from reports import queries, signals
        from reports.compilation import inputs  # noqa: F401 (registers the compilation, the engine's first kind)
        from reports.models import Compilation

        submission_decided.connect(signals.on_submission_decided, dispatch_uid="reports.balance.decided")
        verification_changed.connect(signals.on_verification_changed, dispatch_uid="reports.balance.verification")
        post_delete.connect(signals.on_compilation_deleted, sender=Compilation, dispatch_uid="reports.public-record")
        # What reports adds to the pages of the apps below it.
        console.navigation_add(order=50, label=_("Working groups"), url_name="reports:working_groups_console")
        slots.CONSOLE_DASHBOARD.register("reports/parts/console_dashboard.html", queries.latest_balances)
        slots.PUBLIC_RECORD.register("reports/parts/public_record.html", queries.public_compilations_of)
        slots.PUBLIC_INPUT_DOWNLOADS.register("reports/parts/public_input.html")
        slots.RECEIPT_ACTIONS.register("reports/parts/receipt.html")
