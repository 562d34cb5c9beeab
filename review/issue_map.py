"""The map of issues to mechanisms: which organisations, forums, treaties and processes address each issue of the
register, with what status, whether all stakeholders take part on an equal footing, and the gaps that remain.

Every change to an entry is a numbered version (who, when, why, the values it set), so the secretariat reads an
entry's history and the difference between any two versions. From an entry, the secretariat asks the organisation it
names to check it: an e-mail through the outbox carries a signed link that needs no account, answerable once until
it expires; the answer (confirmed, or a correction proposed) is recorded with the date and the name given.

What the public sees (the published register's map) names mechanisms only, never an input's words, and never a
mechanism's e-mail address; a check is shown there only as a confirmation of the entry as it now stands."""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.models import User
from accounts.notifications import email_subject, render_text
from accounts.validators import is_one_line
from consultations.models import Consultation
from outbox.services import enqueue
from review import services
from review.models import AccuracyCheck, Code, Gap, MapEntry, MapEntryVersion, Mechanism
from review.queries import codebook_of
from review.roles import CHANGE_ISSUE_MAP
from web import formats

MECHANISM_FIELDS = ("name", "kind", "url", "description", "email", "translations")
SALT = "review.issue_map.accuracy_check"  # a signature made for this link signs nothing else
MAX_TEXT = 5000  # characters of a role, a note about the gaps, a reason or a correction
REMOVED_LABEL = gettext_lazy("on the map")


def require(user: User):
    """Refuse whoever may not change the map (the rule of every change to it, here and in review.map_io)."""
    if not roles.secretariat_can(user, CHANGE_ISSUE_MAP):
        raise PermissionDenied(_("Your role cannot change the map of issues to mechanisms."))


def _map_changed(consultation_id: int) -> None:
    """The published register shows the map: its cached public pages are out of date (the register's one rule)."""
    services._register_changed(consultation_id)


# Mechanisms ------------------------------------------------------------------------------------------------------


@transaction.atomic
def mechanism_save(
    *, user: User, consultation: Consultation, values: dict, mechanism: Mechanism | None = None
) -> Mechanism:
    """Add a mechanism to the consultation's map, or change one (its name, kind, address, description, e-mail for
    accuracy checks, translations). Names are unique in a map, whatever their case."""
    require(user)
    if mechanism is None:
        mechanism = Mechanism(consultation=consultation)
    else:
        mechanism = Mechanism.objects.select_for_update().get(pk=mechanism.pk, consultation=consultation)
    for name in MECHANISM_FIELDS:
        if name in values:
            setattr(mechanism, name, values[name])
    name = mechanism.name or ""
    if not name.strip() or not is_one_line(name):
        raise ValidationError(_("A mechanism's name is one line of text."))
    mechanism.name = " ".join(name.split())
    twin = Mechanism.objects.filter(consultation=consultation, name__iexact=mechanism.name).exclude(pk=mechanism.pk)
    if twin.exists():
        raise ValidationError(_("The map already has a mechanism named “%(name)s”.") % {"name": mechanism.name})
    mechanism.full_clean(validate_constraints=False)  # the name's uniqueness, checked above in any case
    mechanism.save()
    _map_changed(consultation.pk)
    return mechanism


# Entries and their versions --------------------------------------------------------------------------------------


def clean_values(values: dict) -> dict:
    """An entry's values as they are kept: known status and footing, gaps known and in Gap's order, texts trimmed.
    ValidationError names what is wrong."""
    status = values.get("status", "")
    if status not in MapEntry.Status.values:
        raise ValidationError(_("Choose a status among those offered."))
    footing = values.get("equal_footing") or MapEntry.Footing.UNKNOWN
    if footing not in MapEntry.Footing.values:
        raise ValidationError(
            _("Say whether all stakeholders take part on an equal footing: yes, in part, no or not known.")
        )
    gaps = list(values.get("gaps") or [])
    unknown = [gap for gap in gaps if gap not in Gap.values]
    if unknown:
        raise ValidationError(
            _("Unknown gaps: %(gaps)s (the gaps are %(known)s).")
            % {"gaps": ", ".join(map(str, unknown)), "known": ", ".join(Gap.values)}
        )
    texts = {name: str(values.get(name) or "").strip() for name in ("role", "gap_note")}
    if any(len(text) > MAX_TEXT for text in texts.values()):
        raise ValidationError(_("A text of the entry holds at most %(n)d characters.") % {"n": MAX_TEXT})
    return {
        "status": status,
        "role": texts["role"],
        "equal_footing": footing,
        "gaps": [gap for gap in Gap.values if gap in gaps],
        "gap_note": texts["gap_note"],
    }


def _check_issue(code: Code, mechanism: Mechanism, *, new: bool):
    if code.consultation_id != mechanism.consultation_id:
        raise ValidationError(_("The issue and the mechanism belong to different consultations."))
    if code.level != Code.Level.ISSUE:
        raise ValidationError(
            _("“%(code)s” is not an issue: the map links mechanisms to the issues of the codebook, not to clusters "
              "or sub-issues.") % {"code": code.name}
        )  # fmt: skip
    if code.merged_into_id is not None:
        raise ValidationError(_("“%(code)s” was merged into another issue: map its mechanisms there.") % {"code": code})
    if new and code.retired_at is not None:
        raise ValidationError(_("“%(code)s” is retired: it takes no new entries.") % {"code": code})


def _record(entry: MapEntry, *, user: User, reason: str, now) -> MapEntryVersion:
    entry.changed_at, entry.changed_by = now, user
    entry.save()
    return MapEntryVersion.objects.create(
        entry=entry, number=entry.version, values=entry.values(), actor=user, at=now, reason=reason
    )


@transaction.atomic
def entry_save(
    *,
    user: User,
    code: Code,
    mechanism: Mechanism,
    values: dict,
    reason: str = "",
    entry: MapEntry | None = None,
    now=None,
) -> MapEntry:
    """Put a mechanism on the map of an issue (`entry` None), or change an entry: each change a new version with
    the values it sets, who made it and why. A change needs a reason; saving the same values again changes nothing.
    A mechanism removed from the issue earlier is put back, as a new version of the same entry."""
    require(user)
    values, reason, now = clean_values(values), reason.strip(), now or timezone.now()
    code = Code.objects.get(pk=code.pk)  # as it is now: merged or retired since the page was opened
    existing = MapEntry.objects.select_for_update().filter(code=code, mechanism=mechanism).first()
    if entry is not None and (existing is None or existing.pk != entry.pk):
        raise ValidationError(_("This entry is not the map's entry of this issue and mechanism."))
    if entry is None and existing is not None and existing.removed_at is None:
        raise ValidationError(
            _("%(mechanism)s is already on the map of “%(issue)s”: change that entry instead.")
            % {"mechanism": mechanism.name, "issue": code.name}
        )
    _check_issue(code, mechanism, new=existing is None or existing.removed_at is not None)
    if len(reason) > MAX_TEXT:
        raise ValidationError(_("A reason holds at most %(n)d characters.") % {"n": MAX_TEXT})
    if existing is None:
        entry = MapEntry(code=code, mechanism=mechanism, version=1, **values)
    else:
        entry = existing
        if entry.removed_at is None and {name: getattr(entry, name) for name in values} == values:
            return entry  # nothing changed: no version
        if not reason and entry.removed_at is None:
            raise ValidationError(_("Say why the entry changes: the history keeps the reason."))
        for name, value in values.items():
            setattr(entry, name, value)
        entry.removed_at, entry.version = None, entry.version + 1
    _record(entry, user=user, reason=reason, now=now)
    _map_changed(code.consultation_id)
    return entry


@transaction.atomic
def entry_remove(*, user: User, entry: MapEntry, reason: str, now=None) -> MapEntry:
    """Take a mechanism off an issue's map: the entry stays, marked removed, as a new version with the reason."""
    require(user)
    entry = MapEntry.objects.select_for_update(of=("self",)).select_related("code").get(pk=entry.pk)
    if entry.removed_at is not None:
        raise ValidationError(_("This entry was already removed from the map."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the entry is removed: the history keeps the reason."))
    if len(reason) > MAX_TEXT:
        raise ValidationError(_("A reason holds at most %(n)d characters.") % {"n": MAX_TEXT})
    now = now or timezone.now()
    entry.removed_at, entry.version = now, entry.version + 1
    _record(entry, user=user, reason=reason, now=now)
    _map_changed(entry.code.consultation_id)
    return entry


def entries_merge(*, user: User, code: Code, into: Code, reason: str, now=None) -> dict:
    """When an issue is merged into another (services.code_merge), its map entries move to the survivor, each as a
    new version with the reason; an entry naming a mechanism the survivor already has is removed instead, as a new
    version saying so. Returns {"moved": [entry pks], "removed": [entry pks]}."""
    now = now or timezone.now()
    taken = set(MapEntry.objects.filter(code=into).values_list("mechanism_id", flat=True))
    done = {"moved": [], "removed": []}
    for entry in MapEntry.objects.select_for_update(of=("self",)).filter(code=code, removed_at__isnull=True):
        entry.version += 1
        if entry.mechanism_id in taken:
            entry.removed_at = now
            why = _("Merged into “%(issue)s”, which has this mechanism already: %(reason)s")
            done["removed"].append(entry.pk)
        else:
            entry.code = into
            why = _("Moved to “%(issue)s”, into which its issue was merged: %(reason)s")
            done["moved"].append(entry.pk)
        _record(entry, user=user, reason=why % {"issue": into.name, "reason": reason}, now=now)
    return done


@dataclass(frozen=True)
class Change:
    """One value of an entry that differs between two versions, as people read it (labels, gap names)."""

    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Step:
    """A version of an entry with what it changed from the version before (everything, for the first)."""

    version: MapEntryVersion
    changes: list


def shown(name: str, value) -> str:
    """A value of an entry as the pages and e-mails show it, in the active language."""
    if name == "removed":
        return str(_("no: removed")) if value else str(_("yes"))
    if value in (None, "", []):
        return "—"
    if name == "status":
        return str(MapEntry.Status(value).label) if value in MapEntry.Status.values else str(value)
    if name == "equal_footing":
        return str(MapEntry.Footing(value).label) if value in MapEntry.Footing.values else str(value)
    if name == "gaps":
        return "; ".join(str(Gap(gap).label) if gap in Gap.values else str(gap) for gap in value)
    return str(value)


def label_of(name: str) -> str:
    if name == "removed":
        return capfirst(REMOVED_LABEL)
    return capfirst(MapEntry._meta.get_field(name).verbose_name)


def described(values: dict) -> list[tuple[str, str]]:
    """(label, value shown) for each value a version keeps, in VALUES order, "removed" left out."""
    return [(label_of(name), shown(name, values.get(name))) for name in MapEntry.VALUES]


def _changes(before: dict, after: dict) -> list[Change]:
    found = []
    for name in [*MapEntry.VALUES, "removed"]:
        was, now = shown(name, before.get(name)), shown(name, after.get(name))
        if was != now:
            found.append(Change(name, label_of(name), was, now))
    return found


def history(entry: MapEntry) -> list[Step]:
    """The entry's versions, newest first, each with what it changed: one query."""
    versions = list(MapEntryVersion.objects.filter(entry=entry).select_related("actor").order_by("number"))
    steps, before = [], {}
    for version in versions:
        steps.append(Step(version, _changes(before, version.values)))
        before = version.values
    return steps[::-1]


def diff(entry: MapEntry, before: int, after: int) -> list[Change]:
    """What differs between two versions of the entry, field by field. ValidationError for a version it lacks."""
    found = dict(
        MapEntryVersion.objects.filter(entry=entry, number__in=[before, after]).values_list("number", "values")
    )
    missing = [str(number) for number in (before, after) if number not in found]
    if missing:
        raise ValidationError(
            _("The entry has versions 1 to %(last)d; there is no version %(missing)s.")
            % {"last": entry.version, "missing": ", ".join(missing)}
        )
    return _changes(found[before], found[after])


# Accuracy checks --------------------------------------------------------------------------------------------------


class LinkRefused(ValidationError):
    """An accuracy link that cannot be answered. `gone`: it was a good link once (used, expired, or replaced by a
    newer request): the page answers 410 Gone. Otherwise it never was (incomplete, changed, not signed): 400."""

    def __init__(self, message, *, gone: bool):
        super().__init__(message)
        self.gone = gone


def _signer():
    return signing.TimestampSigner(salt=SALT)


def accuracy_token(check: AccuracyCheck) -> str:
    """The signed token of a check's link: its nonce, signed with the time it was signed."""
    return _signer().sign(check.nonce)


def accuracy_link(check: AccuracyCheck, language: str) -> str:
    """The absolute address the e-mail gives, opening the page in `language`."""
    path = reverse("review:accuracy_answer", args=[accuracy_token(check)])
    return f"{settings.SITE_URL}{path}?{urlencode({'lang': language})}"


def _language(language: str | None) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    chosen = language or translation.get_language() or settings.LANGUAGE_CODE
    if chosen not in codes:
        raise ValidationError(_("Choose the e-mail's language among %(languages)s.") % {"languages": ", ".join(codes)})
    return chosen


@transaction.atomic
def accuracy_ask(
    *, user: User, entry: MapEntry, email: str | None = None, language: str | None = None, now=None
) -> AccuracyCheck:
    """Ask the organisation the entry names to confirm or correct it: by e-mail (to `email`, else the mechanism's
    address) in `language`, sent once this commits, with a link answerable once for ACCURACY_CHECK_DAYS days. An
    earlier request about the entry that was not answered stops working: the newest one is the one to answer."""
    require(user)
    entry = (
        MapEntry.objects.select_for_update(of=("self",))
        .select_related("mechanism", "code__parent", "code__consultation")
        .get(pk=entry.pk)
    )
    if entry.removed_at is not None:
        raise ValidationError(_("This entry was removed from the map: there is nothing to check."))
    address = (email or entry.mechanism.email or "").strip()
    if not address:
        raise ValidationError(_("Give the e-mail address to write to: the mechanism has none."))
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(_("“%(address)s” is not an e-mail address.") % {"address": address})
    language, now = _language(language), now or timezone.now()
    check = AccuracyCheck.objects.create(
        entry=entry,
        version=entry.version,
        email=address,
        nonce=secrets.token_hex(16),
        asked_by=user,
        asked_at=now,
        expires_at=now + timedelta(days=settings.ACCURACY_CHECK_DAYS),
    )
    _email_check(check, entry, language)
    return check


def _email_check(check: AccuracyCheck, entry: MapEntry, language: str) -> None:
    """The request, written in `language` (times in UTC: the organisation's zone is not known), to the outbox."""
    with translation.override(language), timezone.override("UTC"):
        context = {
            "check": check,
            "entry": entry,
            "mechanism": entry.mechanism,
            "issue": entry.code,
            "consultation": entry.code.consultation,
            "values": described(entry.values()),
            "url": accuracy_link(check, language),
            "asker": check.asked_by,
        }
        subject = email_subject("review/map/accuracy_check_subject.txt", context)
        body = render_text("review/map/accuracy_check_message.txt", context)
    enqueue("accounts.tasks.email_send", check.email, settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body)


def accuracy_check_for(token: str, *, now=None, lock: bool = False) -> AccuracyCheck:
    """The check a link names, if it may still be answered; LinkRefused says why not. The one rule of the link,
    asked by the page that shows it and by the answer."""
    try:
        nonce = _signer().unsign(token, max_age=timedelta(days=settings.ACCURACY_CHECK_DAYS))
    except signing.SignatureExpired:
        raise LinkRefused(_("This link has expired. Ask the secretariat for a new one."), gone=True)
    except (signing.BadSignature, ValueError):  # ValueError: signed, but without a time (a plain Signer's)
        raise LinkRefused(
            _("This link is not valid: it is incomplete or was changed. Open the link exactly as the e-mail gives it, "
              "or ask the secretariat for a new one."),
            gone=False,
        )  # fmt: skip
    checks = AccuracyCheck.objects.select_related(
        "entry__mechanism", "entry__code__parent", "entry__code__consultation"
    )
    if lock:
        checks = checks.select_for_update(of=("self",))
    check = checks.filter(nonce=nonce).first()
    if check is None:
        raise LinkRefused(_("This link is no longer valid. Ask the secretariat for a new one."), gone=True)
    _refuse_if_closed(check, now or timezone.now())
    return check


def _refuse_if_closed(check: AccuracyCheck, now) -> None:
    if check.answered_at is not None:
        raise LinkRefused(
            _("This link has been used: the answer was recorded on %(date)s. A link is answered once; write to the "
              "secretariat if something more needs correcting.") % {"date": formats.day(check.answered_at, "UTC")},
            gone=True,
        )  # fmt: skip
    if check.expires_at <= now:
        raise LinkRefused(
            _("This link has expired: it could be answered until %(date)s. Ask the secretariat for a new one.")
            % {"date": formats.day(check.expires_at, "UTC")},
            gone=True,
        )
    if check.entry.removed_at is not None:
        raise LinkRefused(
            _("The secretariat has since removed this entry from the map: there is nothing left to check."), gone=True
        )
    if AccuracyCheck.objects.filter(entry_id=check.entry_id, pk__gt=check.pk).exists():
        raise LinkRefused(
            _("A newer request about this entry was sent since: please answer the latest e-mail."), gone=True
        )


@transaction.atomic
def accuracy_answer(*, token: str, answer: str, name: str, correction: str = "", now=None) -> AccuracyCheck:
    """Record the organisation's answer to a check, once: confirmed, or a correction proposed (its text required),
    with the name of who answered and the date. Nothing is recorded if the link or the answer is refused."""
    now = now or timezone.now()
    check = accuracy_check_for(token, now=now, lock=True)
    if answer not in AccuracyCheck.Answer.values:
        raise ValidationError(_("Choose whether you confirm the entry or propose a correction."))
    name = " ".join(name.split()) if is_one_line(name) else ""
    if not name or len(name) > 200:
        raise ValidationError(_("Give your name, on one line of at most 200 characters: the map says who checked it."))
    correction = correction.strip() if answer == AccuracyCheck.Answer.CORRECTED else ""
    if answer == AccuracyCheck.Answer.CORRECTED and not correction:
        raise ValidationError(_("Say what should be corrected."))
    if len(correction) > MAX_TEXT:
        raise ValidationError(_("A correction holds at most %(n)d characters.") % {"n": MAX_TEXT})
    check.answer, check.answered_at, check.answered_by, check.correction = answer, now, name, correction
    check.save(update_fields=["answer", "answered_at", "answered_by", "correction"])
    _map_changed(check.entry.code.consultation_id)
    return check


def version_asked(check: AccuracyCheck) -> MapEntryVersion:
    """The version of the entry the check asks about: what the organisation is shown."""
    return MapEntryVersion.objects.get(entry_id=check.entry_id, number=check.version)


@dataclass(frozen=True)
class CheckState:
    """Where an entry's latest accuracy check stands: confirmed or a correction proposed (by whom, when), or sent
    and waiting, or expired without an answer; `outdated` when it was answered about an earlier version."""

    check: AccuracyCheck
    confirmed: bool
    corrected: bool
    waiting: bool
    expired: bool
    outdated: bool


def check_state(check: AccuracyCheck, entry_version: int, now=None) -> CheckState:
    now = now or timezone.now()
    answered = check.answered_at is not None
    return CheckState(
        check=check,
        confirmed=check.answer == AccuracyCheck.Answer.CONFIRMED,
        corrected=check.answer == AccuracyCheck.Answer.CORRECTED,
        waiting=not answered and check.expires_at > now,
        expired=not answered and check.expires_at <= now,
        outdated=answered and check.version < entry_version,
    )


# The map, as its pages read it ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One entry of the map as a page shows it: the entry (its mechanism read with it) and its latest check."""

    entry: MapEntry
    state: CheckState | None

    @property
    def gaps(self) -> list[str]:
        """The entry's gaps by their names, in the active language."""
        return [str(Gap(gap).label) for gap in self.entry.gaps if gap in Gap.values]


@dataclass
class MapIssue:
    code: Code
    rows: list = field(default_factory=list)


@dataclass
class MapCluster:
    code: Code
    issues: list


@dataclass(frozen=True)
class IssueMap:
    consultation: Consultation
    public: bool
    clusters: list

    @property
    def by_issue(self) -> dict[int, list[Row]]:
        return {issue.code.pk: issue.rows for cluster in self.clusters for issue in cluster.issues if issue.rows}

    @property
    def entries(self) -> int:
        return sum(len(issue.rows) for cluster in self.clusters for issue in cluster.issues)


def map_of(consultation: Consultation, *, public: bool) -> IssueMap:
    """The consultation's map by cluster and issue (merged issues left out), each entry in force with its mechanism
    and latest check. For the public, a check counts only as a confirmation of the entry as it now stands. Three
    queries, whatever the number of issues, entries and checks."""
    book = [code for code in codebook_of(consultation) if code.merged_into_id is None]
    entries = list(
        MapEntry.objects.filter(code__consultation=consultation, removed_at__isnull=True)
        .select_related("mechanism", "changed_by")
        .order_by("code_id", "mechanism__name", "pk")
    )
    latest = _latest_checks([entry.pk for entry in entries], answered_only=public)
    now = timezone.now()
    issues = {code.pk: MapIssue(code) for code in book if code.level == Code.Level.ISSUE}
    for entry in entries:
        check = latest.get(entry.pk)
        state = check_state(check, entry.version, now) if check else None
        if public and state and not (state.confirmed and not state.outdated):
            state = None
        if entry.code_id in issues:
            issues[entry.code_id].rows.append(Row(entry, state))
    clusters = [
        MapCluster(code, [issues[c.pk] for c in book if c.parent_id == code.pk and c.pk in issues])
        for code in book
        if code.level == Code.Level.CLUSTER
    ]
    return IssueMap(consultation, public, [cluster for cluster in clusters if cluster.issues])


def _latest_checks(entry_ids: list[int], *, answered_only: bool) -> dict[int, AccuracyCheck]:
    checks = AccuracyCheck.objects.filter(entry__in=entry_ids).order_by("entry_id", "-asked_at", "-pk")
    if answered_only:
        checks = checks.filter(answered_at__isnull=False)
    latest = {}
    for check in checks:
        latest.setdefault(check.entry_id, check)
    return latest


def mechanisms_of(consultation: Consultation) -> list[Mechanism]:
    """The consultation's mechanisms by name, each with `issues`: how many issues it is on the map of. One query."""
    return list(
        Mechanism.objects.filter(consultation=consultation).annotate(
            issues=Count("entries", filter=Q(entries__removed_at__isnull=True))
        )
    )


def checks_of(entry: MapEntry) -> list[CheckState]:
    """Every accuracy check of the entry, newest first, with where it stands: one query."""
    now = timezone.now()
    return [check_state(check, entry.version, now) for check in entry.checks.select_related("asked_by")]
