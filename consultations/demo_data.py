"""The demo consultation as data: consultations/data/demo/, read and checked (its README.md describes the files).

load() returns what seed_demo seeds: the consultation, its themes and questions, their translations, the
organisations added for the inputs, and the inputs. A problem in any file raises DemoDataError naming the file and
the key, before anything is written.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from accounts.demo import ORGANISATIONS_FILE, DemoDataError, DemoTable, read_organisations, shown
from consultations.models import INTERFACE_LANGUAGES, Consent, Consultation, Question, SubmissionState, all_languages
from consultations.services import DECIDABLE
from consultations.text import count_words

ROOT = Path(__file__).parent / "data" / "demo"
ORIGINAL_LANGUAGE = "en"  # the language of consultation.toml; translations/ holds the others
INPUT_NAME = re.compile(r"(?P<number>\d+)-(?P<login>[a-z0-9]+(-[a-z0-9]+)*)\.toml")


@dataclass(frozen=True)
class DemoContent:
    """The demo consultation as seed_demo seeds it."""

    consultation: dict  # the Consultation's fields but its dates and status
    themes: list[dict]  # {"number", "title"}
    questions: list[dict]  # {"number", "theme" (its number), "text", "guidance", "required", "word_limit" or None}
    translations: dict  # language -> {"consultation": texts, "themes": {number: texts}, "questions": {number: texts}}
    organisations: list[tuple]  # rows for accounts.demo.seed_accounts(extra_organisations=…)
    inputs: list[dict]  # {"organisation" (a focal point login), "language", "consent", "state", "reason", "answers"}


def load(root=None, organisations_file=None):
    """Every file of the demo consultation (under ROOT), each checked alone and against the others."""
    root, organisations_file = Path(root or ROOT), organisations_file or ORGANISATIONS_FILE
    file = DemoTable.read(root / "consultation.toml")
    file.only("consultation", "themes", "questions")
    consultation = _consultation(file.table("consultation"))
    themes = _themes(file.table("themes"))
    questions = _questions(file.table("questions"), themes)
    original = {"consultation": consultation, "themes": themes, "questions": questions}
    translations = {
        path.stem: _translation(DemoTable.read(path), original) for path in sorted(root.glob("translations/*.toml"))
    }
    organisations, logins = _organisations(root / "organisations.toml", organisations_file)
    inputs = _inputs(root / "inputs", questions, logins)
    return DemoContent(consultation, themes, questions, translations, organisations, inputs)


def _consultation(table):
    fields = ("title", "slug", "reference", "summary", "mandate", "consent_clause")
    table.only(*fields)
    return {field: table.get(field, str) for field in fields}


def _themes(table):
    return [{"number": number, "title": table.get(str(number), str)} for number in table.numbers("theme")]


def _questions(table, themes):
    theme_numbers = {theme["number"] for theme in themes}
    questions = []
    for number in table.numbers("question"):
        question = table.table(str(number))
        question.only("theme", "text", "guidance", "required", "word_limit")
        theme = question.get("theme", int)
        if theme not in theme_numbers:
            raise question.error("theme", f"no theme {theme} in [themes]")
        word_limit = question.get("word_limit", int, None)
        if word_limit is not None and word_limit < 1:
            raise question.error("word_limit", "should be at least 1 (leave it out for no limit)")
        questions.append(
            {
                "number": number,
                "theme": theme,
                "text": question.get("text", str),
                "guidance": question.get("guidance", str, ""),
                "required": question.get("required", bool),
                "word_limit": word_limit,
            }
        )
    return questions


def _translation(file, original):
    """translations/<language>.toml: every text of consultation.toml that is not blank, in that language."""
    languages = [code for code in INTERFACE_LANGUAGES if code != ORIGINAL_LANGUAGE]
    if file.path.stem not in languages:
        raise DemoDataError(
            f"{shown(file.path)}: {file.path.stem!r} is not a language to translate into; the file's name should be "
            f"one of {', '.join(f'{code}.toml' for code in languages)}"
        )
    file.only("consultation", "themes", "questions")
    themes, questions = file.table("themes"), file.table("questions")
    _same_numbers(themes, original["themes"], "theme")
    _same_numbers(questions, original["questions"], "question")
    return {
        "consultation": _texts(file.table("consultation"), original["consultation"], Consultation.TRANSLATED),
        "themes": {theme["number"]: {"title": themes.get(str(theme["number"]), str)} for theme in original["themes"]},
        "questions": {
            question["number"]: _texts(questions.table(str(question["number"])), question, Question.TRANSLATED)
            for question in original["questions"]
        },
    }


def _same_numbers(table, original, what):
    """The themes or questions of a translation are those of consultation.toml, no more, no fewer."""
    numbers = [item["number"] for item in original]
    for number in table.numbers(what):
        if number not in numbers:
            raise table.error(number, f"no {what} {number} in consultation.toml")
    for number in numbers:
        if str(number) not in table.values:
            raise table.error(number, f"missing: {what} {number} of consultation.toml is not translated")


def _texts(table, original, fields):
    """The translated fields; each required when the original has that text."""
    table.only(*fields)
    return {field: table.get(field, str) if original[field] else table.get(field, str, "") for field in fields}


def _organisations(path, accounts_file):
    """The organisations added for the inputs, and the focal point logins of every demo organisation."""
    added, accounts = read_organisations(path), read_organisations(accounts_file)
    if added["pending"] or added["contributors"]:
        raise DemoDataError(f"{shown(path)}: [[pending]] and [[contributors]] belong in {shown(accounts_file)}")
    theirs = [*accounts["organisations"], *accounts["pending"]]
    for row in added["organisations"]:
        if twin := next((r for r in theirs if r[0] == row[0] or r[2] == row[2]), None):
            raise DemoDataError(
                f"{shown(path)}: {row[0]!r} ({row[2]}) has the login or the name of {twin[0]!r} "
                f"in {shown(accounts_file)}"
            )
    return added["organisations"], {row[0] for row in [*theirs, *added["organisations"]]}


def _inputs(folder, questions, logins):
    """inputs/<number>-<focal point login>.toml, in the order of their numbers: one per organisation at most."""
    found = []
    for path in folder.glob("*.toml"):
        if not (name := INPUT_NAME.fullmatch(path.name)):
            raise DemoDataError(
                f"{shown(path)}: the name should be <number>-<focal point login>.toml, like 01-kenya.toml"
            )
        found.append((int(name["number"]), name["login"], path))
    found.sort()
    for i, (number, login, path) in enumerate(found):
        if twin := next((p for n, lg, p in found[:i] if n == number or lg == login), None):
            raise DemoDataError(f"{shown(path)}: the same number or organisation as {twin.name}")
    by_number = {question["number"]: question for question in questions}
    return [_input(DemoTable.read(path), login, by_number, logins) for _number, login, path in found]


def _input(file, login, questions, logins):
    if login not in logins:
        raise DemoDataError(
            f"{shown(file.path)}: no demo organisation has the focal point login {login!r} (the name's part after "
            "the number); the organisations are in organisations.toml beside inputs/ and in accounts/data/demo/"
        )
    file.only("language", "consent", "state", "reason", "answers")
    row = {
        "organisation": login,
        "language": file.choice("language", all_languages()),
        "consent": file.choice("consent", Consent.values),
        "state": file.choice("state", SubmissionState.values),
        "reason": _reason(file),
    }
    table = file.table("answers")
    for number in table.numbers("question"):
        if number not in questions:
            raise table.error(number, f"no question {number} in consultation.toml")
    row["answers"] = {number: table.get(str(number), str) for number in table.numbers("question")}
    if row["state"] != SubmissionState.DRAFT:
        _sendable(table, row["answers"], questions)
    return row


def _reason(file):
    """The moderator's reason for the decision: required where the decision needs one, absent where none is taken."""
    state = file.values["state"]
    if state not in DECIDABLE:
        if "reason" in file.values:
            raise file.error("reason", f"only a decided input has a reason, not one in the state {state!r}")
        return ""
    return file.get("reason", str) if DECIDABLE[state][1] else file.get("reason", str, "")


def _sendable(table, answers, questions):
    """An input past the draft was sent: it answers every required question, within the word limits."""
    for number, question in questions.items():
        text, limit = answers.get(number, ""), question["word_limit"]
        if question["required"] and not text:
            raise table.error(number, f"missing: question {number} is required (only a draft may leave it out)")
        if limit and count_words(text) > limit:
            raise table.error(number, f"{count_words(text)} words, over the limit of {limit} for question {number}")
