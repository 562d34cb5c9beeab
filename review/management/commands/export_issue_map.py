from django.core.management.base import BaseCommand

from review import map_io
from review.management.output import consultation_of, write_out


class Command(BaseCommand):
    help = (
        "Write a consultation's map of issues to mechanisms (the entries in force, one row each) as CSV, XLSX or "
        "JSON, in the columns import_issue_map reads back. For the secretariat: it holds the mechanisms' e-mail "
        "addresses for accuracy checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="the consultation's slug")
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--output", metavar="FILE", help="the file to write (default: standard output; not XLSX)")

    def handle(self, *args, **options):
        consultation = consultation_of(options)
        entries = map_io.entries_of(consultation)
        done = f"{len(entries)} entries written to {options['output']}."
        write_out(self, options, lambda out: map_io.write(entries, options["format"], out), done)
