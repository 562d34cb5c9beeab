"""Signals other apps listen to; accounts knows nothing of what they do."""

from django.dispatch import Signal

# Sent inside the transaction that verifies, refuses or withdraws an organisation, so that what listeners record
# commits with it (and their follow-ups go through the outbox); argument: organisation_id.
verification_changed = Signal()
