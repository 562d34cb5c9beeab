"""A published draft, the decisions on statuses and the comments are records: on PostgreSQL, triggers refuse to
change them (the models refuse it in Python; SQLite relies on that)."""

from django.db import migrations

from accounts.audit import append_only_operation

FROZEN_BY_DRAFT = """
CREATE OR REPLACE FUNCTION concord_published_draft_row() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM groups_draft WHERE id = OLD.draft_id AND published_at IS NOT NULL) THEN
            RAISE EXCEPTION '%% rows of a published draft cannot change', TG_TABLE_NAME;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM groups_draft WHERE id = NEW.draft_id AND published_at IS NOT NULL) THEN
            RAISE EXCEPTION '%% rows of a published draft cannot change', TG_TABLE_NAME;
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END; $$ LANGUAGE plpgsql
"""

FROZEN_BY_VERSION = """
CREATE OR REPLACE FUNCTION concord_published_version_row() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM groups_draftparagraph v JOIN groups_draft d ON d.id = v.draft_id
                   WHERE v.id = OLD.version_id AND d.published_at IS NOT NULL) THEN
            RAISE EXCEPTION '%% rows of a published draft cannot change', TG_TABLE_NAME;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM groups_draftparagraph v JOIN groups_draft d ON d.id = v.draft_id
                   WHERE v.id = NEW.version_id AND d.published_at IS NOT NULL) THEN
            RAISE EXCEPTION '%% rows of a published draft cannot change', TG_TABLE_NAME;
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END; $$ LANGUAGE plpgsql
"""

DRAFT_FROZEN = """
CREATE OR REPLACE FUNCTION concord_published_draft() RETURNS trigger AS $$
BEGIN
    IF OLD.published_at IS NOT NULL THEN
        RAISE EXCEPTION 'a published draft cannot change';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END; $$ LANGUAGE plpgsql
"""

TRIGGERS = [
    ("groups_draft", "concord_published_draft", "UPDATE OR DELETE"),
    ("groups_section", "concord_published_draft_row", "INSERT OR UPDATE OR DELETE"),
    ("groups_draftparagraph", "concord_published_draft_row", "INSERT OR UPDATE OR DELETE"),
    ("groups_origin", "concord_published_version_row", "INSERT OR UPDATE OR DELETE"),
    ("groups_proponent", "concord_published_version_row", "INSERT OR UPDATE OR DELETE"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for function in (FROZEN_BY_DRAFT, FROZEN_BY_VERSION, DRAFT_FROZEN):
        schema_editor.execute(function)
    for table, function, events in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_frozen BEFORE {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _function, _events in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}")


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [
        migrations.RunPython(forwards, backwards),
        append_only_operation("groups_comment"),
        append_only_operation("groups_statusdecision"),
    ]
