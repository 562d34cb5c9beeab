"""Signals other apps listen to; consultations knows nothing of what they do."""

from django.dispatch import Signal

# Sent inside the transaction that decides on an input, so that what listeners record commits with the decision
# (and their follow-ups go through the outbox); argument: submission_id.
submission_decided = Signal()
