"""What an operator relies on in deploy/: every variable documented, limits that fit, env files read as systemd does."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
READERS = {"env", "envbool", "envint", "envlist", "getenv"}


def variables_read_by_settings():
    """Names passed to env(), envbool(), envint(), envlist(), os.getenv() or os.environ in config/settings.py."""
    names = set()
    for node in ast.walk(ast.parse((ROOT / "config" / "settings.py").read_text())):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
            is_environ_get = name == "get" and "environ" in ast.unparse(function)
            if name in READERS or is_environ_get:
                names.add(node.args[0].value)
        is_environ_item = isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("environ")
        if is_environ_item and isinstance(node.slice, ast.Constant):
            names.add(node.slice.value)
    return {name for name in names if isinstance(name, str) and name.isupper()}


def test_it_documents_every_variable_the_settings_read():
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.MULTILINE))
    read = variables_read_by_settings()
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "ATTACHMENT_MAX_BYTES"} <= read
    assert read - documented == set()


def test_it_lets_a_whole_input_form_with_every_attachment_through_nginx():
    site = (DEPLOY / "nginx" / "concord.conf").read_text()
    number, unit = re.search(r"^\s*client_max_body_size (\d+)([km]?);", site, re.MULTILINE).groups()
    allowed = int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]
    form = settings.ATTACHMENTS_PER_INPUT * settings.ATTACHMENT_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert form < allowed < form + 8 * 1024 * 1024  # room for the multipart framing, not much more


def gunicorn_settings(**environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("GUNICORN_")}
    env.update(environment)
    command = [str(Path(sys.executable).parent / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py")]
    result = subprocess.run(
        [*command, "--print-config", "config.wsgi"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))


def test_it_serves_on_the_local_port_with_a_worker_per_half_core_by_default():
    printed = gunicorn_settings()
    assert printed["bind"] == "['127.0.0.1:8001']"
    assert printed["workers"] == str(2 * len(os.sched_getaffinity(0)) + 1)
    assert int(printed["max_requests"]) > 0 and int(printed["max_requests_jitter"]) > 0
    assert printed["forwarded_allow_ips"] == "['127.0.0.1', '::1']"


def test_it_takes_gunicorn_settings_from_the_environment():
    printed = gunicorn_settings(GUNICORN_BIND="0.0.0.0:8000", GUNICORN_WORKERS="3", GUNICORN_TIMEOUT="90")
    assert (printed["bind"], printed["workers"], printed["timeout"]) == ("['0.0.0.0:8000']", "3", "90")


def manage(tmp_path, env_file_text, *arguments, **environment):
    env_file = tmp_path / "env"
    env_file.write_text(env_file_text)
    env = {key: value for key, value in os.environ.items() if key not in ("DEFAULT_FROM_EMAIL", "SITE_URL")}
    env.update(CONCORD_ENV_FILE=str(env_file), CONCORD_USER="root", CONCORD_PYTHON=sys.executable, **environment)
    return subprocess.run(
        ["bash", str(DEPLOY / "manage.sh"), *arguments], env=env, capture_output=True, text=True, timeout=120
    )


def test_it_reads_the_environment_file_as_systemd_does(tmp_path):
    env_file = (
        "# Concord\n"
        "DEBUG=true\n"
        'DEFAULT_FROM_EMAIL="Concord <concord@example.org>"\n'
        "  SITE_URL = https://from-the-file.example.org  \n"
        "ADMIN_EMAILS='ops@example.org,$HOME@example.org'\n"
    )
    code = "from django.conf import settings as s; print(s.DEFAULT_FROM_EMAIL, s.SITE_URL, s.ADMINS[1][1], sep='|')"
    result = manage(tmp_path, env_file, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.splitlines()[-1]
        == "Concord <concord@example.org>|https://from-the-file.example.org|$HOME@example.org"
    )

    overridden = manage(tmp_path, env_file, "shell", "-c", code, SITE_URL="https://given.example.org")
    assert overridden.stdout.splitlines()[-1].split("|")[1] == "https://given.example.org"


def test_it_says_what_is_missing_before_backing_up_anything(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("MEDIA_ROOT=/nonexistent\n")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(CONCORD_ENV_FILE=str(env_file), BACKUP_DIR=str(tmp_path / "backups"))

    result = subprocess.run(["bash", str(DEPLOY / "backup.sh")], env=env, capture_output=True, text=True)

    assert result.returncode == 1
    assert "DATABASE_URL is not set" in result.stderr
    assert not (tmp_path / "backups").exists()


def test_the_image_leaves_out_what_git_leaves_out():
    """The build context of deploy/Dockerfile: no local virtualenv, data, media or compiled catalogues in it."""
    ignored_by_docker = {line.strip().strip("/") for line in (ROOT / ".dockerignore").read_text().splitlines()}
    for line in (ROOT / ".gitignore").read_text().splitlines():
        pattern = line.strip().strip("/")
        if pattern and not pattern.startswith("#"):
            assert pattern in ignored_by_docker, f"{pattern} would be copied into the image"
    assert ".git" in ignored_by_docker
