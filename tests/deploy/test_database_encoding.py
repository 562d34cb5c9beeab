"""A PostgreSQL database that cannot store text in every language is refused before anything is migrated."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

# _postgresql: an autouse fixture, imported for its effect (these tests need PostgreSQL).
from tests.deploy.test_backup_restore import _connection_kwargs, _postgresql, _url, new_database  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def ascii_database():
    """What a cluster made under the C locale makes by default."""
    with new_database("ascii", "ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0") as name:
        yield name


def test_migrate_refuses_a_database_that_is_not_utf8_and_creates_nothing(ascii_database):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update(DATABASE_URL=_url(ascii_database), DEBUG="true")
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "(concord.E001)" in result.stderr
    assert f"The database '{ascii_database}' stores text as SQL_ASCII, not UTF-8" in result.stderr
    assert "createdb --encoding=UTF8 --locale=C.UTF-8 --template=template0" in result.stderr
    with psycopg.connect(**_connection_kwargs(ascii_database)) as db:
        assert db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


def test_the_database_the_suite_runs_on_passes_the_check():
    from django.core.checks import run_checks

    assert [error.id for error in run_checks(databases=["default"])] == []
