"""The public search reads a stored vector of each input's words, kept by PostgreSQL itself (SQLite searches plainly).

0002 indexed to_tsvector(search_text): the words of the inputs that match were found from the index, but when the
list is walked in its own order (category, regional group, number) until a page is full, PostgreSQL computed
to_tsvector again for every input it passed (bench: 0.7 s for a common word at 20,000 inputs). The vector is now a
column, filled by a trigger whenever search_text is written (saves, bulk loads and imports alike), with the index
on it; Django does not read it, so no other query carries it.
"""

from django.db import migrations

OLD_INDEX = "consultations_submission_search"
OLD_CREATE = (
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON consultations_submission "
    "USING GIN (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) WITH (fastupdate = off)"
)
# fastupdate off: inputs arrive slowly, and a GIN pending list makes the planner skip the index until the next vacuum.
FORWARD = [
    "ALTER TABLE consultations_submission ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION consultations_submission_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := to_tsvector('simple'::regconfig, COALESCE(NEW.search_text, ''));
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER consultations_submission_search_vector
    BEFORE INSERT OR UPDATE OF search_text ON consultations_submission
    FOR EACH ROW EXECUTE FUNCTION consultations_submission_search_vector()
    """,
    "UPDATE consultations_submission SET search_vector = to_tsvector('simple'::regconfig, COALESCE(search_text, ''))",
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    f"CREATE INDEX {OLD_INDEX} ON consultations_submission USING GIN (search_vector) WITH (fastupdate = off)",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    "DROP TRIGGER IF EXISTS consultations_submission_search_vector ON consultations_submission",
    "DROP FUNCTION IF EXISTS consultations_submission_search_vector()",
    "ALTER TABLE consultations_submission DROP COLUMN IF EXISTS search_vector",
    OLD_CREATE,
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0005_daily_digest_sent")]
    operations = [migrations.RunPython(forward, backward)]
