"""Keep balance reports current when what they count changes, and the public record's list of compilations.

The signals are sent inside the transaction of the change: the report is requested (its row and its follow-up
written) in that transaction, so it is asked for exactly when the change commits, whatever the broker does.
"""

from consultations import public_cache
from consultations.models import Consultation, Submission
from reports import services
from reports.models import Compilation


def on_submission_decided(sender, submission_id, **kwargs):
    consultation_id = Submission.objects.filter(pk=submission_id).values_list("consultation_id", flat=True).first()
    if consultation_id:
        services.balance_report_request(consultation=Consultation.objects.get(pk=consultation_id), reason="decision")


def on_verification_changed(sender, organisation_id, **kwargs):
    consultations = Consultation.objects.with_public_record().filter(submissions__organisation_id=organisation_id)
    for consultation in consultations.distinct():
        services.balance_report_request(consultation=consultation, reason="verification")


def on_compilation_deleted(sender, instance, **kwargs):
    """The public record lists the public editions: one deleted leaves it."""
    if instance.edition == Compilation.Edition.PUBLIC:
        public_cache.stale()
