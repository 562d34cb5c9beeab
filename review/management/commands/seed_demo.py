from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from accounts.demo import print_logins, seed_accounts
from consultations import demo_data
from consultations.demo import seed_consultation
from reports.demo import seed_working_group
from review.demo import seed_review


class Command(BaseCommand):
    help = (
        "Create the demo secretariat, organisations, consultation, inputs, working group and review of the inputs "
        "(safe to run again)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        staff = seed_accounts(extra_organisations=demo_data.load().organisations)
        consultation = seed_consultation(staff["moderator"])
        group = seed_working_group(staff["moderator"], consultation)
        staff |= seed_review(staff["moderator"], consultation)
        print_logins(self.stdout, self.style, staff)
        site = settings.SITE_URL  # make run's port (PORT), or the deployment's address
        self.stdout.write(f"  The demo consultation: {site}{consultation.get_absolute_url()}")
        console = reverse("reports:working_group_console", args=[group.slug])
        self.stdout.write(f"  The demo working group (console): {site}{console}")
        review = reverse("review:consultation", args=[consultation.slug])
        self.stdout.write(f"  The review of its inputs (console): {site}{review}\n")
