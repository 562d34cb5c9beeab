import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import RegionalGroup
from consultations.models import Consultation
from reports.balance import MEETS, population_report
from reports.models import WorkingGroup

DEVELOPMENT = {True: "developed", False: "developing", None: "international"}


class Command(BaseCommand):
    help = (
        "Check a consultation's counted inputs, or a working group's members, against its representation policy: "
        "the cross-table, then each rule with its verdict and remedy. Exits non-zero when a hard rule is not met."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="CONSULTATION_OR_GROUP", help="a consultation's or a working group's slug")
        parser.add_argument("--json", action="store_true", help="print the report as JSON instead of a table")

    def handle(self, *args, **options):
        population = self._population(options["slug"])
        result = population_report(**population)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self._print(population, result)
        unmet = [rule["label"] for rule in result["rules"] if rule["hard"] and rule["verdict"] != MEETS]
        if unmet:
            raise CommandError(f"A hard rule is not met: {'; '.join(unmet)}.")

    def _population(self, slug):
        consultation = Consultation.objects.filter(slug=slug).first()
        group = WorkingGroup.objects.select_related("policy").filter(slug=slug).first()
        if consultation and group:
            raise CommandError(
                f"{slug} is the slug of both a consultation and a working group; rename one of them to check the other."
            )
        if consultation:
            return {"consultation": consultation}
        if group:
            return {"working_group": group}
        raise CommandError(f"No consultation or working group has the slug {slug}.")

    def _print(self, population, result):
        subject = population.get("consultation") or population.get("working_group")
        total = result["total"]
        if "consultation" in population:
            counted = "counted input" if total == 1 else "counted inputs"
        else:
            counted = "member" if total == 1 else "members"
        self.stdout.write(f"Balance of {subject}: {total} {counted}")
        self.stdout.write("")
        self._print_cells(result["cells"])
        if "working_group" in population:
            gender = result["gender"]
            self.stdout.write(
                f"\nGender: {gender['female']} female, {gender['male']} male, {gender['other']} other, "
                f"{gender['not_stated']} not stated"
            )
        self.stdout.write("\nRules")
        for rule in result["rules"]:
            kind = "hard" if rule["hard"] else "advisory"
            line = f"  {rule['verdict']:<5}  {kind:<8}  {rule['label']}: expected {rule['expected']}, "
            self.stdout.write(f"{line}actual {rule['actual']}")
            if rule["remedy"]:
                self.stdout.write(f"{'':19}{rule['remedy']}")
        met = "Every hard rule is met." if result["meets_hard"] else "A hard rule is not met."
        self.stdout.write(self.style.SUCCESS(f"\n{met}") if result["meets_hard"] else self.style.ERROR(f"\n{met}"))

    def _print_cells(self, cells):
        groups = dict(RegionalGroup.choices)
        rows = [("category", "regional group", "development", "count")] + [
            (
                cell["category"],
                str(groups.get(cell["regional_group"], "—")),
                DEVELOPMENT[cell["developed"]],
                str(cell["count"]),
            )
            for cell in cells
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            *text, count = row
            self.stdout.write(
                "  ".join(t.ljust(w) for t, w in zip(text, widths, strict=False)) + "  " + count.rjust(widths[3])
            )
