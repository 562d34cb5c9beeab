"""What the review's import and export commands share: the consultation named on the command line, the file read as
someone (imports), and writing to a file or to standard output (exports)."""

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from consultations.models import Consultation
from consultations.sheets import InputFileError


class FileImportCommand(BaseCommand):
    """An import of a CSV, XLSX or JSON file into a consultation, as the analyst or moderator --as names: the whole
    file checked first, nothing written if any line is wrong. A command says what it imports with
    `import_file(user, consultation, name, data)` and what it did with `summary(consultation, done)`."""

    def import_file(self, *, user, consultation, name, data):
        raise NotImplementedError

    def summary(self, consultation, done) -> str:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="the consultation's slug")
        parser.add_argument("file", help="CSV, XLSX or JSON file to read")
        parser.add_argument(
            "--as", dest="user", required=True, metavar="EMAIL", help="e-mail of the analyst or moderator"
        )

    def handle(self, *args, **options):
        consultation = Consultation.objects.filter(slug=options["consultation"]).first()
        if consultation is None:
            raise CommandError(f"No consultation has the slug {options['consultation']}.")
        user = User.objects.filter(email__iexact=options["user"]).first()
        if user is None:
            raise CommandError(f"No user has the e-mail address {options['user']}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            done = self.import_file(user=user, consultation=consultation, name=path.name, data=path.read_bytes())
        except InputFileError as error:
            raise CommandError(
                "Nothing was imported; fix these problems and try again:\n  " + "\n  ".join(error.problems)
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)])))
        self.stdout.write(self.style.SUCCESS(self.summary(consultation, done)))


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
