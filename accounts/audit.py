"""Append-only records: audit rows are written once and never changed or deleted.

Python refuses it here; on PostgreSQL a trigger refuses it too (migrations), so not even
raw SQL can rewrite history.
"""

from django.db import models


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")


def refuse_changes_sql(table):
    """PostgreSQL statements that make a table refuse UPDATE and DELETE."""
    return [
        """CREATE OR REPLACE FUNCTION concord_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '%% rows are append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION concord_append_only()",
    ]


def append_only_operation(table):
    """A migration operation installing the trigger on PostgreSQL (SQLite relies on the Python guard)."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in refuse_changes_sql(table):
                schema_editor.execute(statement)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")

    return migrations.RunPython(forwards, backwards)
