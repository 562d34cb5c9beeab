"""Load the countries (accounts/data/countries.csv) and the stakeholder categories."""

import csv

from django.db import migrations

from accounts.countries import SEED_FILE

GROUPS = {
    "African States": "african",
    "Asia-Pacific States": "asia-pacific",
    "Eastern European States": "eastern-european",
    "Latin American and Caribbean States": "latin-american-caribbean",
    "Western European and other States": "western-european-others",
}

# The resolution names "technical and academic communities" together; they are
# two categories here, and a representation policy may seat them as one group.
CATEGORIES = [
    ("government", "Government", True),
    ("private-sector", "Private sector", False),
    ("civil-society", "Civil society", False),
    ("technical-community", "Technical community", False),
    ("academic-community", "Academic community", False),
    ("intergovernmental", "Intergovernmental and international organizations", False),
]


def load(apps, schema_editor):
    Country = apps.get_model("accounts", "Country")
    StakeholderCategory = apps.get_model("accounts", "StakeholderCategory")
    with SEED_FILE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    Country.objects.bulk_create(
        Country(
            iso2=row["iso2"],
            iso3=row["iso3"],
            name=row["name"],
            un_status=row["un_status"],
            regional_group=GROUPS.get(row["regional_group"], ""),
            developed=row["developed"] == "yes",
            ldc=row["ldc"] == "yes",
            lldc=row["lldc"] == "yes",
            sids=row["sids"] == "yes",
        )
        for row in rows
    )
    StakeholderCategory.objects.bulk_create(
        StakeholderCategory(slug=slug, name=name, order=order, is_government=is_government)
        for order, (slug, name, is_government) in enumerate(CATEGORIES, start=1)
    )


def unload(apps, schema_editor):
    apps.get_model("accounts", "Country").objects.all().delete()
    apps.get_model("accounts", "StakeholderCategory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
