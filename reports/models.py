"""What is produced for the Commission: balance reports, working groups and their slates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Country, Organisation
from consultations.models import Consultation
from reports import policy as policies


def validate_policy(document):
    """The document parses, and its ex officio countries exist."""
    policy = policies.parse(document)
    codes = set(policy.government.ex_officio) if policy.government else set()
    known = set(Country.objects.filter(iso3__in=codes).values_list("iso3", flat=True))
    if codes - known:
        raise ValidationError(
            _("Unknown ex officio countries: %(codes)s.") % {"codes": ", ".join(sorted(codes - known))}
        )


class RepresentationPolicy(models.Model):
    """The targets of one consultation's inputs or one working group's membership."""

    name = models.CharField(_("name"), max_length=200)
    document = models.JSONField(
        _("rules"),
        validators=[validate_policy],
        help_text=_("Seats or shares per regional group and seat group, parity, floors: see reports/policy.py."),
    )
    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="policy"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("representation policy")
        verbose_name_plural = _("representation policies")

    def __str__(self):
        return self.name

    def parsed(self) -> policies.Policy:
        return policies.parse(self.document)


class WorkingGroup(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    mandate = models.TextField(_("mandate"), blank=True)
    policy = models.ForeignKey(RepresentationPolicy, on_delete=models.PROTECT, related_name="working_groups")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.SET_NULL, null=True, blank=True, related_name="working_groups"
    )
    nominations_open = models.BooleanField(_("nominations open"), default=True)

    class Meta:
        verbose_name = _("working group")
        permissions = [("confirm_membership", "Can confirm a working group's members")]

    def __str__(self):
        return self.name


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class Nomination(models.Model):
    """A person proposed for a working group, through the organisation they would speak for."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="nominations")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="nominations")
    gender = models.CharField(_("gender (self-declared, optional)"), max_length=10, choices=Gender.choices, blank=True)
    statement = models.TextField(_("statement"), blank=True)
    rank = models.PositiveIntegerField(_("secretariat's rank"), null=True, blank=True, help_text=_("1 is preferred."))
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["working_group", models.F("rank").asc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "working_group", "organisation", name="one_nomination_per_person")
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    def clean(self):
        if self.organisation_id and not self.organisation.is_verified:
            raise ValidationError({"organisation": _("Only verified organisations can nominate.")})


class Member(models.Model):
    """A confirmed member of a working group."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="member")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)
    # The member's account, linked by the Chair: it comments on the group's drafts in the member's name.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="group_seats"
    )

    class Meta:
        ordering = ["working_group", "nomination__name"]

    def __str__(self):
        return str(self.nomination)


class BalanceReport(models.Model):
    """One balance check of a population, computed by a worker; its row is the job."""

    # Why a report was asked for (`reason`), as the console's history says it.
    REASONS = {
        "on demand": _("asked for"),
        "decision": _("an input decided"),
        "verification": _("a verification changed"),
        "membership": _("membership changed"),
        "nightly": _("nightly"),
    }

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)  # a worker has it, or will

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="balance_reports"
    )
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="balance_reports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(max_length=30, default="on demand")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)  # {"total", "cells", "rules", "meets_hard"}
    meets_hard = models.BooleanField(null=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consultation__isnull=False, working_group__isnull=True)
                | models.Q(consultation__isnull=True, working_group__isnull=False),
                name="report_of_one_population",
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]
        permissions = [("request_balance_report", "Can ask for a fresh balance report")]

    def __str__(self):
        return _("Balance of %(population)s (%(status)s)") % {
            "population": self.consultation or self.working_group,
            "status": self.get_status_display(),
        }

    @property
    def reason_label(self) -> str:
        return str(self.REASONS.get(self.reason, self.reason))


class Compilation(models.Model):
    """One PDF for the Commission made by the document engine: a compilation of a consultation's inputs, or another
    kind of document registered with it (`kind`: the "Summary of inputs" of the review). Its row is the job."""

    class Arrangement(models.TextChoices):
        BY_RESPONDENT = "by-respondent", _("By respondent")
        BY_QUESTION = "by-question", _("By question")

    class Edition(models.TextChoices):
        COMPLETE = "complete", _("Complete, for the Commission")
        PUBLIC = "public", _("Public, as respondents consented")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)  # a worker has it, or will

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="compilations")
    # The kind of document (reports.compilation.kinds): "compilation" for the inputs compiled; the kinds above
    # reports register theirs. The arrangement and the choice of inputs are the compilation's only.
    kind = models.CharField(_("document"), max_length=20, default="compilation")
    arrangement = models.CharField(max_length=15, choices=Arrangement.choices, default=Arrangement.BY_RESPONDENT)
    edition = models.CharField(max_length=10, choices=Edition.choices, default=Edition.COMPLETE)
    languages = models.JSONField(default=list, blank=True, help_text=_("Input languages included; empty for all."))
    append_attachments = models.BooleanField(default=True, help_text=_("Append PDF attachments, else list them."))
    # What a kind above reports needs besides to describe its document (the report's: its report, draft, annex).
    options = models.JSONField(_("options of its kind"), default=dict, blank=True)
    language = models.CharField(
        _("language of the document"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Of its cover, contents, headings and labels; each input stays in the language it was written in."),
    )
    # What the document was made from: the same fingerprint means the same file.
    fingerprint = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    parts_done = models.PositiveIntegerField(default=0)
    parts_total = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="compilations/", blank=True, max_length=200)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    log = models.TextField(blank=True, help_text=_("Warnings met while compiling, e.g. a script with no font."))

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"])]
        permissions = [("request_compilation", "Can ask for a compilation of inputs")]

    def __str__(self):
        return f"{self.consultation.reference} {self.label} ({self.get_edition_display()})"

    @property
    def label(self) -> str:
        """What the document is, as lists of documents name it: "By respondent", "Summary of inputs"…"""
        from reports.compilation import kinds  # the registry, filled once the apps are ready

        return kinds.get(self.kind).describe(self)

    @property
    def in_progress(self) -> bool:
        """Queued or running: a worker has it, or will, and its progress is worth following."""
        return self.status in self.IN_PROGRESS
