"""The codebook: the issues the inputs raise, as a tree of codes (cluster → issue → sub-issue), with its history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import AppendOnlyModel
from consultations.models import Consultation, Translatable


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
