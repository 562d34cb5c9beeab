from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from consultations.models import Consultation
from consultations.sheets import InputFileError
from review import codebook
from review.services import codebook_import


class Command(BaseCommand):
    help = (
        "Add the codes of a CSV (UTF-8), XLSX or JSON file to a consultation's codebook, and update the codes of the "
        f"same name. Columns: {', '.join(codebook.COLUMNS)}, and name_fr, definition_ar, note_zh-hans… for "
        "translations; a code without a parent is a cluster. The whole file is checked first: any problem and "
        "nothing is written."
    )

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
            done = codebook_import(user=user, consultation=consultation, name=path.name, data=path.read_bytes())
        except InputFileError as error:
            raise CommandError(
                "Nothing was imported; fix these problems and try again:\n  " + "\n  ".join(error.problems)
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)])))
        self.stdout.write(
            self.style.SUCCESS(
                f"Codebook of {consultation.reference}: {done.created} codes added, {done.changed} changed, "
                f"{done.unchanged} unchanged."
            )
        )
