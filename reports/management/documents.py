"""What the commands that make a document in this process share (compile_inputs, and compile_summary of the review):
the consultation named on the command line, and the file to write."""

from pathlib import Path

from django.core.management.base import CommandError

from consultations.models import Consultation


def consultation_and_output(options) -> tuple[Consultation, Path]:
    """The consultation its slug names and the PDF --output names, in a folder that exists; else a clear error."""
    consultation = Consultation.objects.filter(slug=options["consultation"]).first()
    if consultation is None:
        raise CommandError(f"No consultation with the slug {options['consultation']!r}.")
    output = Path(options["output"])
    if not output.parent.is_dir():
        raise CommandError(f"No folder {output.parent} to write {output.name} into.")
    return consultation, output
