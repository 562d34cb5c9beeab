"""Signals other apps listen to; consultations knows nothing of what they do."""

from django.dispatch import Signal

# Sent inside the transaction that decides on an input, so that what listeners record commits with the decision
# (and their follow-ups go through the outbox); argument: submission_id.
submission_decided = Signal()

# Sent inside the transaction that sends (or records) a new version of an input, after its answers are written;
# arguments: submission_id, version_id, number (1 for the first version).
version_sent = Signal()
