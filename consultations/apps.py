from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import console


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        # Imported once the models are ready: both modules import them, and this one is read before them.
        from consultations import checks, public_cache  # noqa: F401  (checks: registered on import)

        public_cache.connect()
        console.navigation_add(order=10, label=_("Dashboard"), url_name="consultations:moderation_index")
        console.navigation_add(
            order=20, label=_("Queue"), url_name="consultations:moderation_queue", query="state=submitted"
        )
        console.navigation_add(order=40, label=_("Audit log"), url_name="consultations:moderation_audit")
