from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from groups.models import Report
from groups.report_pdf import spec_for
from reports.compilation import jobs


class Command(BaseCommand):
    help = (
        "Make the report to the Commission from a published draft of a working group's report (cover, composition, "
        "method, the numbered paragraphs, and the annex of paragraphs without consensus if asked), as one PDF, in "
        "this process, and print its page count and SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("working_group", help="the working group's slug")
        parser.add_argument("--report", type=int, help="the report's number (its id); the group's latest if left out")
        parser.add_argument("--draft", type=int, required=True, help="the published draft's number")
        parser.add_argument(
            "--document-language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=jobs.LANGUAGE,
            help="the language of the report's own text (each paragraph in it where translated, else as written)",
        )
        parser.add_argument(
            "--annex-no-consensus", action="store_true",
            help="add the annex of paragraphs without consensus, with the positions on them",
        )  # fmt: skip
        parser.add_argument("--output", required=True, help="the PDF file to write")

    def handle(self, *args, **options):
        reports = Report.objects.filter(working_group__slug=options["working_group"]).select_related("working_group")
        if options["report"] is not None:
            reports = reports.filter(pk=options["report"])
        report = reports.order_by("-created_at", "-pk").first()
        if report is None:
            raise CommandError(f"No report of a working group with the slug {options['working_group']!r}.")
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"No folder {output.parent} to write {output.name} into.")
        try:
            spec = spec_for(report, options["draft"], annex=options["annex_no_consensus"],
                            language=options["document_language"])  # fmt: skip
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        pages, digest, log = jobs.document_to_file(spec, output_path=output)
        for line in log:
            self.stderr.write(line)
        self.stdout.write(f"{output}: {pages} pages, SHA-256 {digest}")
