from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from consultations.imports import COLUMNS, InputFileError, inputs_import
from consultations.models import Consultation
from consultations.services import user_can_moderate


class Command(BaseCommand):
    help = (
        "Record the inputs of a CSV (UTF-8) or XLSX sheet on the organisations' behalf, as submitted and awaiting "
        f"moderation. Header: {','.join(COLUMNS)},q1,q2,… Every row is checked first; any problem and nothing "
        "is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="the consultation's slug")
        parser.add_argument("file", help="CSV or XLSX file to read")
        parser.add_argument(
            "--as", dest="moderator", required=True, metavar="EMAIL", help="e-mail address of the moderator recording"
        )
        parser.add_argument(
            "--create-organisations",
            action="store_true",
            help="create unknown organisations, verified, with the row's category and country",
        )

    def handle(self, *args, **options):
        consultation = self._consultation(options["consultation"])
        moderator = self._moderator(options["moderator"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            count = inputs_import(
                moderator=moderator,
                consultation=consultation,
                name=path.name,
                data=path.read_bytes(),
                create_organisations=options["create_organisations"],
            )
        except InputFileError as error:
            raise CommandError(
                "Nothing was imported; fix these problems and try again:\n  " + "\n  ".join(error.problems)
            )
        except PermissionDenied as error:
            raise CommandError(str(error))
        inputs = "input" if count == 1 else "inputs"
        self.stdout.write(
            self.style.SUCCESS(f"{count} {inputs} recorded for {consultation.reference}, awaiting moderation.")
        )

    def _consultation(self, slug):
        try:
            return Consultation.objects.get(slug=slug)
        except Consultation.DoesNotExist:
            raise CommandError(f"No consultation has the slug {slug}.")

    def _moderator(self, email):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user has the e-mail address {email}.")
        if not user_can_moderate(user):
            raise CommandError(
                f"{email} is not a moderator: inputs are recorded by active staff in the Moderator group."
            )
        return user
