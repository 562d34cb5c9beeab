"""Demo accounts: a secretariat and a dozen organisations across categories and regions.

Idempotent: running it again changes nothing. The seed_demo command calls it.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group
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

# (focal point login, focal point name, organisation, acronym, category, ISO3, international)
ORGANISATIONS = [
    ("kenya", "Wanjiru Kamau", "Permanent Mission of the Republic of Kenya in Geneva", "", "government", "KEN", False),
    (
        "indonesia",
        "Putri Santoso",
        "Ministry of Communication and Digital Affairs of Indonesia",
        "",
        "government",
        "IDN",
        False,
    ),
    ("poland", "Tomasz Nowak", "Ministry of Digital Affairs of Poland", "", "government", "POL", False),
    ("brazil", "Ana Souza", "Permanent Mission of Brazil in Geneva", "", "government", "BRA", False),
    (
        "finland",
        "Mikko Virtanen",
        "Ministry of Transport and Communications of Finland",
        "",
        "government",
        "FIN",
        False,
    ),
    (
        "mobile-money",
        "Joseph Otieno",
        "East African Mobile Payments Association",
        "EAMPA",
        "private-sector",
        "KEN",
        False,
    ),
    ("cloud-forum", "Ingrid Lund", "Nordic Cloud Industry Forum", "NCIF", "private-sector", "SWE", False),
    (
        "sahel-rights",
        "Fatou Ndiaye",
        "Réseau sahélien pour les droits numériques",
        "RSDN",
        "civil-society",
        "SEN",
        False,
    ),
    (
        "pacific-nog",
        "Sione Tuilagi",
        "Pacific Islands Network Operators Group",
        "PacNOG-Demo",
        "technical-community",
        "FJI",
        False,
    ),
    (
        "ciis",
        "Lucía Fernández",
        "Centro de Estudios de Internet y Sociedad",
        "CEIS",
        "academic-community",
        "ARG",
        False,
    ),
    ("tallinn", "Kadri Tamm", "Tallinn Centre for Digital Governance", "TCDG", "academic-community", "EST", False),
    (
        "digital-office",
        "Omar Haddad",
        "Intergovernmental Office for Digital Cooperation",
        "IODC",
        "intergovernmental",
        "CHE",
        True,
    ),
]
# Registered but not yet verified: something for the moderator to do.
PENDING = [
    ("kathmandu-data", "Sunita Shrestha", "Kathmandu Open Data Forum", "KODF", "civil-society", "NPL", False),
]
CONTRIBUTORS = [("ciis-colleague", "Mateo Gómez", "ciis")]


def email(login):
    return f"{login}@{DEMO_DOMAIN}"


def seed_accounts(extra_organisations=()):
    """Create the secretariat and the organisations; return the staff users by login."""
    staff = {login: _staff(login, name, role) for login, name, role in STAFF}
    moderator = staff["moderator"]
    for row in [*ORGANISATIONS, *extra_organisations]:
        _organisation(row, moderator, verify=True)
    for row in PENDING:
        _organisation(row, moderator, verify=False)
    for login, name, focal_login in CONTRIBUTORS:
        user = _user(login, name, STAKEHOLDER_PASSWORD)
        organisation = Membership.objects.get(user__email=email(focal_login)).organisation
        Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            defaults={"role": Membership.Role.CONTRIBUTOR, "status": Membership.Status.ACTIVE},
        )
    return staff


def _user(login, name, password, **extra):
    user, created = User.objects.get_or_create(email=email(login), defaults={"full_name": name, **extra})
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def _staff(login, name, role):
    user = _user(login, name, STAFF_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(user)
    return user


def _organisation(row, moderator, *, verify):
    login, name, org_name, acronym, category, iso3, international = row
    user = _user(login, name, STAKEHOLDER_PASSWORD)
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
    out.write(f"    Authenticator app secret for both: {DEMO_TOTP_SECRET}")
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
