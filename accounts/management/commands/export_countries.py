from django.core.management.base import BaseCommand

from accounts.countries import write_csv
from accounts.models import Country


class Command(BaseCommand):
    help = "Write every country as CSV (iso3,name,regional_group,developed,ldc,lldc,sids) to standard output."

    def handle(self, *args, **options):
        write_csv(self.stdout, Country.objects.order_by("name"))
