from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.db.models.signals import post_delete

        from accounts.signals import verification_changed
        from consultations.signals import submission_decided
        from reports import signals
        from reports.models import Compilation

        submission_decided.connect(signals.on_submission_decided, dispatch_uid="reports.balance.decided")
        verification_changed.connect(signals.on_verification_changed, dispatch_uid="reports.balance.verification")
        post_delete.connect(signals.on_compilation_deleted, sender=Compilation, dispatch_uid="reports.public-record")
