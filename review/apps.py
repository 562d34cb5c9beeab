from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import console
from consultations import slots
from consultations.signals import version_sent


class ReviewConfig(AppConfig):
    """Reviewing the inputs: the codebook of issues, the analysts' codings and their agreement.

    It stands above reports (DESIGN.md, Layout): it reads consultations and accounts, and nothing below names it."""

    name = "review"
    verbose_name = _("Review of inputs")

    def ready(self):
        # Imported once the models are ready: these modules import them, and this one is read before them.
        from review import queries, register, signals, summary  # noqa: F401 (summary registers its kind)

        console.navigation_add(order=45, label=_("Review"), url_name="review:index")
        version_sent.connect(signals.on_version_sent, dispatch_uid="review.codings.carry")
        # What the review adds to the console's pages of an input.
        slots.INPUT_REVIEW.register("review/parts/input_review.html", queries.coding_summaries)
        slots.QUEUE_ROW.register("review/parts/queue_row.html", queries.coding_counts)
        slots.PUBLIC_RECORD.register("review/parts/public_record.html", register.published_of)
