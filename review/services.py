"""Every change to a codebook: importing it, merging and retiring codes. Each is atomic, checks who may make it,
and writes its CodeEvent."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from consultations.models import Consultation
from consultations.sheets import InputFileError
from review import codebook
from review.models import Code, CodeEvent
from review.roles import CHANGE_CODEBOOK

EDITABLE = ("parent_id", "level", "definition", "note", "translations")


def _require(user: User, permission: str = CHANGE_CODEBOOK):
    if not roles.secretariat_can(user, permission):
        raise PermissionDenied(_("Your role cannot change the codebook."))


def _values(code: Code) -> dict:
    return {"name": code.name, **{field: getattr(code, field) for field in EDITABLE}}


@dataclass(frozen=True)
class Imported:
    created: int
    changed: int
    unchanged: int


@transaction.atomic
def codebook_import(*, user: User, consultation: Consultation, name: str, data: bytes) -> Imported:
    """Add the file's codes to the consultation's codebook, and update those of the same name; all or nothing."""
    _require(user)
    rows = codebook.read(name, data)
    existing = list(
        Code.objects.select_for_update(of=("self",)).filter(consultation=consultation).select_related("parent")
    )
    problems = codebook.check(rows, existing)
    if problems:
        raise InputFileError(problems)
    by_name = {code.name: code for code in existing}
    depth = codebook.levels(rows, existing)
    created = changed = 0
    for row in sorted(rows, key=lambda row: depth[row["name"]]):  # parents first
        code = by_name.get(row["name"]) or Code(consultation=consultation, name=row["name"])
        before = _values(code) if code.pk else {}
        code.parent = by_name[row["parent"]] if row["parent"] else None
        code.level = depth[row["name"]]
        code.definition, code.note = row["definition"], row["note"]
        code.translations = codebook.translations_of(row)
        if not code.pk:
            code.position = _next_position(consultation, code.parent)
            code.full_clean()
            code.save()
            CodeEvent.objects.create(code=code, kind=CodeEvent.Kind.CREATED, actor=user, after=_values(code))
            created += 1
        elif before != _values(code):
            code.full_clean()
            code.save()
            event = CodeEvent.Kind.CHANGED
            CodeEvent.objects.create(code=code, kind=event, actor=user, before=before, after=_values(code))
            changed += 1
        by_name[code.name] = code
    return Imported(created, changed, len(rows) - created - changed)


def _next_position(consultation, parent) -> int:
    siblings = Code.objects.filter(consultation=consultation, parent=parent)
    return (siblings.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def code_merge(*, user: User, code: Code, into: Code, reason: str) -> Code:
    """Merge a duplicate into the code that takes its place: its sub-codes move there, and it takes no new codings.
    Recorded on both codes, with the reason."""
    _require(user)
    code, into = (Code.objects.select_for_update(of=("self",)).get(pk=pk) for pk in (code.pk, into.pk))
    if not reason.strip():
        raise ValidationError(_("Say why the codes are merged."))
    if code.consultation_id != into.consultation_id:
        raise ValidationError(_("Codes of different codebooks cannot be merged."))
    if into.pk == code.pk or code.pk in _ancestors(into):
        raise ValidationError(_("A code cannot be merged into itself or into a code under it."))
    if code.level != into.level:
        raise ValidationError(
            _("Only codes of the same level can be merged: a cluster into a cluster, an issue into an issue.")
        )
    if not (code.is_open and into.is_open):
        raise ValidationError(_("A merged or retired code cannot be merged."))
    moved = list(code.children.values_list("pk", flat=True))
    code.children.update(parent=into)
    code.merged_into = into
    code.save(update_fields=["merged_into"])
    details = {"children_moved": moved}
    CodeEvent.objects.create(
        code=code, kind=CodeEvent.Kind.MERGED, actor=user, reason=reason, other=into, after=details
    )
    CodeEvent.objects.create(
        code=into, kind=CodeEvent.Kind.ABSORBED, actor=user, reason=reason, other=code, after=details
    )
    return code


def _ancestors(code: Code) -> list[int]:
    found, parent_id = [], code.parent_id
    while parent_id:
        found.append(parent_id)
        parent_id = Code.objects.values_list("parent_id", flat=True).get(pk=parent_id)
    return found


@transaction.atomic
def code_retire(*, user: User, code: Code, reason: str) -> Code:
    """Retire a code: kept, with its codings, for history; it takes no new codings."""
    _require(user)
    code = Code.objects.select_for_update(of=("self",)).get(pk=code.pk)
    if not code.is_open:
        raise ValidationError(_("This code is already merged or retired."))
    if any(child.is_open for child in code.children.all()):
        raise ValidationError(_("Retire or merge the codes under it first."))
    code.retired_at = timezone.now()
    code.save(update_fields=["retired_at"])
    CodeEvent.objects.create(code=code, kind=CodeEvent.Kind.RETIRED, actor=user, reason=reason)
    return code
