from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from consultations.services import user_can_moderate
from reports.models import WorkingGroup
from reports.nominations import COLUMNS, NominationFileError, nominations_import


class Command(BaseCommand):
    help = (
        "Record the nominations of a CSV (UTF-8) or XLSX sheet for a working group. "
        f"Header: {','.join(COLUMNS)}. Every row is checked first; any problem and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("group", help="the working group's slug")
        parser.add_argument("file", help="CSV or XLSX file to read")
        parser.add_argument(
            "--as", dest="moderator", required=True, metavar="EMAIL", help="e-mail address of the moderator recording"
        )
        parser.add_argument(
            "--create-organisations",
            action="store_true",
            help="create unknown organisations, verified by the moderator, with the row's category and country",
        )

    def handle(self, *args, **options):
        group = self._group(options["group"])
        moderator = self._moderator(options["moderator"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            count = nominations_import(
                moderator=moderator,
                working_group=group,
                name=path.name,
                data=path.read_bytes(),
                create_organisations=options["create_organisations"],
            )
        except NominationFileError as error:
            raise CommandError(
                "Nothing was imported; fix these problems and try again:\n  " + "\n  ".join(error.problems)
            )
        except PermissionDenied as error:
            raise CommandError(str(error))
        nominations = "nomination" if count == 1 else "nominations"
        self.stdout.write(self.style.SUCCESS(f"{count} {nominations} recorded for {group}."))

    def _group(self, slug):
        try:
            return WorkingGroup.objects.get(slug=slug)
        except WorkingGroup.DoesNotExist:
            raise CommandError(f"No working group has the slug {slug}.")

    def _moderator(self, email):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user has the e-mail address {email}.")
        if not user_can_moderate(user):
            raise CommandError(
                f"{email} is not a moderator: nominations are recorded by active staff in the Moderator group."
            )
        return user
