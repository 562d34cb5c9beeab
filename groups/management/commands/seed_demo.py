from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from accounts.demo import STAKEHOLDER_PASSWORD, email, print_logins, seed_accounts
from consultations import demo_data
from consultations.demo import seed_consultation
from groups.demo import VOICES, seed_report
from reports.demo import seed_working_group
from review.demo import seed_review


class Command(BaseCommand):
    help = (
        "Create the demo secretariat, organisations, consultation, inputs, working group, review of the inputs and "
        "the group's report with its rounds of comments (safe to run again)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        staff = seed_accounts(extra_organisations=demo_data.load().organisations)
        consultation = seed_consultation(staff["moderator"])
        group = seed_working_group(staff["moderator"], consultation)
        staff |= seed_review(staff["moderator"], consultation)
        report = seed_report(staff["chair"], group)
        print_logins(self.stdout, self.style, staff)
        site = settings.SITE_URL  # make run's port (PORT), or the deployment's address
        self.stdout.write(f"  The demo consultation: {site}{consultation.get_absolute_url()}")
        console = reverse("reports:working_group_console", args=[group.slug])
        self.stdout.write(f"  The demo working group (console): {site}{console}")
        review = reverse("review:consultation", args=[consultation.slug])
        self.stdout.write(f"  The review of its inputs (console): {site}{review}")
        drafts = reverse("groups:report", args=[group.slug, report.pk])
        self.stdout.write(f"  The group's report, its drafts and comments (console): {site}{drafts}")
        voices = ", ".join(email(login) for _voice, login, _language in VOICES[:3])
        self.stdout.write(f"  Members who comment on the drafts: {voices}… (password {STAKEHOLDER_PASSWORD})")
        member = reverse("groups:member_draft", args=[group.slug, report.pk, 2])
        self.stdout.write(f"  Draft 2 as a member reads it (delegate-canada, open for comments): {site}{member}\n")
