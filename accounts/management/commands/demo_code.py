from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_DOMAIN, DEMO_TOTP_SECRET, STAFF


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo secretariat login (moderator or chair)."

    def add_arguments(self, parser):
        parser.add_argument("login", choices=[login for login, _, _ in STAFF], help=f"a login of @{DEMO_DOMAIN}")

    def handle(self, *args, **options):
        counters = list(yield_hotp_counters_from_time())
        if not counters:
            raise CommandError("No time window to compute a code for.")
        current = counters[len(counters) // 2]
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, current)))
