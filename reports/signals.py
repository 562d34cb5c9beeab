"""Keep balance reports current when what they count changes."""

from django.db import transaction

from reports import services


def on_submission_decided(sender, submission_id, **kwargs):
    from consultations.models import Submission

    consultation_id = Submission.objects.filter(pk=submission_id).values_list("consultation_id", flat=True).first()
    if consultation_id:
        with transaction.atomic():
            services.balance_report_request(consultation=_consultation(consultation_id), reason="decision")


def on_verification_changed(sender, organisation_id, **kwargs):
    from consultations.models import Consultation

    consultations = Consultation.objects.with_public_record().filter(submissions__organisation_id=organisation_id)
    for consultation in consultations.distinct():
        with transaction.atomic():
            services.balance_report_request(consultation=consultation, reason="verification")


def _consultation(pk):
    from consultations.models import Consultation

    return Consultation.objects.get(pk=pk)
