"""Settings come from the environment, refuse nonsense, and pass Django's deployment check."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from celery import current_app
from django.conf import settings

from config.settings import email_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3v9-production-like-secret-for-the-deployment-check-0123456789abcdef",
    "ALLOWED_HOSTS": "concord.example.org",
    "DATABASE_URL": "sqlite:////tmp/concord-check.sqlite3",
}


def manage(*args, **env):
    unset = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deployment_check_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_refuses_a_flag_that_is_not_true_or_false():
    result = manage("check", **{**PRODUCTION, "DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'perhaps'" in result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file:var/mail", {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}),
        ("console:", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "smtp://mailer:s%40cret@smtp.example.org:2525",
            {
                "EMAIL_HOST": "smtp.example.org",
                "EMAIL_PORT": 2525,
                "EMAIL_HOST_USER": "mailer",
                "EMAIL_HOST_PASSWORD": "s@cret",
                "EMAIL_USE_TLS": True,
            },
        ),
        ("smtps://smtp.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False}),
    ],
)
def test_it_reads_the_mail_settings_from_one_url(url, expected):
    values = email_settings(url)
    assert {key: values[key] for key in expected} == expected


def test_it_writes_mail_to_files_under_the_project_by_default():
    assert email_settings("file:var/mail")["EMAIL_FILE_PATH"] == ROOT / "var" / "mail"


def test_it_refuses_an_unknown_mail_url():
    with pytest.raises(Exception, match="EMAIL_URL must start with"):
        email_settings("pigeon://loft")


def test_it_configures_celery_to_lose_no_task():
    conf = current_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit


def test_it_keeps_time_in_utc():
    assert settings.TIME_ZONE == "UTC" and settings.USE_TZ


def test_it_serves_static_files_through_whitenoise_in_production(tmp_path):
    env = {**PRODUCTION, "STATIC_ROOT": str(tmp_path / "static")}
    collected = manage("collectstatic", "--no-input", **env)
    assert collected.returncode == 0, collected.stderr
    probe = (
        "import django; django.setup();"
        "from django.test import Client; from django.templatetags.static import static;"
        "url = static('css/concord.css'); r = Client().get(url, HTTP_HOST='concord.example.org', secure=True);"
        "print(url, r.status_code, r.headers.get('Cache-Control'))"
    )
    result = manage("shell", "-c", probe, **env)
    assert result.returncode == 0, result.stderr
    url, status, cache = result.stdout.strip().splitlines()[-1].split(maxsplit=2)
    assert re.fullmatch(r"/static/css/concord\.[0-9a-f]{12}\.css", url)  # hashed name for long caching
    assert status == "200"
    assert "max-age" in cache


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [("redis://127.0.0.1:6379/9", "cached_db"), ("", "db")],
)
def test_it_reads_sessions_from_the_cache_only_when_every_process_shares_it(cache_url, engine):
    """A memory cache is each process's own: a sign-out seen by one would go unseen by the others."""
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SESSION_ENGINE)",
        DEBUG="true",
        CACHE_URL=cache_url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"django.contrib.sessions.backends.{engine}"


def settings_of_a_checkout(tmp_path, env_file=None, **environment):
    """Load config/settings.py in a copy of the checkout whose .env holds `env_file` (none if None), in an
    environment of PATH, HOME and `environment` only; print DEBUG, SECRET_KEY and SITE_URL."""
    shutil.copytree(ROOT / "config", tmp_path / "config", ignore=shutil.ignore_patterns("__pycache__"))
    if env_file is not None:
        (tmp_path / ".env").write_text(env_file)
    code = "import config.settings as s; print(s.DEBUG, s.SECRET_KEY, s.SITE_URL, sep='|')"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


MAKE_INSTALL_ENV_FILE = "# as make install writes it\nDEBUG=true\nSECRET_KEY=k3v9-from-the-env-file\n"


def test_it_refuses_to_start_without_a_secret_key_on_a_host_without_env_file(tmp_path):
    """Production: DEBUG unset, no .env beside manage.py, no CONCORD_ENV_FILE."""
    result = settings_of_a_checkout(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_reads_the_env_file_that_make_install_writes(tmp_path):
    result = settings_of_a_checkout(tmp_path, MAKE_INSTALL_ENV_FILE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True|k3v9-from-the-env-file|http://127.0.0.1:8000"


def test_it_lets_the_real_environment_win_over_the_env_file(tmp_path):
    result = settings_of_a_checkout(tmp_path, MAKE_INSTALL_ENV_FILE, DEBUG="false", ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False|k3v9-from-the-env-file|http://127.0.0.1:8000"


def test_it_lets_an_empty_variable_of_the_environment_win_too(tmp_path):
    result = settings_of_a_checkout(tmp_path, MAKE_INSTALL_ENV_FILE, SECRET_KEY="", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_refuses_a_flag_of_the_env_file_that_is_not_true_or_false(tmp_path):
    result = settings_of_a_checkout(tmp_path, "DEBUG=yes please\n")
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'yes please'" in result.stderr


def test_it_reads_the_file_named_by_concord_env_file_instead_of_the_env_file(tmp_path):
    named = tmp_path / "concord.env"
    named.write_text("DEBUG=true\nSECRET_KEY=k3v9-from-the-named-file\nSITE_URL=http://127.0.0.1:8101\n")
    result = settings_of_a_checkout(tmp_path, "DEBUG=perhaps\n", CONCORD_ENV_FILE=str(named))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True|k3v9-from-the-named-file|http://127.0.0.1:8101"


def test_it_refuses_a_named_env_file_that_does_not_exist(tmp_path):
    result = settings_of_a_checkout(tmp_path, DEBUG="true", CONCORD_ENV_FILE=str(tmp_path / "missing.env"))
    assert result.returncode != 0
    assert f"CONCORD_ENV_FILE names {tmp_path / 'missing.env'}, which does not exist" in result.stderr
