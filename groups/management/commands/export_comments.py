import sys

from django.core.management.base import BaseCommand, CommandError

from groups import exports
from groups.models import Draft


class Command(BaseCommand):
    help = (
        "Write the comments on a draft of a working group's report, one row per comment (paragraph, member and "
        "seat, position, explanation, comment, amendment, language, when), as CSV, XLSX or JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("working_group", help="the working group's slug")
        parser.add_argument("--draft", type=int, required=True, help="the draft's number")
        parser.add_argument("--report", type=int, help="the report's number (its id); the group's latest if left out")
        parser.add_argument("--format", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument("--output", metavar="FILE", help="the file to write (default: standard output; not XLSX)")

    def handle(self, *args, **options):
        drafts = Draft.objects.filter(report__working_group__slug=options["working_group"], number=options["draft"])
        if options["report"] is not None:
            drafts = drafts.filter(report_id=options["report"])
        draft = drafts.select_related("report").order_by("-report__created_at", "-report_id").first()
        if draft is None:
            raise CommandError(
                f"No draft {options['draft']} of a report of the working group {options['working_group']!r}."
            )
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError("An XLSX workbook is not text: name the file to write with --output.")
        if not options["output"]:
            exports.write(draft, fmt=options["format"], out=sys.stdout.buffer)
            return
        try:
            with open(options["output"], "wb") as out:
                exports.write(draft, fmt=options["format"], out=out)
        except OSError as error:
            raise CommandError(f"Cannot write {options['output']}: {error.strerror}.") from error
        self.stderr.write(f"The comments on draft {draft.number} written to {options['output']}.")
