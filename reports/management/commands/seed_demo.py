from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import print_logins, seed_accounts
from consultations import demo_content
from consultations.demo import seed_consultation
from reports.demo import seed_working_group


class Command(BaseCommand):
    help = "Create the demo secretariat, organisations, consultation, inputs and working group (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        staff = seed_accounts(extra_organisations=demo_content.ORGANISATIONS)
        consultation = seed_consultation(staff["moderator"])
        group = seed_working_group(staff["moderator"], consultation)
        print_logins(self.stdout, self.style, staff)
        self.stdout.write(f"  The demo consultation: http://127.0.0.1:8000{consultation.get_absolute_url()}")
        self.stdout.write(
            f"  The demo working group (console): http://127.0.0.1:8000/moderation/working-groups/{group.slug}/\n"
        )
