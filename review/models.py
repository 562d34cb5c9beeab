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


# The map of issues to mechanisms -------------------------------------------------------------------------------


class Mechanism(Translatable):
    """An organisation, forum, treaty or process that addresses some of the register's issues: a standards body, an
    intergovernmental organisation, a multistakeholder forum, a convention. `email` is where the secretariat asks it
    to check what the map says of it (never shown in public)."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        FORUM = "forum", _("Forum")
        TREATY = "treaty", _("Treaty or convention")
        PROCESS = "process", _("Process")
        STANDARDS = "standards", _("Standards body")

    TRANSLATED = ("name", "description")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    url = models.URLField(_("web address"), blank=True, max_length=500)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail for accuracy checks"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("mechanism")
        ordering = ["consultation_id", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["consultation", "name"], name="one_mechanism_name_per_map")]

    def __str__(self):
        return self.name


class Gap(models.TextChoices):
    """The kinds of gap the map names where a mechanism addresses an issue (E/CN.16/2015/CRP.2)."""

    IMPLEMENTATION = "implementation", _("Implementation")
    AWARENESS = "awareness", _("Awareness")
    CAPACITY = "capacity", _("Capacity")
    RESEARCH = "research", _("Research")


class MapEntry(models.Model):
    """One line of the map: a mechanism that addresses an issue, what it does about it and its status, whether all
    stakeholders take part on an equal footing, and the gaps that remain. Each change is kept as a numbered
    MapEntryVersion with the values it set; `version` is the number of the latest. A removed entry stays, marked."""

    class Status(models.TextChoices):
        ADDRESSES = "addresses", _("Addresses the issue")
        PARTLY = "partly", _("Addresses part of the issue")
        UNDER_WAY = "under_way", _("Work under way")
        PROPOSED = "proposed", _("Proposed, not started")

    class Footing(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("In part")
        NO = "no", _("No")
        UNKNOWN = "unknown", _("Not known")

    # The values a version keeps, and that an accuracy check asks about.
    VALUES = ("status", "role", "equal_footing", "gaps", "gap_note")

    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="map_entries", verbose_name=_("issue"))
    mechanism = models.ForeignKey(
        Mechanism, on_delete=models.PROTECT, related_name="entries", verbose_name=_("mechanism")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    role = models.TextField(_("what it does on this issue"), blank=True)
    equal_footing = models.CharField(
        _("all stakeholders take part on an equal footing"),
        max_length=10,
        choices=Footing.choices,
        default=Footing.UNKNOWN,
    )
    gaps = models.JSONField(_("gaps"), default=list, blank=True)  # Gap values, in Gap's order
    gap_note = models.TextField(_("about the gaps"), blank=True)
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("map entry")
        verbose_name_plural = _("map entries")
        ordering = ["code_id", "mechanism__name", "pk"]
        permissions = [
            ("change_issue_map", "Can change the map of issues to mechanisms and ask organisations to check it"),
        ]
        constraints = [models.UniqueConstraint(fields=["code", "mechanism"], name="one_map_entry_per_pair")]

    def __str__(self):
        return f"{self.code_id} ← {self.mechanism_id}"

    def values(self) -> dict:
        """What a version of the entry keeps."""
        return {field: getattr(self, field) for field in self.VALUES} | {"removed": self.removed_at is not None}


class MapEntryVersion(AppendOnlyModel):
    """One version of a map entry: the values it had from then on, who set them, when and why."""

    entry = models.ForeignKey(MapEntry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    values = models.JSONField(default=dict)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("map entry version")
        ordering = ["entry_id", "number"]
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="one_map_entry_version_number")]


class AccuracyCheck(models.Model):
    """The secretariat asking the organisation a map entry names to confirm or correct what it says of it: sent by
    e-mail with a signed link that needs no account, answerable once before `expires_at`. It asks about one version
    of the entry; the answer is recorded with its date."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed as accurate")
        CORRECTED = "corrected", _("Correction proposed")

    entry = models.ForeignKey(MapEntry, on_delete=models.CASCADE, related_name="checks")
    version = models.PositiveIntegerField(_("version asked about"))
    email = models.EmailField(_("sent to"))
    nonce = models.CharField(max_length=32, unique=True)  # in the signed link: a link names one check, once
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.CharField(_("answered by"), max_length=200, blank=True)  # the name the answer gives
    correction = models.TextField(_("correction"), blank=True)

    class Meta:
        verbose_name = _("accuracy check")
        ordering = ["entry_id", "-asked_at", "-pk"]

    def __str__(self):
        return f"{self.entry_id} v{self.version} → {self.email}"


# Syntheses -----------------------------------------------------------------------------------------------------


class Synthesis(Translatable):
    """What the secretariat makes of the inputs to one question, or of one issue of the register: a text written in
    any UN language (`language`), with translations, and quotes chosen from codings. Consent is applied when it is
    shown: a quote whose input is no longer public is left out of public renderings."""

    TRANSLATED = ("text",)

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("question")
    )
    code = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="syntheses", verbose_name=_("issue")
    )
    language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("synthesis"))
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("synthesis")
        verbose_name_plural = _("syntheses")
        ordering = ["consultation_id", "question__number", "code_id", "pk"]
        permissions = [("write_synthesis", "Can write the syntheses of the inputs and ask for the summary of inputs")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=True, code__isnull=False)
                | models.Q(question__isnull=False, code__isnull=True),
                name="synthesis_of_a_question_or_an_issue",
            ),
            models.UniqueConstraint(fields=["question"], name="one_synthesis_per_question"),
            models.UniqueConstraint(fields=["code"], name="one_synthesis_per_issue"),
        ]

    def __str__(self):
        return (
            f"{self.consultation_id} synthesis of {'Q' + str(self.question_id) if self.question_id else self.code_id}"
        )


class SynthesisQuote(models.Model):
    """A passage a synthesis quotes, chosen from the codings: shown after its `after` paragraph of the text (0:
    before the first), in `position` order among the quotes there."""

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="quotes")
    coding = models.ForeignKey(Coding, on_delete=models.PROTECT, related_name="+", verbose_name=_("coded passage"))
    after = models.PositiveIntegerField(_("after paragraph"), default=0)
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("quote")
        ordering = ["synthesis_id", "after", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["synthesis", "coding"], name="one_quote_per_coding")]

    def __str__(self):
        return f"{self.synthesis_id} quotes {self.coding_id}"
