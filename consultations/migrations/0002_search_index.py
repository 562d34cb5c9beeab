"""A full-text index for the public search of inputs, on PostgreSQL only (SQLite searches plainly)."""

from django.db import migrations

INDEX = "consultations_submission_search"
# Must match what SearchVector("search_text", config="simple") compiles to, or it is not used.
# fastupdate off: inputs arrive slowly, and a GIN pending list makes the planner skip the index
# until the next vacuum (bench/public_inputs.py showed a sequential scan 15 times slower).
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON consultations_submission "
    "USING GIN (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) WITH (fastupdate = off)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
