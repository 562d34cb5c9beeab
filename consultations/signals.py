"""Signals other apps listen to; consultations knows nothing of what they do."""

from django.dispatch import Signal

# Sent after the transaction that decided on an input commits; argument: submission_id.
submission_decided = Signal()
