"""Demo accounts: a secretariat and a dozen organisations across categories and regions.

The organisations, their focal points and contributors are data, in data/demo/organisations.toml (described in
consultations/data/demo/README.md); DemoTable reads such files for every app's demo and names the file and the key
of whatever it refuses. Idempotent: running it again changes nothing. The seed_demo command calls it.
"""

import re
import tomllib
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.urls import reverse

from accounts import roles, services
from accounts.models import Country, Membership, Organisation, StakeholderCategory, User

DEMO_DOMAIN = "demo.concord.example"
STAFF_PASSWORD = "concord-secretariat-demo"
STAKEHOLDER_PASSWORD = "concord-stakeholder-demo"
# A fixed authenticator secret, so a demo moderator can add it to an app once.
DEMO_TOTP_SECRET = "CONCORDDEMOSECRETFORMODERATORS23"

STAFF = [
    ("moderator", "Amina Diallo", roles.MODERATOR),
    ("chair", "Li Wei", roles.CHAIR),
]

ORGANISATIONS_FILE = Path(__file__).parent / "data" / "demo" / "organisations.toml"
# A login (the part of the address before @demo.concord.example) or a category slug.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
ISO3 = re.compile(r"[A-Z]{3}")
KINDS = {str: "a text", int: "a whole number", bool: "true or false", dict: "a table", list: "a list"}
REQUIRED = object()


class DemoDataError(CommandError):
    """A demo data file that cannot be seeded; the message names the file and the key, and seed_demo prints it."""


class DemoTable:
    """A table of a demo data file (TOML), whose checks name the file and the key of what they refuse."""

    def __init__(self, path, values, where=""):
        self.path, self.values, self.where = Path(path), values, where

    @classmethod
    def read(cls, path):
        try:
            return cls(path, tomllib.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise DemoDataError(f"{shown(path)}: {error}") from None

    def key(self, key):
        return f"{self.where}.{key}" if self.where else str(key)

    def error(self, key, problem):
        return DemoDataError(f"{shown(self.path)}: {self.key(key)}: {problem}")

    def get(self, key, kind, default=REQUIRED):
        """The value of key if it is of this kind (a text is stripped, and must not be blank when required)."""
        if key not in self.values:
            if default is REQUIRED:
                raise self.error(key, "missing")
            return default
        value = self.values[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(key, f"should be {KINDS[kind]}, not {value!r}")
        if kind is str:
            value = value.strip()  # so that a closing """ may stand on a line of its own
            if not value and default is REQUIRED:
                raise self.error(key, "is empty")
        return value

    def choice(self, key, choices):
        value = self.get(key, str)
        if value not in choices:
            raise self.error(key, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    def match(self, key, pattern, example):
        value = self.get(key, str)
        if not pattern.fullmatch(value):
            raise self.error(key, f"{value!r} does not look like {example!r}")
        return value

    def table(self, key):
        return DemoTable(self.path, self.get(key, dict), self.key(key))

    def tables(self, key):
        """The tables of an array of tables ([[key]]), none when absent; each named key[1], key[2]…"""
        values = self.get(key, list, [])
        for n, value in enumerate(values, start=1):
            if not isinstance(value, dict):
                raise self.error(f"{key}[{n}]", f"should be {KINDS[dict]}, not {value!r}")
        return [DemoTable(self.path, value, self.key(f"{key}[{n}]")) for n, value in enumerate(values, start=1)]

    def numbers(self, what):
        """The keys of this table, which must be numbers (question or theme numbers), as integers."""
        for key in self.values:
            if not (key.isascii() and key.isdigit()) or int(key) < 1:
                raise self.error(key, f"{key!r} is not a {what} number")
        return [int(key) for key in self.values]

    def only(self, *keys):
        """Refuse a key this file should not have, so that a misspelt one is not silently left out."""
        for key in self.values:
            if key not in keys:
                raise self.error(key, f"unknown key; expected one of: {', '.join(keys)}")


def shown(path):
    """A data file's path as the project names it (relative to the checkout when inside it)."""
    path = Path(path)
    return str(path.relative_to(settings.BASE_DIR)) if path.is_relative_to(settings.BASE_DIR) else str(path)


def read_organisations(path=ORGANISATIONS_FILE):
    """A demo organisations file, checked: {"organisations": rows, "pending": rows, "contributors": rows}.

    An organisation row is (focal point login, focal point name, organisation, acronym, category slug, ISO alpha-3
    country, is_international); a contributor row is (login, name, focal point login of the organisation).
    """
    file = DemoTable.read(path)
    file.only("organisations", "pending", "contributors")
    read = {
        section: [_organisation_row(table) for table in file.tables(section)]
        for section in ("organisations", "pending")
    }
    focal_points = {row[0] for row in [*read["organisations"], *read["pending"]]}
    read["contributors"] = [_contributor_row(table, focal_points) for table in file.tables("contributors")]
    logins = [row[0] for rows in read.values() for row in rows]
    names = [row[2] for row in [*read["organisations"], *read["pending"]]]  # seed_accounts skips a name it has
    for what, values in (("login", logins), ("organisation name", names)):
        if twice := next((value for value in values if values.count(value) > 1), None):
            raise DemoDataError(f"{shown(path)}: the {what} {twice!r} is used twice")
    return read


def _organisation_row(table):
    table.only("login", "focal_point", "name", "acronym", "category", "country", "international")
    return (
        table.match("login", SLUG, "kenya"),
        table.get("focal_point", str),
        table.get("name", str),
        table.get("acronym", str, ""),
        table.match("category", SLUG, "civil-society"),
        table.match("country", ISO3, "KEN"),
        table.get("international", bool, False),
    )


def _contributor_row(table, focal_points):
    table.only("login", "name", "organisation")
    row = (table.match("login", SLUG, "ciis-colleague"), table.get("name", str), table.get("organisation", str))
    if row[2] not in focal_points:
        raise table.error("organisation", f"no organisation of this file has the focal point login {row[2]!r}")
    return row


def email(login):
    return f"{login}@{DEMO_DOMAIN}"


def seed_accounts(extra_organisations=()):
    """Create the secretariat and the organisations; return the staff users by login."""
    demo = read_organisations()
    staff = {login: staff_user(login, name, role) for login, name, role in STAFF}
    moderator = staff["moderator"]
    for row in [*demo["organisations"], *extra_organisations]:
        _organisation(row, moderator, verify=True)
    for row in demo["pending"]:
        _organisation(row, moderator, verify=False)
    for login, name, focal_login in demo["contributors"]:
        user = demo_user(login, name, STAKEHOLDER_PASSWORD)
        organisation = Membership.objects.get(user__email=email(focal_login)).organisation
        Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            defaults={"role": Membership.Role.CONTRIBUTOR, "status": Membership.Status.ACTIVE},
        )
    return staff


def demo_user(login, name, password, **extra):
    """A demo account with a confirmed address (safe to run again)."""
    user, created = User.objects.get_or_create(email=email(login), defaults={"full_name": name, **extra})
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def staff_user(login, name, role):
    """A member of the secretariat with a role, the demo's password and authenticator secret (safe to run again)."""
    user = demo_user(login, name, STAFF_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)
    return user


def _organisation(row, moderator, *, verify):
    login, name, org_name, acronym, category, iso3, international = row
    user = demo_user(login, name, STAKEHOLDER_PASSWORD)
    if Organisation.objects.filter(name=org_name).exists():
        return
    organisation = services.organisation_create(
        user=user,
        name=org_name,
        acronym=acronym,
        category=StakeholderCategory.objects.get(slug=category),
        country=Country.objects.get(iso3=iso3),
        is_international=international,
        description=f"Demo organisation: {org_name}.",
    )
    if verify:
        services.organisation_verify(moderator=moderator, organisation=organisation, note="Demo data.")


def print_logins(out, style, staff):
    """The logins a newcomer needs, with their passwords."""
    out.write(style.SUCCESS(f"\nDemo logins (sign in at {settings.SITE_URL}{reverse('account_login')})"))
    out.write(f"\n  Secretariat, password {STAFF_PASSWORD!r}:")
    for login, user in staff.items():
        codes = ", ".join(
            RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()[:3]
        )
        out.write(f"    {user.email:<45} {login}; two-factor recovery codes: {codes}")
    out.write(f"    Authenticator app secret for all of them: {DEMO_TOTP_SECRET}")
    out.write("    Or print the current code: .venv/bin/python manage.py demo_code moderator")
    out.write(f"\n  Stakeholder focal points, password {STAKEHOLDER_PASSWORD!r}:")
    memberships = Membership.objects.filter(user__email__endswith=DEMO_DOMAIN).select_related(
        "user", "organisation__category", "organisation__country"
    )
    for m in memberships.order_by("organisation__category__order", "organisation__name"):
        out.write(
            f"    {m.user.email:<45} {m.get_role_display()} of {m.organisation.name} "
            f"({m.organisation.category}, {m.organisation.country}; {m.organisation.get_status_display()})"
        )
    out.write("")
