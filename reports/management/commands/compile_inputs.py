from django.conf import settings
from django.core.management.base import BaseCommand

from reports.compilation import jobs
from reports.management.documents import consultation_and_output
from reports.models import Compilation


class Command(BaseCommand):
    help = "Compile a consultation's inputs into one PDF, in this process, and print its page count and SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="the consultation's slug")
        parser.add_argument(
            "--arrangement", choices=Compilation.Arrangement.values, default=Compilation.Arrangement.BY_RESPONDENT
        )
        parser.add_argument("--edition", choices=Compilation.Edition.values, default=Compilation.Edition.COMPLETE)
        parser.add_argument(
            "--language", action="append", default=[], help="include only this input language (repeatable)"
        )
        parser.add_argument(
            "--document-language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=jobs.LANGUAGE,
            help="the language of the cover, contents and headings (default: en)",
        )
        parser.add_argument(
            "--list-attachments", action="store_true", help="list PDF attachments instead of appending them"
        )
        parser.add_argument("--output", required=True, help="the PDF file to write")

    def handle(self, *args, **options):
        consultation, output = consultation_and_output(options)
        pages, digest, log = jobs.compile_to_file(
            consultation,
            arrangement=options["arrangement"],
            edition=options["edition"],
            languages=tuple(options["language"]),
            append_attachments=not options["list_attachments"],
            output_path=output,
            language=options["document_language"],
        )
        for line in log:
            self.stderr.write(line)
        self.stdout.write(f"{output}: {pages} pages, SHA-256 {digest}")
