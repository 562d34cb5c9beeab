from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import console


class GroupsConfig(AppConfig):
    """The working group's own work: the drafts of its report to the Commission, the members' comments and
    positions on them, and the record of what is agreed.

    It stands above reports and review (DESIGN.md, Layout): it reads accounts, consultations and reports, and
    nothing below names it."""

    name = "groups"
    verbose_name = _("Working groups' reports")

    def ready(self):
        from groups import report_pdf  # noqa: F401 (registers the report to the Commission with the engine)

        console.navigation_add(order=50, label=_("Reports"), url_name="groups:index")
