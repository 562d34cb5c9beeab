"""What the review's export commands share: the consultation named on the command line, and writing to a file or to
standard output."""

import sys

from django.core.management.base import CommandError

from consultations.models import Consultation


def consultation_of(options) -> Consultation:
    consultation = Consultation.objects.filter(slug=options["consultation"]).first()
    if consultation is None:
        raise CommandError(f"No consultation has the slug {options['consultation']}.")
    if options["format"] == "xlsx" and not options["output"]:
        raise CommandError("An XLSX workbook is not text: name the file to write with --output.")
    return consultation


def write_out(command, options, write, done: str) -> None:
    """write(out) to the file --output names (then say `done` on standard error), or to standard output."""
    if not options["output"]:
        write(sys.stdout.buffer)
        return
    try:
        with open(options["output"], "wb") as out:
            write(out)
    except OSError as error:
        raise CommandError(f"Cannot write {options['output']}: {error.strerror}.")
    command.stderr.write(done)
