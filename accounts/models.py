"""Who someone is: users, the organisations they speak for, and the countries."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accounts.audit import AppendOnlyModel
from accounts.validators import validate_name

CATEGORY_GOVERNMENT = "government"
CATEGORY_INTERGOVERNMENTAL = "intergovernmental"


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_name])
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Can open the administration and moderation pages.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    daily_digest = models.BooleanField(
        _("daily digest"), default=False, help_text=_("Moderators: an e-mail each morning listing the new inputs.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("view_console", "Can open the moderation console (read-only without other rights)")]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RegionalGroup(models.TextChoices):
    """The five regional groups of the United Nations."""

    AFRICAN = "african", _("African States")
    ASIA_PACIFIC = "asia-pacific", _("Asia-Pacific States")
    EASTERN_EUROPEAN = "eastern-european", _("Eastern European States")
    LATIN_AMERICAN_CARIBBEAN = "latin-american-caribbean", _("Latin American and Caribbean States")
    WESTERN_EUROPEAN_OTHERS = "western-european-others", _("Western European and other States")


class UNStatus(models.TextChoices):
    MEMBER = "member", _("Member State")
    OBSERVER = "observer", _("Observer State")


class CountryQuerySet(models.QuerySet):
    def by_name(self, language=None):
        """In the order of their names in the interface's language (the UN's names), English where none."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        if language not in COUNTRY_NAME_LANGUAGES:
            return self.order_by("name")
        return self.order_by(Coalesce(KT(f"names__{language}"), "name"), "name")


class Country(models.Model):
    """A Member State or observer State, with the groupings balance checks use."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    un_status = models.CharField(_("UN status"), max_length=10, choices=UNStatus.choices, default=UNStatus.MEMBER)
    regional_group = models.CharField(_("regional group"), max_length=30, choices=RegionalGroup.choices, blank=True)
    developed = models.BooleanField(_("developed (M49)"), default=False)
    ldc = models.BooleanField(_("least developed country"), default=False)
    lldc = models.BooleanField(_("landlocked developing country"), default=False)
    sids = models.BooleanField(_("small island developing State"), default=False)
    # {language code: the UN's short name in that language} (accounts/data/countries_<locale>.csv); `name` is English.
    names = models.JSONField(_("names in the other UN languages"), default=dict, blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.localized_name()

    def localized_name(self, language=None) -> str:
        """The UN's name of the country in the interface's language, else its English name."""
        return (self.names or {}).get(language or translation.get_language() or "", "") or self.name


# The names of the categories accounts/migrations/0002 creates, for the translators; others show as written.
CATEGORY_NAMES = [
    gettext_noop("Government"),
    gettext_noop("Private sector"),
    gettext_noop("Civil society"),
    gettext_noop("Technical community"),
    gettext_noop("Academic community"),
    gettext_noop("Intergovernmental and international organizations"),
]
# The interface languages whose country names are in Country.names (English is Country.name).
COUNTRY_NAME_LANGUAGES = {"ar": "ar", "zh-hans": "zh_Hans", "fr": "fr", "ru": "ru", "es": "es"}


class StakeholderCategory(models.Model):
    """A stakeholder category; the list is data because mandates group them differently."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_government = models.BooleanField(
        _("government bloc"), default=False, help_text=_("Organisations here speak for a Member State.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("stakeholder category")
        verbose_name_plural = _("stakeholder categories")

    def __str__(self):
        return gettext(self.name)  # the categories Concord starts with are translated (CATEGORY_NAMES)


class DevelopmentStatus(models.TextChoices):
    DEVELOPED = "developed", _("Developed country")
    DEVELOPING = "developing", _("Developing country")
    INTERNATIONAL = "international", _("International")


class OrganisationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=Organisation.Status.VERIFIED)

    def pending(self):
        return self.filter(status=Organisation.Status.PENDING)

    def of_member(self, user):
        """Organisations where the user is an active member."""
        return self.filter(memberships__user=user, memberships__status=Membership.Status.ACTIVE)


class Organisation(models.Model):
    """A Government, company, NGO, university, IGO… that sends inputs."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REFUSED = "refused", _("Refused")

    class EcosocStatus(models.TextChoices):
        NONE = "none", _("None")
        GENERAL = "general", _("General")
        SPECIAL = "special", _("Special")
        ROSTER = "roster", _("Roster")

    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, validators=[validate_name])
    category = models.ForeignKey(
        StakeholderCategory, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("category")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("country"),
        help_text=_("For a Government, the Member State; for an international organisation, its seat."),
    )
    is_international = models.BooleanField(
        _("counts as international"),
        default=False,
        help_text=_(
            "Intergovernmental and international organisations only: counted as international "
            "rather than by the development status of the country of their seat."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    ecosoc_status = models.CharField(
        _("ECOSOC consultative status"), max_length=10, choices=EcosocStatus.choices, default=EcosocStatus.NONE
    )
    wsis_accredited = models.BooleanField(_("accredited to WSIS"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    verified_at = models.DateTimeField(_("verified or refused at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified or refused by"),
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("verify_organisation", "Can verify or refuse organisations")]
        indexes = [models.Index(fields=["status", "category"])]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("accounts:organisation_detail", args=[self.pk])

    @property
    def is_verified(self):
        return self.status == self.Status.VERIFIED

    def has_member(self, user) -> bool:
        """Whether the user belongs to it: an active membership (OrganisationQuerySet.of_member is the same rule)."""
        return user.is_authenticated and self.memberships.active().filter(user=user).exists()

    def has_focal_point(self, user) -> bool:
        """Whether the user is its focal point, who may change its details and let colleagues in."""
        return (
            user.is_authenticated
            and self.memberships.active().filter(user=user, role=Membership.Role.FOCAL_POINT).exists()
        )

    @property
    def development_status(self):
        """The status balance checks use: the country's, or international for an IGO."""
        if self.is_international:
            return DevelopmentStatus.INTERNATIONAL
        return DevelopmentStatus.DEVELOPED if self.country.developed else DevelopmentStatus.DEVELOPING

    def clean(self):
        if self.is_international and self.category_id and self.category.slug != CATEGORY_INTERGOVERNMENTAL:
            raise ValidationError(
                {
                    "is_international": _(
                        "Only intergovernmental and international organisations count as international."
                    )
                }
            )


class VerificationEvent(AppendOnlyModel):
    """Each verification, refusal or withdrawal of an organisation: the audit trail, never changed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="verification_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=10, choices=Organisation.Status.choices)
    to_status = models.CharField(max_length=10, choices=Organisation.Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.organisation}: {self.from_status} → {self.to_status}"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)


class Membership(models.Model):
    """A user's place in an organisation: focal point or contributor."""

    class Role(models.TextChoices):
        FOCAL_POINT = "focal_point", _("Focal point")
        CONTRIBUTOR = "contributor", _("Contributor")

    class Status(models.TextChoices):
        PENDING = "pending", _("Asked to join")
        ACTIVE = "active", _("Member")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(_("message to the focal point"), blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-role", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_focal_point(self):
        return self.status == self.Status.ACTIVE and self.role == self.Role.FOCAL_POINT


class LoginEvent(AppendOnlyModel):
    """A sign-in, sign-out or refused attempt: who, from where, when; never changed."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        SIGNED_OUT = "signed_out", _("Signed out")
        IDLE_SIGNED_OUT = "idle_signed_out", _("Signed out after inactivity")
        FAILED = "failed", _("Failed sign-in")
        MFA_FAILED = "mfa_failed", _("Wrong two-factor code")
        RATE_LIMITED = "rate_limited", _("Refused: too many attempts")

    USER_AGENT_LENGTH = 300

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="login_events",
        verbose_name=_("user"),
    )
    email = models.CharField(_("e-mail address given"), max_length=254, blank=True)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=USER_AGENT_LENGTH, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        indexes = [models.Index(fields=["email", "at"]), models.Index(fields=["address", "at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email or self.address or '-'}"
