"""A working group's report to the Commission, as the Chair drafts it: numbered drafts, each an ordered tree of
sections and numbered paragraphs, frozen once published; each paragraph's identity kept from draft to draft.

A draft is edited until the Chair publishes it; from then on it is a record (nothing of it changes: the models
refuse it, and on PostgreSQL a trigger refuses it too), and the next draft starts as its copy. A paragraph's
identity (`Paragraph`) is what lets its history be followed through every draft however it is moved, renumbered,
split or merged: each draft holds a version of it (`DraftParagraph`), and a version made from others (the second
half of a split, a merge) names them (`Origin`). Decisions on a paragraph's status are append-only, with the
reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import AppendOnlyModel
from reports.models import Member, WorkingGroup


class PublishedError(Exception):
    """Raised on any attempt to change a published draft or anything in it."""


class Report(models.Model):
    """A working group's report to the Commission, through its drafts."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="group_reports")
    title = models.CharField(_("title"), max_length=300)
    symbol = models.CharField(_("document symbol"), max_length=60, blank=True, help_text=_("e.g. E/CN.16/2014/CRP.3"))
    language = models.CharField(_("language of the report"), max_length=10, choices=settings.LANGUAGES, default="en")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["working_group", "created_at", "pk"]
        permissions = [
            ("edit_draft", "Can edit the current draft of a report"),
            ("publish_draft", "Can publish a draft and open rounds of comments"),
            ("decide_status", "Can decide a paragraph's status"),
        ]

    def __str__(self):
        return self.title


class DraftQuerySet(models.QuerySet):
    def editing(self):
        return self.filter(published_at__isnull=True)

    def published(self):
        return self.filter(published_at__isnull=False)


class Draft(models.Model):
    """One numbered draft of a report: edited until published, then a record that never changes."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="drafts")
    number = models.PositiveIntegerField(_("draft"))
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("Chair's note"), blank=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_draft_number_per_report"),
            models.UniqueConstraint(
                fields=["report"], condition=Q(published_at__isnull=True), name="one_draft_edited_per_report"
            ),
        ]

    def __str__(self):
        return f"{self.report} — draft {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding and type(self).objects.filter(pk=self.pk, published_at__isnull=False).exists():
            raise PublishedError(_("Draft %(number)s is published: it cannot change.") % {"number": self.number})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise PublishedError(_("Draft %(number)s is published: it cannot change.") % {"number": self.number})
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class InDraftQuerySet(models.QuerySet):
    """Rows that belong to a draft: a bulk change may touch only drafts still being edited."""

    draft_path = "draft"

    def _refuse_published(self):
        if self.filter(**{f"{self.draft_path}__published_at__isnull": False}).exists():
            raise PublishedError(_("A published draft cannot change."))

    def update(self, **kwargs):
        self._refuse_published()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_published()
        return super().delete()


class InDraft(models.Model):
    """A row of a draft: written and deleted only while its draft is edited."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def owning_draft_id(self) -> int:
        return self.draft_id

    def _refuse_if_published(self):
        if Draft.objects.filter(pk=self.owning_draft_id(), published_at__isnull=False).exists():
            raise PublishedError(_("A published draft cannot change: edit the draft that follows it."))


class Section(InDraft):
    """A section of a draft: a heading, in an ordered tree; `key` is the same section in every draft."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="sections")
    key = models.PositiveIntegerField()  # the section's identity from draft to draft, unique in its report
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    position = models.PositiveIntegerField(default=0)
    heading = models.TextField(_("heading"))

    objects = InDraftQuerySet.as_manager()

    class Meta:
        ordering = ["draft", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["draft", "key"], name="one_section_key_per_draft")]

    def __str__(self):
        return self.heading


class Paragraph(models.Model):
    """A paragraph's identity through the drafts of its report (its text and place are each draft's)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="paragraphs")
    created_in = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "pk"]

    def __str__(self):
        return f"¶{self.pk}"


class Kind(models.TextChoices):
    NARRATIVE = "narrative", _("Narrative")
    FINDING = "finding", _("Finding")
    RECOMMENDATION = "recommendation", _("Recommendation")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AD_REFERENDUM = "ad-referendum", _("Agreed ad referendum")
    AGREED = "agreed", _("Agreed")
    BRACKETED = "bracketed", _("Bracketed")
    NO_CONSENSUS = "no-consensus", _("No consensus")
    DELETED = "deleted", _("Deleted")


class DraftParagraph(InDraft):
    """A paragraph as one draft has it: its place, number, kind, status and text (in the language written, with
    translations where given). `revision` counts its saves: an edit made on an older revision is refused."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="paragraphs")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="versions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, null=True, blank=True, related_name="paragraphs")
    position = models.PositiveIntegerField(default=0)  # order within its section (or before the first section)
    number = models.PositiveIntegerField(null=True, blank=True)  # none while deleted
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NARRATIVE)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    text = models.TextField(_("text"))
    language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES, default="en")
    translations = models.JSONField(_("translations"), default=dict, blank=True)  # {language: text}
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = InDraftQuerySet.as_manager()

    class Meta:
        ordering = ["draft", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["draft", "paragraph"], name="one_version_per_draft")]

    def __str__(self):
        return f"{self.draft}, ¶{self.number or '—'}"

    def text_in(self, language: str) -> str:
        """The text in `language` where a translation is given, else as written."""
        translated = (self.translations or {}).get(language, "")
        return translated if isinstance(translated, str) and translated.strip() else self.text


class OriginQuerySet(InDraftQuerySet):
    draft_path = "version__draft"


class Origin(InDraft):
    """A version made from another paragraph of the draft before: the second half of a split (made from the
    paragraph split), or a merge (the paragraphs merged into it)."""

    class How(models.TextChoices):
        SPLIT = "split", _("split from")
        MERGED = "merged", _("merged from")

    version = models.ForeignKey(DraftParagraph, on_delete=models.CASCADE, related_name="origins")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="+")
    how = models.CharField(max_length=10, choices=How.choices)

    objects = OriginQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "paragraph"], name="one_origin_per_paragraph")]

    def __str__(self):
        return f"{self.version} ({self.get_how_display()} ¶{self.paragraph_id})"

    def owning_draft_id(self) -> int:
        return self.version.draft_id


class ProponentQuerySet(InDraftQuerySet):
    draft_path = "version__draft"


class Proponent(InDraft):
    """A member who proposes one alternative of one bracket of a paragraph (counted from 0, in reading order)."""

    version = models.ForeignKey(DraftParagraph, on_delete=models.CASCADE, related_name="proponents")
    bracket = models.PositiveSmallIntegerField()
    alternative = models.PositiveSmallIntegerField()
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")

    objects = ProponentQuerySet.as_manager()

    class Meta:
        ordering = ["version", "bracket", "alternative", "member__nomination__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "bracket", "alternative", "member"], name="one_proposal_per_alternative"
            )
        ]

    def __str__(self):
        return f"{self.member}: bracket {self.bracket + 1}, alternative {self.alternative + 1} of {self.version}"

    def owning_draft_id(self) -> int:
        return self.version.draft_id


class StatusDecision(AppendOnlyModel):
    """The Chair's decision on a paragraph's status in a draft, with the reason: never changed."""

    version = models.ForeignKey(DraftParagraph, on_delete=models.PROTECT, related_name="decisions")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    # Objections standing when it was decided (members' pks): a paragraph agreed over them says so for ever.
    objections = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return f"{self.version}: {self.from_status} → {self.to_status}"


class Observer(models.Model):
    """Someone the Chair admits to follow a working group's drafts (an observer organisation's representative):
    they read published drafts and, where a round allows it, comment; their comments are marked as observers'."""

    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="group_observers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="observed_groups")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["working_group", "added_at"]
        constraints = [models.UniqueConstraint(fields=["working_group", "user"], name="one_observer_seat_per_user")]

    def __str__(self):
        return str(self.organisation or self.user)


class CommentRound(models.Model):
    """A round of written comments on a published draft, until a deadline (UTC). Comments are private to the
    secretariat and the Chair until the round closes; then they are published if the Chair said so when opening
    it (each commenter sees that choice before commenting)."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="rounds")
    deadline = models.DateTimeField(_("deadline"))
    publish_comments = models.BooleanField(
        _("publish the comments once the round closes"), default=False,
        help_text=_("Shown to every member before they comment."),
    )  # fmt: skip
    observers_may_comment = models.BooleanField(_("observers may comment"), default=False)
    accepts_late = models.BooleanField(_("late comments accepted"), default=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["draft", "opened_at", "pk"]

    def __str__(self):
        return f"{self.draft}: comments until {self.deadline:%Y-%m-%d %H:%M} UTC"

    def is_closed(self, now=None) -> bool:
        """Closed by the Chair, or past its deadline with no late comments accepted."""
        now = now or timezone.now()
        return self.closed_at is not None or (now >= self.deadline and not self.accepts_late)

    def comments_public(self, now=None) -> bool:
        return self.publish_comments and self.is_closed(now)


class Position(models.TextChoices):
    SUPPORT = "support", _("Support")
    OBJECT = "object", _("Object")
    RESERVE = "reserve", _("Reserve")


class Comment(AppendOnlyModel):
    """A member's (or an allowed observer's) comment on one paragraph of a draft in a round: a remark, a proposed
    amendment (replacement text) and a position, each optional but not all empty. Never changed: a member who
    changes their mind comments again, and the latest position counts."""

    round = models.ForeignKey(CommentRound, on_delete=models.PROTECT, related_name="comments")
    version = models.ForeignKey(DraftParagraph, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="draft_comments")
    observer = models.ForeignKey(Observer, on_delete=models.PROTECT, null=True, blank=True, related_name="comments")
    text = models.TextField(_("comment"), blank=True)
    amendment = models.TextField(_("proposed amendment"), blank=True, help_text=_("The paragraph as you propose it."))
    position = models.CharField(_("position"), max_length=10, choices=Position.choices, blank=True)
    explanation = models.TextField(_("explanation of the position"), blank=True)
    language = models.CharField(_("written in"), max_length=10, choices=settings.LANGUAGES, default="en")
    late = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, observer__isnull=True)
                | Q(member__isnull=True, observer__isnull=False),
                name="comment_by_a_member_or_an_observer",
            )
        ]

    def __str__(self):
        return f"{self.version}: {self.get_position_display() or _('comment')}"
