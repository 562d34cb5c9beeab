"""Every manage.py command README.md shows, and every one seed_demo prints, works as written in a new terminal.

Each runs in a shell given PATH and HOME only, in a checkout of its own: the code linked, config/ and manage.py
copied so that the settings find their .env and var/ there; the .env is the one `make install` writes. One SQLite
database, migrated and seeded once for the module, serves every command.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ".venv/bin/python manage.py "
# What a reader is shown to run, at the least; a command added to the README is run too.
SHOWN = {
    "demo_code",
    "export_countries",
    "import_countries",
    "import_inputs",
    "balance_report",
    "propose_slate",
    "import_nominations",
    "compile_inputs",
    "export_inputs",
    "import_codebook",
    "export_codebook",
    "export_codings",
}
# Documented to exit with status 1 when a hard rule is not met, and 0 otherwise: the key of their --json output
# that says which.
VERDICT = {"balance_report": "meets_hard", "propose_slate": "feasible"}
# The sheets README.md's commands read, as a secretariat would have them.
INPUTS = [
    ["organisation", "category", "country", "language", "consent", "submitted_at", "q1"],
    ["Andes Open Data Lab", "civil-society", "PER", "es", "public", "2013-07-01T09:30:00Z", "Datos abiertos."],
]
CODEBOOK = (
    "name,parent,definition,note,name_fr\n"
    "Security,,Safety of the Internet and of its users.,,Sécurité\n"
    "Cybercrime,Security,Crimes committed through computers.,Not: conduct of States.,Cybercriminalité\n"
)
NOMINATIONS = (
    "name,organisation,category,country,gender,rank,statement\n"
    "Lucía Gómez,Andes Open Data Lab,civil-society,PER,female,1,Open data for the working group\n"
)


def readme_commands():
    """The `.venv/bin/python manage.py …` lines of README.md's code blocks, continued lines joined, with the options
    it shows as optional (`[--json]`) given."""
    commands, in_block = [], False
    for line in (ROOT / "README.md").read_text().replace("\\\n", " ").splitlines():
        line = line.strip()
        if line.startswith("```"):
            in_block = not in_block
        elif in_block and line.startswith(PYTHON):
            commands.append(re.sub(r"\[([^\]]*)\]", r"\1", line))
    return commands


def printed_commands(output):
    return re.findall(rf"{re.escape(PYTHON)}[^\n]*", output)


def name_of(command):
    return command.removeprefix(PYTHON).split()[0]


def shell(checkout, command):
    """`command` in a new terminal of `checkout`: bash with PATH and HOME only, not the suite's environment."""
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(checkout))}
    return subprocess.run(
        ["bash", "-c", command], cwd=checkout, env=environment, capture_output=True, text=True, timeout=600
    )


def link_the_code(checkout):
    """The code and the virtualenv linked; config/ and manage.py copied, so that BASE_DIR is `checkout`."""
    for entry in ROOT.iterdir():
        private = entry.name.startswith(".") and entry.name != ".venv"
        if entry.is_dir() and not private and entry.name not in ("config", "var", "media", "staticfiles"):
            (checkout / entry.name).symlink_to(entry)
    shutil.copytree(ROOT / "config", checkout / "config", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "manage.py", checkout / "manage.py")
    (checkout / "Makefile").symlink_to(ROOT / "Makefile")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A checkout after `make run` (its .env, a migrated and seeded database), and what seed_demo printed."""
    checkout = tmp_path_factory.mktemp("checkout")
    link_the_code(checkout)
    for step in ("make --no-print-directory .env", "mkdir var", f"{PYTHON}migrate --no-input", f"{PYTHON}seed_demo"):
        result = shell(checkout, step)
        assert result.returncode == 0, f"{step}: {result.stderr}"
    sheet = openpyxl.Workbook()
    for row in INPUTS:
        sheet.active.append(row)
    sheet.save(checkout / "inputs.xlsx")
    (checkout / "nominations.csv").write_text(NOMINATIONS)
    (checkout / "codebook.csv").write_text(CODEBOOK)
    return checkout, result.stdout


def run(checkout, command):
    """What is wrong with running `command`, or None."""
    result = shell(checkout, command)
    if "Traceback" in result.stderr:
        return f"{command}\n{result.stderr}"
    expected = 0
    if name_of(command) in VERDICT:
        expected = 0 if json.loads(result.stdout)[VERDICT[name_of(command)]] else 1
    if result.returncode != expected:
        return f"{command}: status {result.returncode}, not {expected}\n{result.stderr}"
    for written in re.findall(r"(?:--output|>)\s*(\S+)", command):
        if not (checkout / written).stat().st_size:
            return f"{command}: {written} is empty"
    return None


def test_it_finds_the_commands_a_reader_is_shown(demo):
    _checkout, printed = demo
    assert {name_of(command) for command in readme_commands() + printed_commands(printed)} >= SHOWN
    assert "--json" in " ".join(readme_commands())  # how the verdicts of balance_report and propose_slate are read


def test_it_runs_every_command_of_the_readme_as_written(demo):
    checkout, _printed = demo
    problems = [problem for command in readme_commands() if (problem := run(checkout, command))]
    assert problems == []


def test_it_runs_every_command_seed_demo_prints(demo):
    checkout, printed = demo
    commands = printed_commands(printed)
    assert commands
    assert [problem for command in commands if (problem := run(checkout, command))] == []
