"""Nominations the secretariat received in a sheet (CSV or XLSX): every row checked, then all recorded or none.

Header, in any order, case-insensitive: name,organisation,category,country,gender,rank,statement.
Organisations are matched by name and must be verified; categories by slug, countries by ISO alpha-3
code; gender is female, male, other or empty; rank a positive whole number or empty (1 is preferred).
A person is the same person when the name (trimmed, in any case) and the organisation are: once per
file, and once per working group.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import vocabulary
from accounts.models import Country, Organisation, StakeholderCategory, User
from accounts.services import government_refusals, organisation_create_verified
from accounts.validators import is_one_line
from consultations import sheets

# Organisations are found as the inputs import finds them.
from consultations.imports import name_not_one_line, organisations_named
from consultations.services import user_can_moderate
from reports.models import Gender, Nomination, WorkingGroup

COLUMNS = ["name", "organisation", "category", "country", "gender", "rank", "statement"]
NAME_LENGTH = Nomination._meta.get_field("name").max_length
ORGANISATION_NAME_LENGTH = Organisation._meta.get_field("name").max_length


class NominationFileError(sheets.InputFileError):
    """A sheet of nominations that cannot be imported; `problems` names each one, most as "Line N: reason"."""


@dataclass(frozen=True)
class Plan:
    """One checked row; organisation None when the import creates it (`key` names it then)."""

    line: int
    name: str
    organisation_name: str
    category: StakeholderCategory
    country: Country
    organisation: Organisation | None
    gender: str
    rank: int | None
    statement: str

    @property
    def key(self):
        """The organisation, existing (its id) or to be created (its name in any case)."""
        return self.organisation.pk if self.organisation else self.organisation_name.casefold()


# Reading


def read_rows(name: str, data: bytes) -> list[dict]:
    """The sheet's non-blank rows as dicts by lower-case column, each with its spreadsheet "line"."""
    try:
        return sheets.read_rows(
            name,
            data,
            header_problems=lambda header: sheets.column_problems(header, COLUMNS, expected=",".join(COLUMNS)),
            nothing_below=_("The file has no nominations below the header."),
        )
    except sheets.InputFileError as error:
        raise NominationFileError(error.problems)


# Checking


def check(working_group: WorkingGroup, rows: list[dict], *, create_organisations: bool) -> list[Plan]:
    """Check every row against the working group and the database; raise NominationFileError listing all problems."""
    checker = _Checker(working_group, rows, create_organisations)
    plans = [plan for plan in map(checker.plan, rows) if plan]
    if checker.problems:
        raise NominationFileError(checker.problems)
    return plans


class _Checker(vocabulary.Terms):
    """Checks rows in order against what the database holds, remembering the file's earlier rows."""

    def __init__(self, working_group, rows, create_organisations):
        self.create_organisations = create_organisations
        self.problems = []
        super().__init__()  # the categories and countries, as a sheet may write them
        self.organisations = organisations_named({sheets.text(row["organisation"]) for row in rows})
        self.nominated = {
            (name.strip().casefold(), organisation)
            for name, organisation in working_group.nominations.values_list("name", "organisation_id")
        }
        self.governed = government_refusals(self.countries.values()) if create_organisations else {}
        self.people, self.new_organisations, self.new_governments = {}, {}, {}

    def plan(self, row):
        """The row's Plan, or None after noting its problems."""
        line, before = row["line"], len(self.problems)
        name = self._name(line, sheets.text(row["name"]))
        category = self._category(line, sheets.text(row["category"]))
        country = self._country(line, sheets.text(row["country"]))
        gender = self._gender(line, sheets.text(row["gender"]).lower())
        rank = self._rank(line, sheets.text(row["rank"]))
        organisation_name = sheets.text(row["organisation"])
        organisation = self._organisation(line, organisation_name, category, country)
        if len(self.problems) > before:
            return None
        statement = sheets.text(row["statement"])
        plan = Plan(line, name, organisation_name, category, country, organisation, gender, rank, statement)
        self._person(plan)
        return None if len(self.problems) > before else plan

    def _problem(self, line, message, **params):
        """Note a problem of the row; returns None so a lookup can end with it."""
        self.problems.append(sheets.at(line, message % params if params else message))

    def _name(self, line, name):
        if not name:
            return self._problem(line, _("the name of the person nominated is empty"))
        if len(name) > NAME_LENGTH:
            return self._problem(line, _("the name is longer than %(n)d characters"), n=NAME_LENGTH)
        if not is_one_line(name):
            message = _(
                "the name of the person nominated must be on one line, without line breaks or control characters"
            )
            return self._problem(line, message)
        return name

    def _gender(self, line, value):
        if value and value not in Gender.values:
            self._problem(line, _('gender must be female, male, other or empty, not "%(value)s"'), value=value)
        return value

    def _rank(self, line, value):
        if not value:
            return None
        if not value.isdigit() or int(value) < 1:
            return self._problem(line, _('rank must be a positive whole number or empty, not "%(value)s"'), value=value)
        return int(value)

    def _organisation(self, line, name, category, country):
        """The existing organisation, or None when it is to be created; notes what is wrong."""
        if not name:
            return self._problem(line, _("the organisation is empty"))
        found = self.organisations.get(name.casefold(), [])
        if len(found) > 1:
            return self._problem(line, _("several organisations are named %(name)s; rename all but one"), name=name)
        if found:
            return self._existing(line, found[0], category, country)
        return self._new(line, name, category, country)

    def _existing(self, line, organisation, category, country):
        name = organisation.name
        if not organisation.is_verified:
            message = _("%(name)s is not verified (%(status)s); only verified organisations can nominate")
            self._problem(line, message, name=name, status=organisation.get_status_display().lower())
        if category and organisation.category_id != category.pk:
            message = _("%(name)s is registered in the category %(registered)s, not %(given)s")
            self._problem(line, message, name=name, registered=organisation.category.slug, given=category.slug)
        if country and organisation.country_id != country.pk:
            message = _("%(name)s is registered in %(registered)s, not %(given)s")
            self._problem(line, message, name=name, registered=organisation.country.iso3, given=country.iso3)
        return organisation

    def _new(self, line, name, category, country):
        """None, for an organisation the import may create; notes why it may not."""
        if not self.create_organisations:
            message = _("no organisation is named %(name)s; register it first or let the import create organisations")
            return self._problem(line, message, name=name)
        if len(name) > ORGANISATION_NAME_LENGTH:
            message = _("the organisation's name is longer than %(n)d characters")
            return self._problem(line, message, n=ORGANISATION_NAME_LENGTH)
        if not is_one_line(name):
            return self._problem(line, name_not_one_line())
        if not (category and country):
            return None
        first = self.new_organisations.setdefault(name.casefold(), (line, category, country))
        if first[1:] != (category, country):
            message = _("%(name)s is on line %(other)d as %(category)s in %(country)s; one organisation, one of each")
            return self._problem(
                line, message, name=name, other=first[0], category=first[1].slug, country=first[2].iso3
            )
        if category.is_government:
            self._new_government(line, name, country)
        return None

    def _new_government(self, line, name, country):
        if country.pk in self.governed:
            return self._problem(line, self.governed[country.pk])
        other = self.new_governments.setdefault(country.pk, (line, name.casefold()))
        if other[1] != name.casefold():
            message = _("%(country)s already has a Government organisation on line %(other)d")
            self._problem(line, message, country=country, other=other[0])
        return None

    def _person(self, plan):
        """Notes a person named twice for one organisation: in the file, or already in the working group."""
        person = (plan.name.casefold(), plan.key)
        if person in self.people:
            message = _("%(name)s of %(organisation)s already appears on line %(other)d")
            return self._problem(
                plan.line, message, name=plan.name, organisation=plan.organisation_name, other=self.people[person]
            )
        self.people[person] = plan.line
        if plan.organisation and (plan.name.casefold(), plan.organisation.pk) in self.nominated:
            message = _("%(name)s of %(organisation)s is already nominated to this working group")
            self._problem(plan.line, message, name=plan.name, organisation=plan.organisation_name)
        return None


# Importing


@transaction.atomic
def nominations_import(
    *, moderator: User, working_group: WorkingGroup, name: str, data: bytes, create_organisations: bool = False
) -> int:
    """Record every nomination of a sheet, all or none; return how many."""
    if not user_can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can import nominations."))
    rows = read_rows(name, data)
    WorkingGroup.objects.select_for_update().get(pk=working_group.pk)  # one import at a time per working group
    plans = check(working_group, rows, create_organisations=create_organisations)
    note = _("Created by import of %(name)s") % {"name": PurePath(name).name}
    created = {}
    nominations = []
    for plan in plans:
        organisation = plan.organisation or created.get(plan.key)
        if organisation is None:  # the first row naming a new organisation creates it
            organisation = created[plan.key] = _create(moderator, plan, note)
        nominations.append(
            Nomination(
                working_group=working_group,
                name=plan.name,
                organisation=organisation,
                gender=plan.gender,
                rank=plan.rank,
                statement=plan.statement,
                nominated_by=moderator,
            )
        )
    Nomination.objects.bulk_create(nominations)
    return len(nominations)


def _create(moderator, plan, note):
    """The organisation the row names, created verified by the importing moderator."""
    try:
        return organisation_create_verified(
            moderator=moderator, name=plan.organisation_name, category=plan.category, country=plan.country, note=note
        )
    except ValidationError as error:  # something changed since the check: a Government verified meanwhile
        raise NominationFileError([sheets.at(plan.line, " ".join(error.messages))])
