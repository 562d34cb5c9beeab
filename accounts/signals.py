"""Signals other apps listen to; accounts knows nothing of what they do."""

from django.dispatch import Signal

# Sent after the transaction that verified, refused or withdrew an organisation commits; argument: organisation_id.
verification_changed = Signal()
