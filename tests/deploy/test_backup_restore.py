"""deploy/backup.sh and deploy/restore.sh on real PostgreSQL: what was backed up comes back whole."""

import hashlib
import os
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from accounts.models import Organisation
from consultations import services
from tests.factories import InputFactory, OrganisationFactory, category, country
from tests.files import pdf_bytes, upload

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql():
    """These tests need PostgreSQL and its client tools; CI (CONCORD_REQUIRE_WORKER) has both."""
    if connection.vendor != "postgresql":
        message = "backup.sh and restore.sh need a PostgreSQL DATABASE_URL (bash .ci/run sets one)"
        if os.environ.get("CONCORD_REQUIRE_WORKER"):
            pytest.fail(message)
        pytest.skip(message)


def _connection_kwargs(name):
    settings = connection.settings_dict
    kwargs = {"dbname": name, "host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"]}
    if settings["PASSWORD"]:
        kwargs["password"] = settings["PASSWORD"]
    return {key: value for key, value in kwargs.items() if value}


def _url(name):
    settings = connection.settings_dict
    credentials = quote(settings["USER"], safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{name}"


@contextmanager
def new_database(kind, options=""):
    """A new database named after the suite's and `kind`, made with CREATE DATABASE's `options`, dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_{kind}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**_connection_kwargs("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" {options}')
    try:
        yield name
    finally:
        with psycopg.connect(**_connection_kwargs("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_database():
    """A new database with nothing in it."""
    with new_database("restored") as name:
        yield name


def run(script, *arguments, database, media, tmp_path):
    env_file = tmp_path / "env"
    env_file.touch()  # an empty environment file: everything comes from the variables below
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update(
        CONCORD_ENV_FILE=str(env_file),
        DATABASE_URL=_url(database),
        MEDIA_ROOT=str(media),
        BACKUP_DIR=str(tmp_path / "backups"),
    )
    return subprocess.run(
        ["bash", str(DEPLOY / script), *arguments], env=env, capture_output=True, text=True, timeout=300
    )


def send_with_attachment(consultation, organisation, moderator, answers, attachment):
    submission = InputFactory(consultation=consultation, organisation=organisation, answers=answers, draft=True)
    user = organisation.memberships.first().user
    changes = services.DraftChanges(
        answers={a.question_id: a.text for a in submission.answers.all()},
        language="en",
        consent="public",
        revision=submission.revision,
        new_files=[upload("position-paper.pdf", attachment)],
    )
    submission = services.submission_save_draft(user=user, submission=submission, changes=changes)
    services.submission_submit(user=user, submission=submission, declaration=True)
    services.submission_decide(moderator=moderator, submission=submission, to_state="accepted", reason="In scope.")
    submission.refresh_from_db()
    return submission


def inputs_in(database):
    """{reference: {question number: answer}} and [(reference, attachment file, SHA-256)], read with SQL."""
    with psycopg.connect(**_connection_kwargs(database)) as db:
        rows = db.execute(
            "SELECT s.reference, s.state, q.number, a.text FROM consultations_submission s "
            "JOIN consultations_answer a ON a.submission_id = s.id "
            "JOIN consultations_question q ON q.id = a.question_id WHERE s.reference IS NOT NULL"
        ).fetchall()
        attachments = db.execute(
            "SELECT s.reference, a.file, a.sha256 FROM consultations_attachment a "
            "JOIN consultations_submission s ON s.id = a.submission_id ORDER BY s.reference"
        ).fetchall()
    inputs = {}
    for reference, state, number, text in rows:
        inputs.setdefault((reference, state), {})[number] = text
    return inputs, attachments


def tables_in(database):
    with psycopg.connect(**_connection_kwargs(database)) as db:
        return db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]


@pytest.fixture
def accepted_inputs(consultation, verified, focal_point, moderator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    academy = OrganisationFactory(
        name="Academia Brasileira de Ciências",
        category=category("academic-community"),
        country=country("BRA"),
        status=Organisation.Status.VERIFIED,
    )
    paper = pdf_bytes(pages=2)
    with_file = send_with_attachment(
        consultation,
        verified,
        moderator,
        {1: "Cooperation among all stakeholders, each in its role.", 2: "Governments set public policy."},
        paper,
    )
    plain = InputFactory(
        consultation=consultation,
        organisation=academy,
        answers={
            1: "Cooperação reforçada entre todos.",
            2: "A comunidade acadêmica pesquisa.",
            3: "Ελληνικά, 中文, العربية",
        },
        moderator=moderator,
        accepted=True,
    )
    return [with_file, plain], hashlib.sha256(paper).hexdigest()


def test_it_restores_every_input_and_attachment_into_a_new_database(accepted_inputs, empty_database, tmp_path):
    (with_file, plain), paper_sha256 = accepted_inputs
    media = Path(tmp_path / "media")
    source = connection.settings_dict["NAME"]
    expected = {
        (s.reference, "accepted"): {a.question.number: a.text for a in s.answers.all()} for s in (with_file, plain)
    }

    backup = run("backup.sh", database=source, media=media, tmp_path=tmp_path)
    assert backup.returncode == 0, backup.stderr
    (folder,) = (tmp_path / "backups").glob("concord-*")
    assert sorted(p.name for p in folder.iterdir()) == ["SHA256SUMS", "backup.txt", "database.dump", "media.tar"]
    assert f"Backup complete: {folder}" in backup.stdout

    restored_media = tmp_path / "restored-media"
    restore = run("restore.sh", str(folder), database=empty_database, media=restored_media, tmp_path=tmp_path)
    assert restore.returncode == 0, restore.stderr

    inputs, attachments = inputs_in(empty_database)
    assert inputs == expected
    assert with_file.reference.startswith("WGEC-2013-") and plain.reference != with_file.reference
    ((reference, file_name, sha256),) = attachments
    assert (reference, sha256) == (with_file.reference, paper_sha256)
    assert hashlib.sha256((restored_media / file_name).read_bytes()).hexdigest() == paper_sha256


def test_it_refuses_to_restore_into_a_database_that_is_not_empty(accepted_inputs, empty_database, tmp_path):
    media = Path(tmp_path / "media")
    backup = run("backup.sh", database=connection.settings_dict["NAME"], media=media, tmp_path=tmp_path)
    assert backup.returncode == 0, backup.stderr
    (folder,) = (tmp_path / "backups").glob("concord-*")
    first = run("restore.sh", str(folder), database=empty_database, media=tmp_path / "first", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    before = inputs_in(empty_database)

    again = run("restore.sh", str(folder), database=empty_database, media=tmp_path / "second", tmp_path=tmp_path)

    assert again.returncode == 1
    assert f"database {empty_database} is not empty" in again.stderr
    assert inputs_in(empty_database) == before
    assert not (tmp_path / "second").exists()  # nothing was written anywhere


@pytest.mark.django_db
def test_it_refuses_a_damaged_backup(empty_database, tmp_path):
    media = tmp_path / "media"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "paper.pdf").write_bytes(pdf_bytes())
    backup = run("backup.sh", database=connection.settings_dict["NAME"], media=media, tmp_path=tmp_path)
    assert backup.returncode == 0, backup.stderr
    (folder,) = (tmp_path / "backups").glob("concord-*")
    with open(folder / "media.tar", "r+b") as archive:
        archive.seek(600)
        archive.write(b"damaged")

    restore = run("restore.sh", str(folder), database=empty_database, media=tmp_path / "restored", tmp_path=tmp_path)

    assert restore.returncode == 1
    assert "does not match its checksums" in restore.stderr
    assert tables_in(empty_database) == 0
    assert not (tmp_path / "restored").exists()
