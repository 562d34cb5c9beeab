from django.conf import settings
from django.core.management.base import BaseCommand

from reports.compilation import jobs
from reports.management.documents import consultation_and_output
from reports.models import Compilation
from review.summary import SummarySpec


class Command(BaseCommand):
    help = (
        "Make a consultation's summary of inputs (method, issue register, map of issues to mechanisms, syntheses) "
        "as one PDF, in this process, and print its page count and SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="the consultation's slug")
        parser.add_argument("--edition", choices=Compilation.Edition.values, default=Compilation.Edition.COMPLETE)
        parser.add_argument(
            "--document-language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=jobs.LANGUAGE,
            help="the language of the summary's own text (quotes stay in the language they were written in)",
        )
        parser.add_argument("--output", required=True, help="the PDF file to write")

    def handle(self, *args, **options):
        consultation, output = consultation_and_output(options)
        spec = SummarySpec(consultation, options["edition"], options["document_language"])
        pages, digest, log = jobs.document_to_file(spec, output_path=output)
        for line in log:
            self.stderr.write(line)
        self.stdout.write(f"{output}: {pages} pages, SHA-256 {digest}")
