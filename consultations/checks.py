"""System checks of what Concord needs from its surroundings, run by `manage.py check` and before `migrate`."""

from django.core.checks import Error, Tags, register
from django.db import connections


@register(Tags.database)
def database_encoding(app_configs, databases=None, **kwargs):
    """Inputs, names and questions come in six scripts: a PostgreSQL database must store UTF-8 (SQLite always does).

    A cluster made under the C locale (a Debian host without a locale, say) makes SQL_ASCII databases: migrations
    would fail halfway through, at the first country name in Arabic or Chinese."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_encoding")
            (encoding,) = cursor.fetchone()
        if encoding.upper() not in ("UTF8", "UTF-8"):
            name = connection.settings_dict["NAME"]
            errors.append(
                Error(
                    f"The database {name!r} stores text as {encoding}, not UTF-8: text in Arabic, Chinese or "
                    "Russian cannot be saved in it.",
                    hint=(
                        f"Create it again as UTF-8: sudo -u postgres createdb --encoding=UTF8 --locale=C.UTF-8 "
                        f"--template=template0 --owner=<role> {name}"
                    ),
                    id="concord.E001",
                )
            )
    return errors
