from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from accounts.signals import verification_changed
        from consultations.signals import submission_decided
        from reports import signals

        submission_decided.connect(signals.on_submission_decided, dispatch_uid="reports.balance.decided")
        verification_changed.connect(signals.on_verification_changed, dispatch_uid="reports.balance.verification")
