from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """Reviewing the inputs: the codebook of issues, the analysts' codings and their agreement.

    It stands above reports (DESIGN.md, Layout): it reads consultations and accounts, and nothing below names it."""

    name = "review"
    verbose_name = _("Review of inputs")
