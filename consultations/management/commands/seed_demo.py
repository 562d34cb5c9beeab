from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import print_logins, seed_accounts
from consultations import demo_content
from consultations.demo import seed_consultation


class Command(BaseCommand):
    help = (
        "Create the demo secretariat, organisations, consultation and inputs, and print the logins (safe to run again)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        staff = seed_accounts(extra_organisations=demo_content.ORGANISATIONS)
        consultation = seed_consultation(staff["moderator"])
        print_logins(self.stdout, self.style, staff)
        self.stdout.write(f"  The demo consultation: http://127.0.0.1:8000{consultation.get_absolute_url()}\n")
