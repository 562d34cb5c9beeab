import sys

from django.core.management.base import BaseCommand, CommandError

from consultations.models import Consultation
from review import codebook
from review.queries import codebook_of


class Command(BaseCommand):
    help = "Write a consultation's codebook as CSV, XLSX or JSON, in the columns import_codebook reads back."

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="the consultation's slug")
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--output", metavar="FILE", help="the file to write (default: standard output; not XLSX)")

    def handle(self, *args, **options):
        consultation = Consultation.objects.filter(slug=options["consultation"]).first()
        if consultation is None:
            raise CommandError(f"No consultation has the slug {options['consultation']}.")
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError("An XLSX workbook is not text: name the file to write with --output.")
        codes = [code for code in codebook_of(consultation) if code.is_open]  # what new codings may use
        if options["output"]:
            try:
                with open(options["output"], "wb") as out:
                    codebook.write(codes, options["format"], out)
            except OSError as error:
                raise CommandError(f"Cannot write {options['output']}: {error.strerror}.")
            self.stderr.write(f"{len(codes)} codes written to {options['output']}.")
        else:
            codebook.write(codes, options["format"], sys.stdout.buffer)
