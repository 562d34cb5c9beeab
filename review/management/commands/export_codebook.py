from django.core.management.base import BaseCommand

from review import codebook
from review.management.output import consultation_of, write_out
from review.queries import codebook_of


class Command(BaseCommand):
    help = "Write a consultation's codebook as CSV, XLSX or JSON, in the columns import_codebook reads back."

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="the consultation's slug")
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--output", metavar="FILE", help="the file to write (default: standard output; not XLSX)")

    def handle(self, *args, **options):
        consultation = consultation_of(options)
        codes = [code for code in codebook_of(consultation) if code.is_open]  # what new codings may use
        done = f"{len(codes)} codes written to {options['output']}."
        write_out(self, options, lambda out: codebook.write(codes, options["format"], out), done)
