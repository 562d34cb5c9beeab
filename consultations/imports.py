"""Inputs the secretariat received in a sheet (CSV or XLSX): every row checked, then all recorded or none.

Header, in any order, case-insensitive: organisation,category,country,language,consent,submitted_at,
then one qN column per question answered (q1, q2, …). Organisations are matched by name, categories
by slug, countries by ISO alpha-3 code; submitted_at is ISO 8601, UTC when it names no offset.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import vocabulary
from accounts.models import Country, Organisation, StakeholderCategory, User
from accounts.services import government_refusals, organisation_create_verified
from accounts.validators import is_one_line
from accounts.vocabulary import unknown
from consultations import services, sheets
from consultations.models import INPUT_LANGUAGES, Consent, Consultation, Submission, SubmissionState
from consultations.sheets import InputFileError  # noqa: F401  (raised here, caught by its callers)
from consultations.text import check_answer_length, clean_answer

COLUMNS = ["organisation", "category", "country", "language", "consent", "submitted_at"]
QUESTION_COLUMN = re.compile(r"q([1-9][0-9]*)")
REPLACEABLE = (SubmissionState.DRAFT, SubmissionState.WITHDRAWN)
NAME_LENGTH = Organisation._meta.get_field("name").max_length


@dataclass(frozen=True)
class Plan:
    """One checked row: who sent it (organisation None when the import creates it) and what."""

    line: int
    name: str
    category: StakeholderCategory
    country: Country
    organisation: Organisation | None
    language: str
    consent: str
    submitted_at: datetime
    answers: dict[int, str]  # every question's number -> text, empty when the sheet has none


# Reading


def read_rows(name: str, data: bytes) -> list[dict]:
    """The sheet's non-blank rows as dicts by lower-case column, each with its spreadsheet "line"."""
    return sheets.read_rows(
        name, data, header_problems=_header_problems, nothing_below=_("The file has no inputs below the header.")
    )


def _header_problems(header):
    expected = ",".join([*COLUMNS, "q1", "q2", "…"])
    problems = sheets.column_problems(header, COLUMNS, expected=expected, also=QUESTION_COLUMN)
    if not any(QUESTION_COLUMN.fullmatch(name) for name in header):
        problems.append(sheets.at(1, _("no question columns (q1, q2, …)")))
    return problems


# Checking


def check(consultation: Consultation, rows: list[dict], *, create_organisations: bool) -> list[Plan]:
    """Check every row against the consultation and the database; raise InputFileError listing all problems."""
    if not rows:
        raise InputFileError([_("The file has no inputs below the header.")])
    checker = _Checker(consultation, rows, create_organisations)
    plans = [plan for plan in map(checker.plan, rows) if plan]
    if checker.problems:
        raise InputFileError(checker.problems)
    return plans


class _Checker(vocabulary.Terms):
    """Checks rows in order against what the database holds, remembering the file's earlier rows."""

    def __init__(self, consultation, rows, create_organisations):
        self.consultation, self.create_organisations = consultation, create_organisations
        self.now = timezone.now()
        self.problems = []
        self.every_question = sorted(consultation.questions.values_list("number", flat=True))
        self.columns = self._question_columns(rows[0])
        super().__init__()  # the categories and countries, as a sheet may write them
        self.languages = vocabulary.languages([code for code, _label in INPUT_LANGUAGES])
        self.organisations = organisations_named({sheets.text(row["organisation"]) for row in rows})
        self.taken = _inputs_taken(consultation, [o for found in self.organisations.values() for o in found])
        self.governed = government_refusals(self.countries.values()) if create_organisations else {}
        self.seen, self.new_governments = {}, {}

    def _question_columns(self, row):
        """Question number by column; a column for a question the consultation lacks is a header problem."""
        columns = {}
        for column in row:
            match = QUESTION_COLUMN.fullmatch(column)
            if match and int(match[1]) not in self.every_question:
                message = _("column %(column)s: this consultation has no question %(n)s")
                self._problem(1, message, column=column, n=match[1])
            elif match:
                columns[column] = int(match[1])
        return columns

    def plan(self, row):
        """The row's Plan, or None after noting its problems."""
        line, before = row["line"], len(self.problems)
        category = self._category(line, sheets.text(row["category"]))
        country = self._country(line, sheets.text(row["country"]))
        language = self._language(line, sheets.text(row["language"]))
        consent = self._consent(line, sheets.text(row["consent"]).lower())
        submitted_at = self._submitted_at(line, row["submitted_at"])
        name = sheets.text(row["organisation"])
        organisation = self._organisation(line, name, category, country)
        answers = dict.fromkeys(self.every_question, "")
        answers.update({n: clean_answer(str(row[column]))[0] for column, n in self.columns.items()})
        for number, text in answers.items():
            try:
                check_answer_length(text, number)
            except ValidationError as error:
                self._problem(line, error.messages[0])
        if len(self.problems) > before:
            return None
        return Plan(line, name, category, country, organisation, language, consent, submitted_at, answers)

    def _problem(self, line, message, **params):
        """Note a problem of the row; returns None so a lookup can end with it."""
        self.problems.append(sheets.at(line, message % params if params else message))

    def _language(self, line, written):
        code, close = self.languages.lookup(written)
        accepted = self.consultation.languages
        if code in accepted:
            return code
        if code is not None:
            message = _('this consultation does not accept inputs in "%(value)s" (use one of: %(accepted)s)')
        else:
            message = unknown(_('unknown language "%(value)s" (use one of: %(accepted)s)'), close)
        self._problem(line, message, value=written, accepted=", ".join(accepted))
        return code

    def _consent(self, line, value):
        if value not in Consent.values:
            self._problem(line, _('consent must be public, anonymous or secretariat, not "%(value)s"'), value=value)
        return value

    def _submitted_at(self, line, value):
        moment = value if isinstance(value, datetime) else _parse_moment(value)
        if moment is None:
            message = _('submitted_at must be an ISO 8601 date and time such as %(example)s, not "%(value)s"')
            return self._problem(line, message, example="2013-07-01T14:30:00Z", value=value)
        moment = moment.replace(tzinfo=UTC) if timezone.is_naive(moment) else moment
        if moment > self.now:
            self._problem(line, _("submitted_at %(moment)s is in the future"), moment=moment.isoformat())
        return moment

    def _organisation(self, line, name, category, country):
        """The existing organisation, or None when it is to be created; notes what is wrong."""
        key = name.casefold()
        if not name:
            return self._problem(line, _("the organisation is empty"))
        if key in self.seen:
            return self._problem(line, _("%(name)s already appears on line %(other)d"), name=name, other=self.seen[key])
        self.seen[key] = line
        found = self.organisations.get(key, [])
        if len(found) > 1:
            return self._problem(line, _("several organisations are named %(name)s; rename all but one"), name=name)
        if found:
            return self._existing(line, found[0], category, country)
        return self._new(line, name, category, country)

    def _existing(self, line, organisation, category, country):
        name = organisation.name
        if category and organisation.category_id != category.pk:
            message = _("%(name)s is registered in the category %(registered)s, not %(given)s")
            self._problem(line, message, name=name, registered=organisation.category.slug, given=category.slug)
        if country and organisation.country_id != country.pk:
            message = _("%(name)s is registered in %(registered)s, not %(given)s")
            self._problem(line, message, name=name, registered=organisation.country.iso3, given=country.iso3)
        if organisation.pk in self.taken:
            message = _("%(name)s already has an input (%(reference)s) in this consultation")
            self._problem(line, message, name=name, reference=self.taken[organisation.pk])
        return organisation

    def _new(self, line, name, category, country):
        """None, for an organisation the import may create; notes why it may not."""
        if not self.create_organisations:
            message = _("no organisation is named %(name)s; register it first or let the import create organisations")
            return self._problem(line, message, name=name)
        if len(name) > NAME_LENGTH:
            return self._problem(line, _("the organisation's name is longer than %(n)d characters"), n=NAME_LENGTH)
        if not is_one_line(name):
            return self._problem(line, name_not_one_line())
        if not (category and country and category.is_government):
            return None
        if country.pk in self.governed:
            return self._problem(line, self.governed[country.pk])
        if country.pk in self.new_governments:
            message = _("%(country)s already has a Government organisation on line %(other)d")
            return self._problem(line, message, country=country, other=self.new_governments[country.pk])
        self.new_governments[country.pk] = line
        return None


def name_not_one_line():
    return _("the organisation's name must be on one line, without line breaks or control characters")


def _parse_moment(value):
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def organisations_named(names):
    """Organisations by case-folded name; a name may be shared, so each maps to a list."""
    names = {name for name in names if name and "\x00" not in name}  # no name holds a NUL: the database cannot
    found = defaultdict(list)
    matching = Q(name__in=names) | Q(lowered__in={name.lower() for name in names})
    for organisation in (
        Organisation.objects.annotate(lowered=Lower("name")).filter(matching).select_related("category", "country")
    ):
        found[organisation.name.casefold()].append(organisation)
    return found


def _inputs_taken(consultation, organisations):
    """Organisation id -> reference of its input that an import may not replace."""
    inputs = consultation.submissions.filter(organisation__in=organisations).exclude(state__in=REPLACEABLE)
    return {s.organisation_id: s.reference or s.get_state_display() for s in inputs}


# Importing


@transaction.atomic
def inputs_import(
    *, moderator: User, consultation: Consultation, name: str, data: bytes, create_organisations: bool = False
) -> int:
    """Record every input of a sheet on the organisations' behalf, all or none; return how many."""
    if not services.user_can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can import inputs."))
    rows = read_rows(name, data)
    # One import at a time per consultation, and none while a sent input is being numbered (services._send).
    Consultation.objects.select_for_update(no_key=True).get(pk=consultation.pk)
    plans = check(consultation, rows, create_organisations=create_organisations)
    note = _("Created by import of %(name)s") % {"name": PurePath(name).name}
    for plan in plans:
        _record(moderator, consultation, plan, note)
    return len(plans)


def _record(moderator, consultation, plan, note):
    try:
        organisation = plan.organisation or organisation_create_verified(
            moderator=moderator, name=plan.name, category=plan.category, country=plan.country, note=note
        )
        received = services.RecordedInput(
            organisation=organisation,
            language=plan.language,
            consent=plan.consent,
            answers=plan.answers,
            submitted_at=plan.submitted_at,
            channel=Submission.Channel.IMPORT,
        )
        services.submission_record(moderator=moderator, consultation=consultation, received=received)
    except ValidationError as error:  # something changed since the check: an input sent, a Government verified
        raise InputFileError([sheets.at(plan.line, " ".join(error.messages))])
