from django import template

from reports.models import BalanceReport

register = template.Library()


@register.simple_tag
def latest_balance(consultation):
    """The consultation's latest computed balance report, or None (one query per consultation shown)."""
    return (
        BalanceReport.objects.filter(consultation=consultation, status=BalanceReport.Status.SUCCEEDED)
        .only("pk", "meets_hard", "finished_at")
        .first()
    )
