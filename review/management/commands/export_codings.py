from django.core.management.base import BaseCommand

from review import exports
from review.management.output import consultation_of, write_out


class Command(BaseCommand):
    help = (
        "Write a consultation's codings, one row per coding (reference, question, code path, stance, passage, coder, "
        "date), as CSV, XLSX or JSON: the complete edition for the secretariat, or the public edition."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="the consultation's slug")
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument(
            "--edition",
            choices=["public", "complete"],
            default="complete",
            help="public: only the inputs published with consent, organisations named only where consented, "
            "no coders' names; complete (default): every coding, for the secretariat",
        )
        parser.add_argument("--output", metavar="FILE", help="the file to write (default: standard output; not XLSX)")

    def handle(self, *args, **options):
        consultation = consultation_of(options)
        arguments = {"edition": options["edition"], "fmt": options["format"]}
        done = f"The {options['edition']} edition's codings written to {options['output']}."
        write_out(self, options, lambda out: exports.write(consultation, out=out, **arguments), done)
