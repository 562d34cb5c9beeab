"""The codebook: the issues the inputs raise, as a tree of codes (cluster → issue → sub-issue), with its history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import AppendOnlyModel
from consultations.models import Consultation, Question, Submission, SubmissionVersion, Translatable


class Code(Translatable):
    """One entry of a consultation's codebook. A merged code points at the code that took its place; a retired one
    stays for history and takes no new codings."""

    class Level(models.IntegerChoices):
        CLUSTER = 1, _("Cluster")
        ISSUE = 2, _("Issue")
        SUB_ISSUE = 3, _("Sub-issue")

    TRANSLATED = ("name", "definition", "note")

    # No accessor on Consultation: consultations stands below review and never reads it (tests/web/test_layers.py).
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    position = models.PositiveIntegerField(_("position"), default=0)  # among its siblings
    name = models.CharField(_("short name"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    note = models.TextField(_("inclusion and exclusion"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_codes"
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("code")
        ordering = ["consultation_id", "level", "position", "pk"]
        permissions = [
            ("change_codebook", "Can change a consultation's codebook"),
            ("code_inputs", "Can code inputs"),
            ("code_every_input", "Can code and read every input, assigned or not"),
            ("assign_coders", "Can give inputs to analysts to code blind, and reconcile their codings"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"], name="one_code_name_per_codebook"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=3), name="code_level_1_to_3"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        """Whether it takes new codings: neither merged nor retired."""
        return self.merged_into_id is None and self.retired_at is None


class CodeEvent(AppendOnlyModel):
    """One change to the codebook, by whom, when and why, with the values before and after: its history."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        MERGED = "merged", _("Merged into another code")
        ABSORBED = "absorbed", _("Took another code's place")
        RETIRED = "retired", _("Retired")

    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    other = models.ForeignKey(Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("codebook event")
        ordering = ["code", "at", "pk"]


class Stance(models.TextChoices):
    """Where a passage stands on a code that is a proposal."""

    SUPPORTS = "supports", _("Supports")
    OPPOSES = "opposes", _("Opposes")
    NEUTRAL = "neutral", _("Neutral")


class CodingQuerySet(models.QuerySet):
    def current(self):
        """Codings in force: not removed. Those waiting to be coded again are among them, marked."""
        return self.filter(removed_at__isnull=True)


class Coding(models.Model):
    """A code applied to a passage of one answer: the version it was read in and the passage's character offsets
    (Unicode code points, end exclusive), so that it always shows the exact words.

    When the input is sent again, a coding whose passage is still there moves to the new version (services
    .codings_carry); the others stay on their version, marked for coding again. Removing a coding keeps the row,
    with who removed it and when."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(SubmissionVersion, on_delete=models.PROTECT, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="codings", verbose_name=_("code"))
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    passage = models.TextField(_("passage"))
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    coded_at = models.DateTimeField(_("coded at"), default=timezone.now)
    needs_recoding = models.BooleanField(_("to code again"), default=False)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CodingQuerySet.as_manager()

    class Meta:
        verbose_name = _("coding")
        ordering = ["submission_id", "question_id", "start", "end", "pk"]
        indexes = [
            models.Index(fields=["submission", "removed_at"], name="coding_by_input"),
            models.Index(fields=["code", "removed_at"], name="coding_by_code"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="coding_passage_not_empty"),
        ]

    def __str__(self):
        return f"{self.submission_id} Q{self.question_id} {self.start}–{self.end}: {self.code_id}"


class CodingEvent(AppendOnlyModel):
    """One entry of an input's coding history: a code applied or removed by someone, or a coding carried to a new
    version or set aside for coding again when the input was sent again (no one: Concord did it)."""

    class Kind(models.TextChoices):
        CODED = "coded", _("Coded")
        REMOVED = "removed", _("Coding removed")
        CARRIED = "carried", _("Carried to the new version")
        TO_RECODE = "to_recode", _("To code again: the passage changed")

    coding = models.ForeignKey(Coding, on_delete=models.CASCADE, related_name="events")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("coding event")
        ordering = ["at", "pk"]


class Assignment(models.Model):
    """An input given to an analyst to code blind: until every analyst it is given to has marked it done, each of
    them sees only their own codings of it. Once a consultation has assignments, its analysts code only the inputs
    given to them (the Chair still codes and reads every input)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("analyst")
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    done_at = models.DateTimeField(_("marked done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("coding assignment")
        ordering = ["submission_id", "assigned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["submission", "coder"], name="one_assignment_per_coder")]

    def __str__(self):
        return f"{self.submission_id} → {self.coder_id}"


class Reconciliation(AppendOnlyModel):
    """Where blind coders disagreed on whether an input raises an issue, what was decided after comparing them, by
    whom and why. The latest decision for an input and a code is the reconciled coding: it decides whether the input
    counts as raising the issue, whatever the codings say."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="reconciliations")
    applies = models.BooleanField(_("the input raises the issue"))
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("reconciled coding")
        ordering = ["submission_id", "code_id", "decided_at", "pk"]


class RegisterPublication(models.Model):
    """A consultation's issue register, published by the secretariat: from then on the public record shows it, with
    the counts and quotes of the inputs published with their respondents' consent."""

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("published issue register")

    def __str__(self):
        return f"{self.consultation_id} register"
