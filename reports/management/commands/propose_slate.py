import json

from django.core.management.base import BaseCommand, CommandError

from reports import slate
from reports.models import WorkingGroup


class Command(BaseCommand):
    help = (
        "Propose, from a working group's nominations, the slate that meets every hard rule of its policy and as "
        "many advisory ones as possible, preferring the secretariat's higher ranks; or name the cells that lack "
        "candidates. Exits with status 1 when no slate meets the hard rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("group", help="the working group's slug")
        parser.add_argument("--json", action="store_true", help="print the proposal as JSON")

    def handle(self, *args, **options):
        group = self._group(options["group"])
        try:
            proposal = slate.propose(group)
        except (ValueError, slate.SlateUndecided) as error:
            raise CommandError(str(error))
        if options["json"]:
            self.stdout.write(json.dumps(document(proposal), ensure_ascii=False, indent=2))
        else:
            self._print(group, proposal)
        if not proposal.feasible:
            raise CommandError(f"No slate of {group} meets the hard rules.", returncode=1)

    def _group(self, slug):
        try:
            return WorkingGroup.objects.select_related("policy").get(slug=slug)
        except WorkingGroup.DoesNotExist:
            raise CommandError(f"No working group has the slug {slug}.")

    def _print(self, group, proposal):
        if proposal.feasible:
            self.stdout.write(f"A slate of {len(proposal.members)} members for {group} meets every hard rule:")
            for nomination in proposal.members:
                organisation = nomination.organisation
                gender = f", {nomination.gender}" if nomination.gender else ""
                self.stdout.write(
                    f"  {nomination.name} ({organisation.name}; {organisation.category.name}, "
                    f"{organisation.country.name}{gender})"
                )
        else:
            self.stdout.write(f"No slate of {group} meets every hard rule:")
            for reason in proposal.unmet:
                self.stdout.write(f"  {reason}")
        self.stdout.write("Rules:")
        for rule in proposal.rules:
            kind = "hard" if rule.hard else "advisory"
            remedy = f" {rule.remedy}" if rule.remedy else ""
            self.stdout.write(
                f"  {rule.label} ({kind}): {rule.verdict}, expected {rule.expected}, actual {rule.actual}.{remedy}"
            )


def document(proposal: slate.Proposal) -> dict:
    """The proposal as the JSON the command prints."""
    return {
        "feasible": proposal.feasible,
        "members": [
            {
                "name": n.name,
                "organisation": n.organisation.name,
                "category": n.organisation.category.slug,
                "country": n.organisation.country.iso3,
                "gender": n.gender,
            }
            for n in proposal.members
        ],
        "rules": [
            {
                "rule": r.rule,
                "hard": r.hard,
                "verdict": r.verdict,
                "expected": r.expected,
                "actual": r.actual,
                "remedy": r.remedy,
            }
            for r in proposal.rules
        ],
        "unmet": proposal.unmet,
    }
