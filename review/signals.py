"""What the review does when the apps below it change: an input sent again carries its codings to the new version."""

from review import services


def on_version_sent(sender, submission_id, version_id, number, **kwargs):
    if number > 1:  # a first version has no codings to carry
        services.codings_carry(submission_id=submission_id, version_id=version_id)
