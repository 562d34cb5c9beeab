from django.db import migrations

# M49's "developed regions" list Cyprus and Israel, both in its Western Asia (accounts/data/countries.csv says how
# each such case is decided). Databases seeded from the file before it was corrected had Cyprus as developing.
DEVELOPED = ["CYP", "ISR"]


def mark_developed(apps, schema_editor):
    apps.get_model("accounts", "Country").objects.filter(iso3__in=DEVELOPED).update(developed=True)


def mark_cyprus_developing(apps, schema_editor):
    """Back to the file as it was: Cyprus developing; Israel was developed already."""
    apps.get_model("accounts", "Country").objects.filter(iso3="CYP").update(developed=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_names_on_one_line"),
    ]

    operations = [
        migrations.RunPython(mark_developed, mark_cyprus_developing),
    ]
