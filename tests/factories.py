import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time

from accounts.models import Country, Membership, Organisation, StakeholderCategory, User

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        user.save()
        if extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def give_mfa(user):
    TOTP.activate(user, TOTP_SECRET)
    RecoveryCodes.activate(user)
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def current_code(secret=TOTP_SECRET):
    """The authenticator app's code for this moment."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def category(slug):
    return StakeholderCategory.objects.get(slug=slug)


def country(iso3):
    return Country.objects.get(iso3=iso3)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    category = factory.LazyFunction(lambda: category("civil-society"))
    country = factory.LazyFunction(lambda: country("KEN"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.CONTRIBUTOR
    status = Membership.Status.ACTIVE
