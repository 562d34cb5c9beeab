"""What is asked and answered: consultations, their questions, and the inputs sent to them."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.audit import AppendOnlyModel
from accounts.models import Organisation
from web import formats

INPUT_LANGUAGES = [*settings.LANGUAGES, ("other", _("Other language"))]


def validate_language_codes(value):
    known = {code for code, _ in INPUT_LANGUAGES}
    if not isinstance(value, list) or not value or any(code not in known for code in value):
        raise ValidationError(_("Choose one or more of: %(codes)s.") % {"codes": ", ".join(sorted(known))})


def all_languages():
    return [code for code, _ in INPUT_LANGUAGES]


INTERFACE_LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Translatable(models.Model):
    """Texts written in one language, with versions in the other UN languages that fall back to it.

    The model's own fields hold the text as the secretariat wrote it, in whatever language; `translations` holds
    {language code: {field: text}} for the fields in TRANSLATED. `translated(field)` gives the text in the
    interface's language when there is one, else the original.
    """

    TRANSLATED: tuple[str, ...] = ()

    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def translated(self, field: str, language: str | None = None) -> str:
        shown_in = self.translation_language(field, language)
        return self.translations[shown_in][field] if shown_in else getattr(self, field)

    def translation_language(self, field: str, language: str | None = None) -> str | None:
        """The language `translated` shows the field in: the one asked for (else the interface's) where the
        secretariat translated it, else None (the text as written)."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        text = (self.translations or {}).get(language, {}).get(field, "")
        return language if isinstance(text, str) and text.strip() else None

    def clean(self):
        super().clean()
        translations = self.translations or {}
        if not isinstance(translations, dict) or any(
            language not in INTERFACE_LANGUAGES
            or not isinstance(texts, dict)
            or any(field not in self.TRANSLATED or not isinstance(text, str) for field, text in texts.items())
            for language, texts in translations.items()
        ):
            raise ValidationError(
                {
                    "translations": _("Translations are {language code: {field: text}} for %(languages)s.")
                    % {"languages": ", ".join(INTERFACE_LANGUAGES)}
                }
            )


class ConsultationQuerySet(models.QuerySet):
    def visible(self):
        """Consultations the public may see: everything but drafts."""
        return self.exclude(status=Consultation.Status.DRAFT)

    def with_public_record(self):
        """Consultations whose accepted inputs are shown to the public."""
        return self.filter(status__in=[Consultation.Status.OPEN, Consultation.Status.PUBLISHED])


class Consultation(Translatable):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    TRANSLATED = ("title", "summary", "mandate", "consent_clause")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), unique=True)
    reference = models.CharField(
        _("reference code"),
        max_length=30,
        unique=True,
        help_text=_("Prefix of input references, e.g. WGEC-2013 gives WGEC-2013-0042."),
    )
    summary = models.TextField(_("summary"))
    mandate = models.TextField(_("mandate"), blank=True)
    consent_clause = models.TextField(
        _("consent clause"), help_text=_("How inputs will be used and published; shown above the form.")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes (deadline)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    languages = models.JSONField(
        _("accepted languages"),
        default=all_languages,
        validators=[validate_language_codes],
        help_text=_("Language codes: ar, zh-hans, en, fr, ru, es, other."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at"]
        permissions = [
            ("moderate_consultation", "Can moderate inputs, grant late submissions and record inputs on behalf")
        ]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return self.translated("title")  # in the active language, as the secretariat translated it

    def get_absolute_url(self):
        return reverse("consultations:consultation_detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The deadline must come after the opening.")})

    def accepts_inputs(self, now=None):
        """Open for inputs right now (status open and inside the window)."""
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at

    def has_public_record(self):
        return self.status in (self.Status.OPEN, self.Status.PUBLISHED)

    def language_choices(self):
        return [(code, label) for code, label in INPUT_LANGUAGES if code in self.languages]


class Theme(Translatable):
    """A section of the questionnaire; by-question views and compilations follow it."""

    TRANSLATED = ("title",)

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="one_theme_number")]
        verbose_name = _("theme")

    def __str__(self):
        return f"{self.number}. {self.translated('title')}"


class Question(Translatable):
    TRANSLATED = ("text", "guidance")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions", verbose_name=_("theme")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("question"))
    guidance = models.TextField(_("guidance"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="one_question_number")]
        verbose_name = _("question")

    def __str__(self):
        return f"Q{self.number}. {self.text[:80]}"

    def get_absolute_url(self):
        return reverse("consultations:question_answers", args=[self.consultation.slug, self.number])

    def clean(self):
        super().clean()
        if self.theme_id and self.consultation_id and self.theme.consultation_id != self.consultation_id:
            raise ValidationError({"theme": _("The theme belongs to another consultation.")})


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Consent(models.TextChoices):
    PUBLIC = "public", _("Public, with our organisation's name")
    ANONYMOUS = "anonymous", _("Public, without our organisation's name")
    SECRETARIAT = "secretariat", _("For the secretariat only, not published")


class SubmissionQuerySet(models.QuerySet):
    def public(self):
        """Inputs anyone may read: accepted, consented, from a verified organisation, in a public consultation."""
        return self.filter(
            state=SubmissionState.ACCEPTED,
            consent__in=[Consent.PUBLIC, Consent.ANONYMOUS],
            organisation__status=Organisation.Status.VERIFIED,
            consultation__status__in=[Consultation.Status.OPEN, Consultation.Status.PUBLISHED],
        )

    def counted(self):
        """Inputs that count in balance checks and compilations: accepted, from verified organisations."""
        return self.filter(state=SubmissionState.ACCEPTED, organisation__status=Organisation.Status.VERIFIED)

    def in_edition(self, edition: str):
        """The inputs an edition holds: "public", the public record's (as respondents consented); "complete", every
        counted input, secretariat-only ones too. Exports, compilations and every later document ask here."""
        if edition == "public":
            return self.public().filter(current_version__isnull=False)
        if edition == "complete":
            return self.counted().filter(current_version__isnull=False)
        raise ValueError(f"Unknown edition {edition!r}; use public or complete.")


class Submission(models.Model):
    """One organisation's input to one consultation, through all its versions."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online form")
        EMAIL = "email", _("Received by e-mail")
        PAPER = "paper", _("Received on paper")
        IMPORT = "import", _("Imported from a sheet")

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="submissions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="submissions")
    state = models.CharField(_("state"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    # As sent: the current version's language and publication, copied from it when a version is sent and never
    # otherwise. Every page, search, filter, export and compilation reads these; the form's choices wait in the
    # draft_ fields below until the input is sent again.
    language = models.CharField(_("language of the input"), max_length=10, choices=INPUT_LANGUAGES, default="en")
    consent = models.CharField(_("publication"), max_length=12, choices=Consent.choices, default=Consent.PUBLIC)
    draft_language = models.CharField(_("language of the draft"), max_length=10, choices=INPUT_LANGUAGES, default="en")
    draft_consent = models.CharField(
        _("publication chosen in the draft"), max_length=12, choices=Consent.choices, default=Consent.PUBLIC
    )
    consent_clause = models.TextField(_("consent clause agreed to"), blank=True)
    channel = models.CharField(_("received"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=40, unique=True, null=True, blank=True)
    digest = models.CharField(_("digest (SHA-256)"), max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Optimistic locking of drafts: each save bumps it; a save based on an older one is refused.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    late_until = models.DateTimeField(_("late submission allowed until"), null=True, blank=True)
    current_version = models.OneToOneField(
        "SubmissionVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="current_of", editable=False
    )
    # Plain text of the answers and the organisation, for the public search.
    search_text = models.TextField(blank=True, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_inputs",
        verbose_name=_("assigned moderator"),
    )
    campaign = models.ForeignKey(
        "Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="submissions"
    )
    # MinHash signature of the last version sent, for campaign detection.
    signature = models.JSONField(null=True, blank=True, editable=False)

    objects = SubmissionQuerySet.as_manager()
    State = SubmissionState  # templates compare with it: {% if submission.state == submission.State.SUBMITTED %}

    class Meta:
        ordering = ["consultation", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "organisation"], name="one_input_per_organisation")
        ]
        indexes = [models.Index(fields=["consultation", "state", "consent"])]
        verbose_name = _("input")
        verbose_name_plural = _("inputs")

    def __str__(self):
        return self.reference or _("Draft of %(organisation)s for %(consultation)s") % {
            "organisation": self.organisation,
            "consultation": self.consultation.reference,
        }

    def get_absolute_url(self):
        return reverse("consultations:submission_edit", args=[self.consultation.slug, self.organisation_id])

    def get_public_url(self):
        return reverse("consultations:public_input", args=[self.consultation.slug, self.reference])

    @property
    def is_anonymous(self):
        return self.consent == Consent.ANONYMOUS

    @property
    def is_published_when_accepted(self):
        """Whether the version sent may be published (with or without the organisation's name) once accepted."""
        return self.consent != Consent.SECRETARIAT

    @property
    def editable_states(self):
        return (SubmissionState.DRAFT, SubmissionState.SUBMITTED, SubmissionState.CHANGES_REQUESTED)

    def is_editable(self):
        return self.state in self.editable_states

    def deadline(self):
        """The moment after which this input can no longer be sent."""
        if self.late_until and self.late_until > self.consultation.closes_at:
            return self.late_until
        return self.consultation.closes_at

    def may_be_sent(self, now=None):
        """Inside the window: the consultation's, or a late submission granted to this input."""
        now = now or timezone.now()
        consultation = self.consultation
        if self.state == SubmissionState.CHANGES_REQUESTED and consultation.status != Consultation.Status.DRAFT:
            # Returned by a moderator: may be resubmitted for that purpose even after the deadline.
            return True
        if self.late_until and now < self.late_until and consultation.status != Consultation.Status.DRAFT:
            return True
        return consultation.accepts_inputs(now)

    def may_withdraw(self, now=None):
        """A draft, any time; a submitted input, until its deadline (after it, the secretariat decides)."""
        if self.pk is None or self.state not in (SubmissionState.DRAFT, SubmissionState.SUBMITTED):
            return False
        return self.state == SubmissionState.DRAFT or self.may_be_sent(now)

    def may_reopen(self, now=None):
        """A withdrawn input may be started again as a draft, before the deadline."""
        return self.state == SubmissionState.WITHDRAWN and self.may_be_sent(now)


class Campaign(models.Model):
    """Inputs whose answers are near-identical: reviewed together by the secretariat."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="campaigns")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")

    def __str__(self):
        return _("Campaign %(number)s (%(consultation)s)") % {
            "number": self.pk,
            "consultation": self.consultation.reference,
        }


class SignatureBand(models.Model):
    """One band of an input's MinHash signature: inputs sharing a band are candidates for a campaign."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["band", "value"])]

    def __str__(self):
        return f"{self.submission_id} band {self.band}"


class Answer(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["question__number"]
        constraints = [models.UniqueConstraint(fields=["submission", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.submission} Q{self.question.number}"


def attachment_path(instance, filename):
    """A generated name: nothing of what the uploader called the file reaches the disk."""
    return f"attachments/{instance.submission.consultation_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word (DOCX)")
        ODT = "odt", _("OpenDocument (ODT)")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    # MEDIA_ROOT is never served directly: files go out only through a view that checks access.
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=150)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")

    def __str__(self):
        return self.name

    @cached_property
    def content_type(self):
        return {
            self.Kind.PDF: "application/pdf",
            self.Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            self.Kind.ODT: "application/vnd.oasis.opendocument.text",
        }[self.kind]


class SubmissionVersion(models.Model):
    """What was sent each time an input was submitted: kept for ever, with its digest."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    digest = models.CharField(max_length=64)
    # Which canonical form the digest was computed over (consultations.text.canonical_form): 1 for versions sent
    # before the language and publication choice were part of it, 2 since.
    digest_form = models.PositiveSmallIntegerField(default=2)
    language = models.CharField(_("language of the input"), max_length=10, choices=INPUT_LANGUAGES)
    consent = models.CharField(_("publication"), max_length=12, choices=Consent.choices)
    attachments = models.JSONField(default=list)  # [{"name": …, "sha256": …, "size": …}]

    class Meta:
        ordering = ["submission", "number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="one_version_number")]

    def __str__(self):
        return f"{self.submission} v{self.number}"

    def attachment_hashes(self):
        return {a["sha256"] for a in self.attachments}

    def consent_before(self):
        """The publication the previous version chose, when this version changed it; None otherwise."""
        if self.number <= 1:
            return None
        earlier = SubmissionVersion.objects.filter(submission_id=self.submission_id, number=self.number - 1)
        before = earlier.values_list("consent", flat=True).first()
        return Consent(before) if before and before != self.consent else None


class VersionAnswer(models.Model):
    """One answer as it was sent in one version (answers left empty are not kept)."""

    version = models.ForeignKey(SubmissionVersion, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="sent_answers")
    text = models.TextField()

    class Meta:
        ordering = ["version", "question__number"]
        constraints = [models.UniqueConstraint(fields=["question", "version"], name="one_sent_answer_per_question")]

    def __str__(self):
        return f"{self.version} Q{self.question_id}"


class DigestSent(models.Model):
    """A day the moderators' daily digest went out: the job delivered twice that day sends it once."""

    day = models.DateField(_("day"), unique=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("daily digest sent")
        verbose_name_plural = _("daily digests sent")

    def __str__(self):
        return str(self.day)


class LateGrant(models.Model):
    """A moderator's permission for one organisation to submit after the deadline."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="late_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField(_("allowed until"))
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["granted_at"]
        verbose_name = _("late submission")

    def __str__(self):
        return _("%(input)s: late until %(until)s") % {
            "input": self.submission,
            "until": formats.moment(self.until, formats.UTC),
        }


class Decision(AppendOnlyModel):
    """One transition of an input, by whom and why: the audit trail, never changed.

    What happened is stored as an event and its details, not as a sentence, so that each reader reads the entry in
    their own language (description()); `reason` holds only what a moderator wrote, shown as written."""

    class Event(models.TextChoices):
        SENT = "sent", _("Version sent")
        RECORDED = "recorded", _("Recorded by the secretariat")
        WITHDRAWN = "withdrawn", _("Withdrawn by the organisation")
        REOPENED = "reopened", _("Started again by the organisation")
        DECIDED = "decided", _("Decided by the secretariat")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="decisions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(max_length=20, choices=SubmissionState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=SubmissionState.choices)
    # Blank on the rows written before events were (0008): their reason is the sentence written then.
    event = models.CharField(_("event"), max_length=20, choices=Event.choices, blank=True)
    params = models.JSONField(_("details"), default=dict, blank=True)  # version, channel, consent_before/_after
    reason = models.TextField(blank=True)
    digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("decision")

    def __str__(self):
        return f"{self.submission}: {self.from_state or '—'} → {self.to_state}"

    def description(self) -> str:
        """The entry in the active language: what happened, then what a moderator wrote, as written.

        Every page, export and e-mail that shows the history says it with this."""
        params = self.params or {}
        parts = [self._what_happened(params), _publication_change(params), self.reason]
        return " ".join(str(part) for part in parts if part)

    def _what_happened(self, params):
        match self.event:
            case self.Event.SENT:
                return _("Version %(n)d sent.") % {"n": params["version"]}
            case self.Event.RECORDED:
                return _("Recorded by the secretariat (%(channel)s).") % {
                    "channel": _label(Submission.Channel, params["channel"])
                }
            case self.Event.WITHDRAWN:
                return _("Withdrawn by the organisation.")
            case self.Event.REOPENED:
                return _("Started again by the organisation.")
        return ""  # a moderator's decision says it with from/to and its reason; an old row with its reason


def _publication_change(params):
    if not params.get("consent_before"):
        return ""
    before, after = _label(Consent, params["consent_before"]), _label(Consent, params["consent_after"])
    return _("Publication changed from “%(before)s” to “%(after)s”.") % {"before": before, "after": after}


def _label(choices, value):
    """The label of a stored choice in the active language; a value no longer among the choices as it was stored."""
    return choices(value).label if value in choices.values else value
