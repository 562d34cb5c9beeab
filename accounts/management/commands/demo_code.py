from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_DOMAIN, DEMO_TOTP_SECRET
from accounts.models import User


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo secretariat login (moderator, chair, analyst, analyst2)."

    def add_arguments(self, parser):
        parser.add_argument("login", help=f"a secretariat login of @{DEMO_DOMAIN}, as seed_demo printed them")

    def handle(self, *args, **options):
        address = f"{options['login']}@{DEMO_DOMAIN}"
        if not User.objects.filter(email=address, is_staff=True).exists():
            raise CommandError(f"{address} is not a demo secretariat login; seed_demo prints them.")
        counters = list(yield_hotp_counters_from_time())
        if not counters:
            raise CommandError("No time window to compute a code for.")
        current = counters[len(counters) // 2]
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, current)))
