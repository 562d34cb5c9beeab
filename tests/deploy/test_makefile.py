"""make install writes the local .env once; make run serves on PORT and puts that address in e-mails."""

import os
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Stands for .venv/bin/python in a checkout of its own: notes each command and the SITE_URL it was given.
PYTHON_STUB = '#!/bin/sh\necho "$*|${SITE_URL-unset}" >> "$(dirname "$0")/../../calls.log"\n'


def make(directory, *arguments, **environment):
    """This checkout's Makefile run in `directory` with PATH, HOME and `environment` only (not the suite's own
    MAKEFLAGS, SITE_URL or DATABASE_URL)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(directory), *arguments],
        env={"PATH": os.environ["PATH"], "HOME": str(directory), **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def installed_checkout(directory):
    """A checkout whose virtualenv is installed (a stub python) and whose translations compile to nothing."""
    directory.mkdir(exist_ok=True)
    (directory / "pyproject.toml").touch()
    os.utime(directory / "pyproject.toml", (0, 0))
    python = directory / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(PYTHON_STUB)
    python.chmod(0o755)
    (directory / ".venv" / ".installed-stamp").touch()
    (directory / "deploy").mkdir()
    (directory / "deploy" / "compile-messages.sh").write_text("true\n")
    return directory


def calls(directory):
    return (directory / "calls.log").read_text().splitlines()


def test_it_writes_a_local_env_file_with_debug_and_a_key_of_its_own(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for checkout in (first, second):
        checkout.mkdir()
        result = make(checkout, ".env")
        assert result.returncode == 0, result.stderr

    lines = [line for line in (first / ".env").read_text().splitlines() if not line.startswith("#")]
    assert lines[0] == "DEBUG=true"
    assert lines[1].startswith("SECRET_KEY=") and len(lines[1]) > len("SECRET_KEY=") + 50
    assert len(lines) == 2
    assert (second / ".env").read_text() != (first / ".env").read_text()
    assert stat.S_IMODE((first / ".env").stat().st_mode) == 0o600  # it holds a key


def test_it_never_overwrites_an_env_file(tmp_path):
    (tmp_path / ".env").write_text("# Mine.\nDEBUG=false\n")
    result = make(tmp_path, ".env")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".env").read_text() == "# Mine.\nDEBUG=false\n"


def test_it_installs_with_the_env_file(tmp_path):
    result = make(installed_checkout(tmp_path), "install")
    assert result.returncode == 0, result.stderr
    assert "DEBUG=true" in (tmp_path / ".env").read_text().splitlines()


def test_it_serves_on_port_8000_by_default(tmp_path):
    result = make(installed_checkout(tmp_path), "run")
    assert result.returncode == 0, result.stderr
    assert calls(tmp_path)[-1] == "manage.py runserver 127.0.0.1:8000|http://127.0.0.1:8000"


def test_it_serves_on_the_port_given_and_puts_its_address_in_e_mails(tmp_path):
    result = make(installed_checkout(tmp_path), "run", "PORT=8101")
    assert result.returncode == 0, result.stderr
    assert calls(tmp_path) == [
        "manage.py migrate --no-input|http://127.0.0.1:8101",
        "manage.py seed_demo|http://127.0.0.1:8101",  # it prints the sign-in address
        "manage.py runserver 127.0.0.1:8101|http://127.0.0.1:8101",
    ]


def test_it_leaves_a_site_url_of_the_env_file_or_the_environment_alone(tmp_path):
    in_file, in_environment = installed_checkout(tmp_path / "file"), installed_checkout(tmp_path / "environment")
    (in_file / ".env").write_text("DEBUG=true\nSITE_URL=http://concord.test:8101\n")

    assert make(in_file, "run", "PORT=8101").returncode == 0
    assert make(in_environment, "run", "PORT=8101", SITE_URL="http://given.test").returncode == 0

    assert calls(in_file)[-1] == "manage.py runserver 127.0.0.1:8101|unset"  # the settings read it from .env
    assert calls(in_environment)[-1] == "manage.py runserver 127.0.0.1:8101|http://given.test"


def test_it_keeps_the_env_file_out_of_git_and_of_the_image():
    """The key is this checkout's own, and an image with DEBUG=true in a .env would run in debug."""
    assert "/.env" in (ROOT / ".gitignore").read_text().splitlines()
    for docker_ignore in (ROOT / ".dockerignore", ROOT / "deploy" / "Dockerfile.dockerignore"):
        assert ".env" in docker_ignore.read_text().splitlines(), docker_ignore
