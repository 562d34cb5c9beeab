from django.core.management.base import BaseCommand, CommandError

from consultations import exports
from consultations.models import Consultation


class Tally:
    """Passes a table through, counting its rows after the header."""

    def __init__(self, table):
        self.table = table
        self.count = -1

    def __iter__(self):
        for row in self.table:
            self.count += 1
            yield row


class Command(BaseCommand):
    help = (
        "Export a consultation's inputs as open data: one row per input, one column per question (q1, q2, …), "
        "answers as sent. The complete edition (the default) holds every accepted input of verified "
        "organisations, secretariat-only ones included, with their consent; the public edition is the public record."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="the consultation's slug")
        parser.add_argument("--format", dest="fmt", required=True, choices=["csv", "xlsx", "json"])
        parser.add_argument("--output", required=True, metavar="FILE", help='file to write, or "-" for standard output')
        parser.add_argument("--edition", choices=exports.EDITIONS, default=exports.COMPLETE)

    def handle(self, *args, consultation, fmt, output, edition, **options):
        consultation = self._consultation(consultation)
        if output == "-" and fmt == "xlsx":
            raise CommandError("An XLSX workbook is binary: write it to a file with --output FILE.")
        table = Tally(exports.rows(consultation, edition=edition))
        try:
            self._write(fmt, table, output)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}")
        inputs = "input" if table.count == 1 else "inputs"
        # On standard output the data goes first; the count goes to standard error so as not to spoil it.
        report = self.stderr if output == "-" else self.stdout
        message = f"{table.count} {inputs} of {consultation.reference} exported ({edition} edition, {fmt})."
        report.write(message, style_func=self.style.SUCCESS)

    def _write(self, fmt, table, output):
        if fmt == "xlsx":
            exports.xlsx_write(table, output)
        elif output == "-":
            for chunk in self._chunks(fmt, table):
                self.stdout.write(chunk, ending="")
        else:
            with open(output, "w", encoding="utf-8", newline="") as out:
                out.writelines(self._chunks(fmt, table))

    def _chunks(self, fmt, table):
        return exports.csv_chunks(table) if fmt == "csv" else exports.json_chunks(table)

    def _consultation(self, slug):
        try:
            return Consultation.objects.get(slug=slug)
        except Consultation.DoesNotExist:
            raise CommandError(f"No consultation has the slug {slug}.")
