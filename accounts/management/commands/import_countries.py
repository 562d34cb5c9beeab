import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.countries import HEADER, CountryFileError, countries_import


class Command(BaseCommand):
    help = (
        f"Update countries from a CSV file with the header {','.join(HEADER)} "
        "(as export_countries writes it). Every row is checked first; any problem and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to read, or - for standard input")

    def handle(self, *args, **options):
        text = self._read(options["file"])
        try:
            changed = countries_import(text)
        except CountryFileError as error:
            raise CommandError(
                "Nothing was imported; fix these problems and try again:\n  " + "\n  ".join(error.problems)
            )
        self.stdout.write(self.style.SUCCESS(f"{changed} countries updated."))

    def _read(self, name):
        if name == "-":
            return sys.stdin.read()
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"No such file: {name}")
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CommandError(f"{name} is not UTF-8 text; save it as UTF-8 CSV and try again.")
