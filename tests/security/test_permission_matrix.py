"""Who may open what: every named page of the site, asked for by each member of the cast.

The pages are read from the URL configuration itself (the site's own, allauth's and the admin's),
so a page added without a line in EXPECTED below fails the suite and names itself. Each line says
what every role gets: the page, a refusal (403), a 404 that hides what exists, a 405 for a form
that only takes POST, or a redirect to where the person must go first (sign-in, two-factor set-up).
A second set of tests sends the forms that change something, as those who may not, and checks
that nothing changed.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts import roles
from accounts.forms import OrganisationForm
from accounts.models import Membership, Organisation
from consultations import services
from consultations.models import Consent, Decision, LateGrant, Submission, SubmissionState
from groups import services as group_services
from reports import services as report_services
from reports import tasks as report_tasks
from reports.models import BalanceReport, Compilation, Member, Nomination
from review import issue_map, synthesis_services
from review import queries as review_queries
from review import services as review_services
from review.models import Assignment, Code, Coding, RegisterPublication, Synthesis, SynthesisQuote
from review.roles import ANALYST
from tests.factories import (
    MembershipFactory,
    ModeratorFactory,
    OrganisationFactory,
    UserFactory,
    WorkingGroupFactory,
    category,
    country,
    give_mfa,
)
from tests.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db

OK = HTTPStatus.OK
FORBIDDEN = HTTPStatus.FORBIDDEN
NOT_FOUND = HTTPStatus.NOT_FOUND
NOT_ALLOWED = HTTPStatus.METHOD_NOT_ALLOWED


@dataclass(frozen=True)
class Redirect:
    """A 302 to the page named `to`; with `back`, the link brings the person back to the page they asked for."""

    to: str
    back: bool = False
    arg: str = ""  # the attribute of the shared objects whose pk the target page takes

    def __str__(self):
        return f"302 to {self.to}" + (" and back" if self.back else "")


LOGIN = Redirect("account_login", back=True)
ADMIN_LOGIN = Redirect("admin:login", back=True)
MFA_SET_UP = Redirect("mfa_activate_totp")
REAUTHENTICATE = Redirect("account_reauthenticate", back=True)
HOME = Redirect("home")

# The cast, in the order of every row below.
ROLES = (
    "anonymous",
    "unverified",  # signed up, address not confirmed, no organisation
    "focal_point",  # of the verified organisation
    "colleague",  # member of it, not its focal point
    "outsider",  # focal point of another organisation, which awaits verification
    "moderator_without_mfa",
    "moderator",
    "chair",
    "superuser",
)


def each(*expected):
    """One expectation per role, in the order of ROLES."""
    assert len(expected) == len(ROLES), expected
    return dict(zip(ROLES, expected, strict=True))


def everyone(expected):
    return each(*[expected] * len(ROLES))


PUBLIC = everyone(OK)
SIGNED_IN = each(LOGIN, OK, OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN_POST_ONLY = each(LOGIN, *[NOT_ALLOWED] * 8)
# The organisation's own pages: its members only; to everyone else the organisation's input does not exist.
MEMBERS = each(LOGIN, NOT_FOUND, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
# Another organisation's draft: nobody in the cast belongs to it, so nobody sees it.
NOBODY_ELSE = each(LOGIN, *[NOT_FOUND] * 8)
# The console: the secretariat with two-factor authentication; the chair reads.
CONSOLE = each(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, MFA_SET_UP, OK, OK, OK)
CONSOLE_MODERATORS = {**CONSOLE, "chair": FORBIDDEN}
# Console forms: a GET is refused (405) before anything else, but staff without two-factor authentication
# are sent to set it up whatever they ask for under /moderation/.
CONSOLE_POST_ONLY = each(*[NOT_ALLOWED] * 5, MFA_SET_UP, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)
# The admin: staff only (others are sent to its sign-in page), after two-factor set-up.
ADMIN_STAFF = each(*[ADMIN_LOGIN] * 5, MFA_SET_UP, OK, OK, OK)
# allauth's pages for one's own account and two-factor settings.
ACCOUNT = SIGNED_IN
NOT_SIGNED_IN = each(OK, *[HOME] * 8)  # sign-in and sign-up pages send a signed-in person home
# Settings of an authenticator one has: asked for the password again first; without one there is nothing to see.
WITH_MFA_ONLY = each(LOGIN, *[NOT_FOUND] * 5, REAUTHENTICATE, REAUTHENTICATE, REAUTHENTICATE)

EXPECTED = {
    # Public pages
    "home": PUBLIC,
    "healthz": PUBLIC,
    "set_language": everyone(NOT_ALLOWED),
    "consultations:consultation_list": PUBLIC,
    "consultations:consultation_detail": PUBLIC,
    "consultations:public_inputs": PUBLIC,
    "consultations:public_export": PUBLIC,
    "consultations:public_input[published]": PUBLIC,
    "consultations:public_input[awaiting a decision]": everyone(NOT_FOUND),
    # An input's PDF, in the cache already: served to whoever may read the input, refused all the same to the others.
    "reports:public_input_pdf[published]": PUBLIC,
    "reports:public_input_pdf[awaiting a decision]": everyone(NOT_FOUND),
    "reports:public_input_pdf[for the secretariat only]": everyone(NOT_FOUND),
    # Without the organisation's name (tests/reports/test_single_input_pdf.py).
    "reports:public_input_pdf[anonymous]": PUBLIC,
    "consultations:question_answers": PUBLIC,
    "reports:public_compilation_download[public edition]": PUBLIC,
    "reports:public_compilation_download[complete edition]": everyone(NOT_FOUND),
    "consultations:attachment_download[published]": PUBLIC,
    # A sent input's file: its organisation, and the secretariat (with two-factor authentication) who read it.
    "consultations:attachment_download[sent]": each(NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, NOT_FOUND, OK, OK, OK),
    "consultations:attachment_download[draft]": everyone(NOT_FOUND),
    # Stakeholders' pages
    "accounts:profile": SIGNED_IN,
    "accounts:organisation_list": SIGNED_IN,
    "accounts:organisation_create": SIGNED_IN,
    "accounts:organisation_join": SIGNED_IN,
    "accounts:organisation_detail": MEMBERS,
    "accounts:organisation_edit": {**MEMBERS, "colleague": FORBIDDEN},
    "accounts:membership_request": SIGNED_IN_POST_ONLY,
    "accounts:membership_decide": SIGNED_IN_POST_ONLY,
    "consultations:submission_edit[sent]": MEMBERS,
    "consultations:submission_edit[draft]": NOBODY_ELSE,
    "consultations:submission_receipt[sent]": MEMBERS,
    "consultations:submission_receipt[draft]": NOBODY_ELSE,
    "reports:submission_pdf[sent]": MEMBERS,
    "reports:submission_pdf[draft]": NOBODY_ELSE,
    "reports:submission_pdf[another organisation's, published]": NOBODY_ELSE,
    # The outsider's organisation awaits verification: its members prepare its input, which cannot be sent yet,
    # so there is no receipt and no PDF of it.
    "consultations:submission_edit[awaiting verification]": {**NOBODY_ELSE, "outsider": OK},
    "consultations:submission_receipt[awaiting verification]": NOBODY_ELSE,
    "reports:submission_pdf[awaiting verification]": NOBODY_ELSE,
    "consultations:submission_withdraw": SIGNED_IN_POST_ONLY,
    "consultations:submission_reopen": SIGNED_IN_POST_ONLY,
    "reports:nominate": SIGNED_IN,
    # The console
    "consultations:moderation_index": CONSOLE,
    "consultations:moderation_queue": CONSOLE,
    "consultations:moderation_review[sent]": CONSOLE,
    "consultations:moderation_review[draft]": {
        **CONSOLE,
        "moderator": NOT_FOUND,
        "chair": NOT_FOUND,
        "superuser": NOT_FOUND,
    },
    "consultations:moderation_audit": CONSOLE,
    "accounts:moderation_organisations": CONSOLE,
    "accounts:moderation_organisation": CONSOLE,
    "consultations:moderation_record": CONSOLE_MODERATORS,
    "consultations:moderation_import": CONSOLE_MODERATORS,
    "consultations:moderation_export": CONSOLE,
    "reports:balance_report[consultation]": CONSOLE,
    "reports:balance_report[working group]": CONSOLE,
    "reports:working_groups_console": CONSOLE,
    "reports:working_group_console": CONSOLE,
    "reports:compilations": CONSOLE,
    "reports:compilation_progress": CONSOLE,
    "reports:compilation_download": CONSOLE,
    "consultations:moderation_next": CONSOLE_POST_ONLY,
    "consultations:moderation_bulk": CONSOLE_POST_ONLY,
    "consultations:moderation_assign": CONSOLE_POST_ONLY,
    "accounts:moderation_organisation_decide": CONSOLE_POST_ONLY,
    "reports:balance_refresh": CONSOLE_POST_ONLY,
    "reports:working_group_check": CONSOLE_POST_ONLY,
    # Coding inputs: analysts (not in the cast) and the chair; moderators keep the codebook but do not code.
    "review:coding": {**CONSOLE, "moderator": FORBIDDEN},
    "review:coding_remove": CONSOLE_POST_ONLY,
    "review:assignment_done": CONSOLE_POST_ONLY,
    "review:index": CONSOLE,
    "review:consultation": CONSOLE,
    "review:assign": CONSOLE_POST_ONLY,
    "review:reconcile": CONSOLE_POST_ONLY,
    "review:register": CONSOLE,
    "review:register_csv": CONSOLE,
    "review:register_publish": CONSOLE_POST_ONLY,
    # Syntheses: analysts (not in the cast) and moderators write them; the chair does not.
    "review:syntheses": CONSOLE_MODERATORS,
    "review:synthesis_question": CONSOLE_MODERATORS,
    "review:synthesis_issue": CONSOLE_MODERATORS,
    "review:synthesis_quote_add": CONSOLE_POST_ONLY,
    "review:synthesis_quote_move": CONSOLE_POST_ONLY,
    "review:synthesis_quote_remove": CONSOLE_POST_ONLY,
    # The summary of inputs: who writes the syntheses (analysts, moderators) asks for it; the chair reads compilations.
    "review:summary": CONSOLE_MODERATORS,
    # The issue register on the public record: once the secretariat publishes it (the world has it published).
    "review:public_register": PUBLIC,
    # The map of issues to mechanisms: the console reads it; analysts (not in the cast) and moderators keep it and ask
    # organisations to check it. The organisation answers through its signed link, with no account.
    "review:map": CONSOLE,
    "review:map_entry": CONSOLE,
    "review:mechanism_add": CONSOLE_MODERATORS,
    "review:mechanism_edit": CONSOLE_MODERATORS,
    "review:map_entry_add": CONSOLE_MODERATORS,
    "review:map_entry_edit": CONSOLE_MODERATORS,
    "review:map_entry_remove": CONSOLE_POST_ONLY,
    "review:accuracy_ask": CONSOLE_POST_ONLY,
    "review:accuracy_answer": PUBLIC,
    "review:public_register_csv": PUBLIC,
    # The report to the Commission: the console reads and edits it (publishing and deciding are the Chair's, which
    # the services check); a published draft is read by the group's members and observers (the colleague speaks for
    # a member) and the secretariat; a draft being edited is nobody's to read there.
    "groups:index": CONSOLE,
    "groups:reports": CONSOLE,
    "groups:report": CONSOLE,
    "groups:draft": CONSOLE,
    "groups:paragraph_history": CONSOLE,
    "groups:section_add": CONSOLE_POST_ONLY,
    "groups:paragraph_add": CONSOLE_POST_ONLY,
    "groups:paragraph_change": CONSOLE_POST_ONLY,
    "groups:publish": CONSOLE_POST_ONLY,
    "groups:round_open": CONSOLE_POST_ONLY,
    "groups:report_document": CONSOLE_POST_ONLY,
    "groups:round_change": CONSOLE_POST_ONLY,
    "groups:seat_link": CONSOLE_POST_ONLY,
    "groups:observer_add": CONSOLE_POST_ONLY,
    "groups:member_draft[published]": each(LOGIN, *[FORBIDDEN] * 2, OK, FORBIDDEN, FORBIDDEN, OK, OK, OK),
    "groups:member_draft[being edited]": each(LOGIN, *[NOT_FOUND] * 8),
    "groups:comment": SIGNED_IN_POST_ONLY,
    # Accounts (allauth): the pages that change a password or two-factor settings first ask for it again
    "account_login": NOT_SIGNED_IN,
    "account_signup": NOT_SIGNED_IN,
    "account_logout": each(HOME, *[OK] * 8),
    "account_inactive": PUBLIC,
    "account_reauthenticate": ACCOUNT,
    # Reauthentication by a code mailed to the address: not for an address never confirmed.
    "account_request_reauthentication_code": {**ACCOUNT, "unverified": Redirect("account_reauthenticate")},
    "account_confirm_reauthentication_code": each(LOGIN, *[Redirect("account_request_reauthentication_code")] * 8),
    "account_email": ACCOUNT,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": ACCOUNT,
    "account_set_password": each(LOGIN, *[Redirect("account_change_password")] * 8),  # everyone has a password
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,  # an unknown key: the page says the link is not valid
    "account_reset_password_from_key_done": PUBLIC,
    "account_confirm_login_code": each(Redirect("account_login"), *[HOME] * 8),  # no sign-in under way
    "account_confirm_email": PUBLIC,  # an unknown key: the page says the link is not valid
    "mfa_index": ACCOUNT,
    "mfa_authenticate": each(Redirect("account_login"), *[HOME] * 8),  # no sign-in under way
    "mfa_reauthenticate": each(LOGIN, *[Redirect("account_reauthenticate")] * 5, OK, OK, OK),
    # Two-factor authentication needs a confirmed address.
    "mfa_activate_totp": each(LOGIN, Redirect("mfa_index"), *[REAUTHENTICATE] * 7),
    "mfa_deactivate_totp": WITH_MFA_ONLY,
    "mfa_view_recovery_codes": WITH_MFA_ONLY,
    "mfa_generate_recovery_codes": each(LOGIN, *[REAUTHENTICATE] * 8),
    "mfa_download_recovery_codes": WITH_MFA_ONLY,
    # The admin's own pages. Its sign-in goes through the site's; someone signed in who is not staff sees
    # the admin's own "not authorised, sign in as someone else" page.
    "admin:index": ADMIN_STAFF,
    "admin:login": each(
        LOGIN, OK, OK, OK, OK, MFA_SET_UP, Redirect("admin:index"), Redirect("admin:index"), Redirect("admin:index")
    ),
    # Signing out takes a POST; those who are not staff are sent to the admin's front page, which sends them on.
    "admin:logout": each(*[Redirect("admin:index")] * 5, MFA_SET_UP, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "admin:password_change": ADMIN_STAFF,
    "admin:password_change_done": ADMIN_STAFF,
    "admin:autocomplete": {**ADMIN_STAFF, "moderator": FORBIDDEN, "chair": FORBIDDEN, "superuser": FORBIDDEN},
    "admin:jsi18n": ADMIN_STAFF,
    "admin:app_list": ADMIN_STAFF,
    "admin:view_on_site": {
        **ADMIN_STAFF,
        **dict.fromkeys(
            ("moderator", "chair", "superuser"), Redirect("accounts:organisation_detail", arg="organisation")
        ),
    },
    "admin:auth_user_password_change": {**ADMIN_STAFF, "moderator": FORBIDDEN, "chair": FORBIDDEN},
}

# What each role may do in the admin, per model: view, add, change, delete (roles.ROLES and the ModelAdmins).
#                                  moderator  chair  superuser
ADMIN_RIGHTS = {
    "auth_group": ("", "", "vacd"),
    "account_emailaddress": ("", "", "vacd"),
    "mfa_authenticator": ("", "", "vacd"),
    "accounts_user": ("v", "", "vacd"),
    "accounts_country": ("v", "v", "vacd"),
    "accounts_stakeholdercategory": ("v", "v", "vacd"),
    "accounts_organisation": ("vc", "v", "vacd"),
    "accounts_membership": ("v", "", "vacd"),
    "consultations_consultation": ("vac", "v", "vacd"),
    "consultations_submission": ("v", "v", "vc"),  # inputs come from organisations, and are never deleted
    "consultations_decision": ("v", "", "v"),  # the audit trail is append-only
    "consultations_lategrant": ("v", "", "v"),
    "reports_representationpolicy": ("", "", "vacd"),
    "reports_workinggroup": ("v", "v", "vacd"),
    "reports_member": ("", "", "vcd"),  # members are confirmed in the console
    "reports_balancereport": ("v", "v", "vcd"),  # reports are computed, not written
    "accounts_loginevent": ("v", "v", "v"),  # every staff member reads the sign-in log; nobody changes it
    "outbox_followup": ("", "", "vd"),  # for operators
}
# The right an admin page needs: any one of these letters.
ADMIN_PAGES = {"changelist": "vc", "add": "a", "change": "vc", "history": "vc", "delete": "d"}
ADMIN_MODEL_PAGE = re.compile(r"^admin:(?P<model>[a-z]+_[a-z]+)_(?P<page>changelist|add|change|history|delete)$")


def admin_model_page(name):
    """The expectation for an admin page of a model, from ADMIN_RIGHTS; None when the model is not listed."""
    match = ADMIN_MODEL_PAGE.match(name)
    if not match or match["model"] not in ADMIN_RIGHTS:
        return None
    needed = set(ADMIN_PAGES[match["page"]])
    moderator, chair, superuser = (OK if needed & set(rights) else FORBIDDEN for rights in ADMIN_RIGHTS[match["model"]])
    return {**ADMIN_STAFF, "moderator": moderator, "chair": chair, "superuser": superuser}


def expected_for(case):
    return EXPECTED.get(case) or admin_model_page(case)


# Where each URL argument comes from, by its name, once for the whole site.
ARGUMENTS = {
    "slug": lambda d: d.consultation.slug,
    "organisation_pk": lambda d: d.organisation.pk,
    "reference": lambda d: d.published.reference,
    "number": lambda d: 1,
    "fmt": lambda d: "csv",
    "kind": lambda d: "consultations",
    "key": lambda d: "not-a-key-anyone-was-sent",
    "uidb36": lambda d: "1",
    "id": lambda d: d.focal_point.pk,
    "app_label": lambda d: "accounts",
    "content_type_id": lambda d: ContentType.objects.get_for_model(Organisation).pk,
    "token": lambda d: d.accuracy_token,
    "version_pk": lambda d: d.report_paragraph.pk,
    "paragraph_pk": lambda d: d.report_paragraph.paragraph_id,
}
# Where the same name means something else.
BY_PAGE = {
    "admin:view_on_site": {"object_id": lambda d: d.organisation.pk},
    "accounts:organisation_detail": {"pk": lambda d: d.organisation.pk},
    "accounts:organisation_edit": {"pk": lambda d: d.organisation.pk},
    "accounts:membership_request": {"pk": lambda d: d.organisation.pk},
    "accounts:membership_decide": {"pk": lambda d: d.request_to_join.pk},
    "accounts:moderation_organisation": {"pk": lambda d: d.pending_organisation.pk},
    "accounts:moderation_organisation_decide": {"pk": lambda d: d.pending_organisation.pk},
    "consultations:moderation_assign": {"pk": lambda d: d.sent.pk},
    "reports:compilation_progress": {"pk": lambda d: d.complete_edition.pk},
    "reports:compilation_download": {"pk": lambda d: d.complete_edition.pk},
    "reports:working_group_console": {"slug": lambda d: d.working_group.slug},
    "reports:working_group_check": {"slug": lambda d: d.working_group.slug},
    "reports:nominate": {"slug": lambda d: d.working_group.slug},
    "review:coding": {"pk": lambda d: d.sent.pk},
    "review:assignment_done": {"pk": lambda d: d.sent.pk},
    "review:coding_remove": {"pk": lambda d: d.sent.pk, "coding_pk": lambda d: d.coding.pk},
    "review:mechanism_edit": {"pk": lambda d: d.mechanism.pk},
    "review:map_entry": {"pk": lambda d: d.map_entry.pk},
    "review:map_entry_edit": {"pk": lambda d: d.map_entry.pk},
    "review:map_entry_remove": {"pk": lambda d: d.map_entry.pk},
    "review:accuracy_ask": {"pk": lambda d: d.map_entry.pk},
    "review:synthesis_issue": {"code_pk": lambda d: d.code.pk},
    "review:synthesis_quote_add": {"pk": lambda d: d.synthesis.pk},
    "review:synthesis_quote_move": {"pk": lambda d: d.synthesis.pk, "quote_pk": lambda d: d.synthesis_quote.pk},
    "review:synthesis_quote_remove": {"pk": lambda d: d.synthesis.pk, "quote_pk": lambda d: d.synthesis_quote.pk},
    **{
        f"groups:{name}": {"slug": lambda d: d.working_group.slug, "pk": lambda d: d.report.pk}
        for name in (
            "report",
            "draft",
            "paragraph_history",
            "section_add",
            "paragraph_add",
            "publish",
            "round_open",
            "member_draft",
            "comment",
            "report_document",
        )
    },  # fmt: skip
    "groups:reports": {"slug": lambda d: d.working_group.slug},
    "groups:observer_add": {"slug": lambda d: d.working_group.slug},
    "groups:seat_link": {"slug": lambda d: d.working_group.slug, "member_pk": lambda d: d.member.pk},
    "groups:paragraph_change": {
        "slug": lambda d: d.working_group.slug,
        "pk": lambda d: d.report.pk,
        "version_pk": lambda d: d.report_paragraph.pk,
        "action": lambda d: "edit",
    },
    "groups:round_change": {
        "slug": lambda d: d.working_group.slug,
        "pk": lambda d: d.report.pk,
        "round_pk": lambda d: d.comment_round.pk,
        "action": lambda d: "close",
    },
}
# Pages asked for more than once, about different objects: each variant has its own line in EXPECTED.
VARIANTS = {
    "consultations:public_input": {
        "published": {"reference": lambda d: d.published.reference},
        "awaiting a decision": {"reference": lambda d: d.sent.reference},
    },
    "reports:public_input_pdf": {
        "published": {"reference": lambda d: d.published.reference},
        "awaiting a decision": {"reference": lambda d: d.sent.reference},
        "for the secretariat only": {"reference": lambda d: d.secretariat_only.reference},
        "anonymous": {"reference": lambda d: d.anonymous.reference},
    },
    "reports:public_compilation_download": {
        "public edition": {"pk": lambda d: d.public_edition.pk},
        "complete edition": {"pk": lambda d: d.complete_edition.pk},
    },
    "consultations:attachment_download": {
        "published": {"pk": lambda d: d.published.attachments.get().pk},
        "sent": {"pk": lambda d: d.sent.attachments.get().pk},
        "draft": {"pk": lambda d: d.draft.attachments.get().pk},
    },
    "consultations:submission_edit": {
        "sent": {},
        "draft": {"organisation_pk": lambda d: d.draft.organisation_id},
        "awaiting verification": {"organisation_pk": lambda d: d.awaiting.organisation_id},
    },
    "consultations:submission_receipt": {
        "sent": {},
        "draft": {"organisation_pk": lambda d: d.draft.organisation_id},
        "awaiting verification": {"organisation_pk": lambda d: d.awaiting.organisation_id},
    },
    "reports:submission_pdf": {
        "sent": {},
        "draft": {"organisation_pk": lambda d: d.draft.organisation_id},
        "another organisation's, published": {"organisation_pk": lambda d: d.published.organisation_id},
        "awaiting verification": {"organisation_pk": lambda d: d.awaiting.organisation_id},
    },
    "consultations:moderation_review": {"sent": {"pk": lambda d: d.sent.pk}, "draft": {"pk": lambda d: d.draft.pk}},
    "groups:member_draft": {
        "published": {"number": lambda d: 1},
        "being edited": {"number": lambda d: 2},
    },
    "reports:balance_report": {
        "consultation": {},
        "working group": {"kind": lambda d: "working-groups", "slug": lambda d: d.working_group.slug},
    },
}
# The object an admin page is about, per model.
ADMIN_OBJECTS = {
    "auth_group": lambda d: Group.objects.get(name=roles.MODERATOR),
    "account_emailaddress": lambda d: EmailAddress.objects.get(user=d.focal_point),
    "mfa_authenticator": lambda d: Authenticator.objects.filter(user=d.moderator).first(),
    "accounts_user": lambda d: d.focal_point,
    "accounts_country": lambda d: country("SEN"),
    "accounts_stakeholdercategory": lambda d: category("civil-society"),
    "accounts_organisation": lambda d: d.organisation,
    "accounts_membership": lambda d: d.request_to_join,
    "consultations_consultation": lambda d: d.consultation,
    "consultations_submission": lambda d: d.sent,
    "consultations_decision": lambda d: Decision.objects.filter(submission=d.published).first(),
    "consultations_lategrant": lambda d: d.late_grant,
    "reports_representationpolicy": lambda d: d.working_group.policy,
    "reports_workinggroup": lambda d: d.working_group,
    "reports_member": lambda d: d.member,
    "reports_balancereport": lambda d: d.balance_report,
    "accounts_loginevent": lambda d: apps.get_model("accounts", "LoginEvent").objects.first(),
    "outbox_followup": lambda d: apps.get_model("outbox", "FollowUp").objects.first(),
}


def named_urls():
    """{name: argument names} for every named URL pattern, through namespaces and included URLconfs."""
    found = {}

    def walk(patterns, namespace, arguments):
        for pattern in patterns:
            here = arguments | set(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, ":".join(filter(None, [namespace, pattern.namespace])), here)
            elif pattern.name:
                found.setdefault(f"{namespace}:{pattern.name}" if namespace else pattern.name, frozenset(here))

    walk(get_resolver().url_patterns, "", set())
    return found


def cases():
    """(case, URL name, argument names, argument overrides): one per named URL, or one per variant of it."""
    for name, arguments in sorted(named_urls().items()):
        for label, overrides in VARIANTS.get(name, {"": {}}).items():
            yield (f"{name}[{label}]" if label else name), name, arguments, overrides


def url_for(name, arguments, overrides, data):
    kwargs = {}
    for argument in sorted(arguments):
        source = overrides.get(argument) or BY_PAGE.get(name, {}).get(argument) or ARGUMENTS.get(argument)
        if source is None and argument == "object_id" and (match := ADMIN_MODEL_PAGE.match(name)):
            source = lambda d, model=match["model"]: ADMIN_OBJECTS[model](d).pk  # noqa: E731
        if source is None:
            raise LookupError(f"{name} takes {argument!r}: say where it comes from in ARGUMENTS or BY_PAGE")
        kwargs[argument] = source(data)
    return reverse(name, kwargs=kwargs)


def mismatch(expected, response, url, data):
    """What is wrong with the response, or None."""
    status = response.status_code
    if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        error = getattr(response, "exc_info", None)
        return f"server error {status}" + (f": {error[1]!r}" if error else "")
    if not isinstance(expected, Redirect):
        where = f" to {response['Location']}" if response.has_header("Location") else ""
        return None if status == expected else f"{status}{where}, expected {int(expected)}"
    if status != HTTPStatus.FOUND:
        return f"{status}, expected {expected}"
    location = urlsplit(response["Location"])
    target = reverse(expected.to, args=[getattr(data, expected.arg).pk] if expected.arg else [])
    if location.path != target:
        return f"302 to {response['Location']}, expected {expected}"
    if expected.back and parse_qs(location.query).get("next") != [url]:
        return f"302 to {response['Location']}, which does not lead back to {url}"
    return None


# The shared objects


def send(consultation, organisation, user, *, state, moderator=None, consent=Consent.PUBLIC):
    """An organisation's input with one PDF attached, saved as a draft, then sent and decided as asked."""
    submission = services.submission_for(user=user, consultation=consultation, organisation=organisation)
    questions = {q.number: q.pk for q in consultation.questions.all()}
    changes = services.DraftChanges(
        answers={questions[1]: f"{organisation.name} on enhanced cooperation.", questions[2]: "Each in its role."},
        language="en",
        consent=consent,
        revision=submission.revision,
        new_files=[upload("views.pdf", pdf_bytes())],
    )
    submission = services.submission_save_draft(user=user, submission=submission, changes=changes)
    if state != SubmissionState.DRAFT:
        services.submission_submit(user=user, submission=submission, declaration=True)
    if state not in (SubmissionState.DRAFT, SubmissionState.SUBMITTED):
        services.submission_decide(moderator=moderator, submission=submission, to_state=state, reason="Decided.")
    submission.refresh_from_db()
    return submission


def verified_organisation(name, category_slug, iso3):
    organisation = OrganisationFactory(
        name=name, category=category(category_slug), country=country(iso3), status=Organisation.Status.VERIFIED
    )
    focal_point = MembershipFactory(organisation=organisation, role=Membership.Role.FOCAL_POINT).user
    return organisation, focal_point


def compilation(consultation, edition):
    made = Compilation.objects.create(
        consultation=consultation,
        edition=edition,
        fingerprint=edition[0] * 64,
        status=Compilation.Status.SUCCEEDED,
        page_count=1,
    )
    made.file.save(f"{consultation.slug}-{edition}.pdf", ContentFile(pdf_bytes()))
    return made


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    """One folder for the module, so a rendered input PDF is made once and then read from its cache."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media(settings, media_root):
    settings.MEDIA_ROOT = media_root


@pytest.fixture
def world(
    consultation,
    verified,
    focal_point,
    colleague,
    outsider,
    moderator,
    moderator_without_mfa,
    chair,
    pending_organisation,
):
    """The cast and what they act on: one consultation with a sent input, another's draft, a published input…"""
    unverified = UserFactory(email="una@example.org", full_name="Una Novak", verified_email=False)
    superuser = UserFactory(email="sam@example.org", full_name="Sam Okafor", is_staff=True, is_superuser=True)
    give_mfa(superuser)
    sent = send(consultation, verified, focal_point, state=SubmissionState.SUBMITTED)
    pacific, pacific_focal_point = verified_organisation("Pacific Islands Tech Forum", "technical-community", "FJI")
    draft = send(consultation, pacific, pacific_focal_point, state=SubmissionState.DRAFT)
    awaiting = send(consultation, outsider.memberships.get().organisation, outsider, state=SubmissionState.DRAFT)
    nordic, nordic_focal_point = verified_organisation("Nordic Academic Network", "academic-community", "NOR")
    published = send(consultation, nordic, nordic_focal_point, state=SubmissionState.ACCEPTED, moderator=moderator)
    accepted = {"state": SubmissionState.ACCEPTED, "moderator": moderator}
    mekong, mekong_focal_point = verified_organisation("Mekong Privacy Lab", "academic-community", "VNM")
    anonymous = send(consultation, mekong, mekong_focal_point, **accepted, consent=Consent.ANONYMOUS)
    alpine, alpine_focal_point = verified_organisation("Alpine Telecom Forum", "private-sector", "CHE")
    secretariat_only = send(consultation, alpine, alpine_focal_point, **accepted, consent=Consent.SECRETARIAT)
    applicant = UserFactory(email="ali@example.org", full_name="Ali Hassan")
    request_to_join = MembershipFactory(
        user=applicant, organisation=verified, role=Membership.Role.CONTRIBUTOR, status=Membership.Status.PENDING
    )
    working_group = WorkingGroupFactory(consultation=consultation)
    nomination = Nomination.objects.create(working_group=working_group, organisation=verified, name="Amina Diallo")
    confirmed = Nomination.objects.create(working_group=working_group, organisation=nordic, name="Ingrid Berg")
    member = Member.objects.create(working_group=working_group, nomination=confirmed, confirmed_by=chair)
    balance_report = report_services.balance_report_request(consultation=consultation, user=moderator)
    report_services.balance_report_run(balance_report.pk)
    apps.get_model("accounts", "LoginEvent").objects.create(kind="failed", email="nobody@example.org")
    apps.get_model("outbox", "FollowUp").objects.create(task="reports.tasks.balance_report_run", args=[1])
    analyst = ModeratorFactory(email="amal@example.org", full_name="Amal Nasser", role=ANALYST)
    code = Code.objects.create(consultation=consultation, name="Access to the Internet", level=Code.Level.ISSUE)
    coding = review_services.coding_add(
        user=chair,
        submission=sent,
        version_id=sent.current_version_id,
        passages=[review_services.Passage(sent.current_version.answers.first().question_id, 0, 4)],
        codes=[code],
    )[0]
    RegisterPublication.objects.create(consultation=consultation, published_by=moderator)
    igf = {"name": "Internet Governance Forum", "kind": "forum", "email": "igf@example.org"}
    mechanism = issue_map.mechanism_save(user=moderator, consultation=consultation, values=igf)
    map_entry = issue_map.entry_save(user=moderator, code=code, mechanism=mechanism, values={"status": "partly"})
    accuracy_token = issue_map.accuracy_token(issue_map.accuracy_ask(user=moderator, entry=map_entry))
    synthesis = synthesis_services.synthesis_save(
        user=moderator, consultation=consultation, code=code, language="en", text="What the inputs say."
    )
    synthesis_quote = synthesis_services.quote_add(user=moderator, synthesis=synthesis, coding=coding, after=1)
    member.user = colleague
    member.save(update_fields=["user"])
    report = group_services.start_report(working_group, title="Report of the Working Group", user=chair)
    first_draft = group_services.editing(report)
    group_services.add_paragraph(first_draft, text="The group met in Geneva.", user=chair)
    group_services.publish(first_draft, user=chair)
    comment_round = group_services.open_round(
        first_draft, user=chair, deadline=timezone.now() + timedelta(days=7), publish_comments=True
    )
    report_paragraph = group_services.editing(report).paragraphs.get()
    late_grant = LateGrant.objects.create(
        submission=sent, granted_by=moderator, until=timezone.now() + timedelta(days=20), reason="Postal delays."
    )
    return SimpleNamespace(
        cast={
            "anonymous": None,
            "unverified": unverified,
            "focal_point": focal_point,
            "colleague": colleague,
            "outsider": outsider,
            "moderator_without_mfa": moderator_without_mfa,
            "moderator": moderator,
            "chair": chair,
            "superuser": superuser,
            "draft_owner": pacific_focal_point,
        },
        consultation=consultation,
        organisation=verified,
        pending_organisation=pending_organisation,
        focal_point=focal_point,
        moderator=moderator,
        sent=sent,
        draft=draft,
        awaiting=awaiting,
        published=published,
        anonymous=anonymous,
        secretariat_only=secretariat_only,
        request_to_join=request_to_join,
        working_group=working_group,
        report=report,
        report_paragraph=report_paragraph,
        comment_round=comment_round,
        nomination=nomination,
        member=member,
        balance_report=balance_report,
        late_grant=late_grant,
        analyst=analyst,
        chair=chair,
        code=code,
        coding=coding,
        mechanism=mechanism,
        map_entry=map_entry,
        accuracy_token=accuracy_token,
        synthesis=synthesis,
        synthesis_quote=synthesis_quote,
        public_edition=compilation(consultation, Compilation.Edition.PUBLIC),
        complete_edition=compilation(consultation, Compilation.Edition.COMPLETE),
    )


# The matrix


def test_it_has_an_expected_status_for_every_named_url():
    missing = [case for case, *_ in cases() if expected_for(case) is None]
    assert not missing, "\n".join(f"add an expected status for {case}" for case in missing)


def test_it_expects_nothing_of_pages_that_no_longer_exist():
    known = {case for case, *_ in cases()}
    stale = sorted((set(EXPECTED) | {f"admin:{m}_{p}" for m in ADMIN_RIGHTS for p in ADMIN_PAGES}) - known)
    assert not stale, "\n".join(f"no such page any more: {case}" for case in stale)


@pytest.fixture
def rendered(world):
    """The inputs' PDFs in the cache already, in English: a page serves the file, or refuses it all the same."""
    complete, public = Compilation.Edition.COMPLETE, Compilation.Edition.PUBLIC
    for submission, edition in [
        (world.sent, complete),
        (world.published, complete),
        (world.published, public),
        (world.anonymous, public),
        (world.secretariat_only, public),
    ]:
        report_tasks.single_input_pdf_render(submission.pk, edition, "en")


@pytest.mark.parametrize("role", ROLES)
def test_it_answers_every_page_as_written_down(client, world, rendered, role):
    client.raise_request_exception = False
    if world.cast[role] is not None:
        client.force_login(world.cast[role])
    wrong = []
    for case, name, arguments, overrides in cases():
        expected = expected_for(case)
        if expected is None:
            wrong.append(f"add an expected status for {case}")
            continue
        url = url_for(name, arguments, overrides, world)
        response = client.get(url)
        if response.streaming:
            response.getvalue()  # read to the end, so the file is closed as a server would
        problem = mismatch(expected[role], response, url, world)
        if problem:
            wrong.append(f"{case} ({url}): {problem}")
    assert not wrong, f"As {role}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ["anonymous", "focal_point", "moderator", "superuser"])
def test_every_page_it_shows_is_in_the_chosen_language_and_direction(client, world, role, settings):
    """Every HTML page any of these roles can open, the admin's included, in Arabic: lang="ar" dir="rtl"."""
    client.raise_request_exception = False
    user = world.cast[role]
    if user is None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    else:
        type(user).objects.filter(pk=user.pk).update(preferred_language="ar")
        client.force_login(user)
    wrong, seen = [], 0
    for case, name, arguments, overrides in cases():
        url = url_for(name, arguments, overrides, world)
        response = client.get(url)
        if response.streaming:
            response.getvalue()
            continue
        # A PDF not yet in the cache in Arabic is a page (202) saying it is being prepared: in Arabic too.
        if response.status_code in (200, 202) and response["Content-Type"].startswith("text/html"):
            seen += 1
            if '<html lang="ar" dir="rtl">' not in response.content.decode():
                wrong.append(f"{case} ({url})")
    assert seen > 10
    assert not wrong, f"As {role}, not in Arabic:\n" + "\n".join(wrong)


# What changes state, sent by those who may not: refused, and nothing changed.

ALLOWED = "allowed"  # this role may do it; one of them, the control, does it last and it must take effect


@dataclass(frozen=True)
class Action:
    url: object  # data -> URL
    data: object  # data -> POST data
    state: object  # data -> what the action changes, read back from the database
    expected: dict  # per role: an expectation, or ALLOWED
    control: str  # the role (or extra member of the cast) that may do it, and does so last


def input_form(submission, text, *, send=False):
    questions = {q.number: q.pk for q in submission.consultation.questions.all()}
    data = {
        "language": "en",
        "consent": "public",
        "revision": submission.revision,
        f"answer_{questions[1]}": text,
        f"answer_{questions[2]}": "Each in its role.",
    }
    return {**data, "submit": "1", "declaration": "on"} if send else {**data, "save": "1"}


def organisation_form(organisation, **changes):
    form = OrganisationForm(instance=organisation)
    values = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in {**values, **changes}.items() if value is not None}


def draft_state(d):
    draft = Submission.objects.get(pk=d.draft.pk)
    return draft.state, draft.revision, sorted(draft.answers.values_list("text", flat=True))


NON_STAFF_REFUSED = (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, MFA_SET_UP)

ACTIONS = {
    "change an entry of the map of issues to mechanisms": Action(
        url=lambda d: reverse("review:map_entry_edit", args=[d.consultation.slug, d.map_entry.pk]),
        data=lambda d: {"status": "addresses", "equal_footing": "yes", "reason": "Checked with its report."},
        state=lambda d: apps.get_model("review", "MapEntry").objects.get(pk=d.map_entry.pk).version,
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "ask an organisation to check a map entry": Action(
        url=lambda d: reverse("review:accuracy_ask", args=[d.consultation.slug, d.map_entry.pk]),
        data=lambda d: {"email": "", "language": "en"},
        state=lambda d: apps.get_model("review", "AccuracyCheck").objects.count(),
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "save another organisation's draft": Action(
        url=lambda d: reverse("consultations:submission_edit", args=[d.consultation.slug, d.draft.organisation_id]),
        data=lambda d: input_form(d.draft, "Written by someone else."),
        state=draft_state,
        expected=each(LOGIN, *[NOT_FOUND] * 8),
        control="draft_owner",
    ),
    "send another organisation's draft": Action(
        url=lambda d: reverse("consultations:submission_edit", args=[d.consultation.slug, d.draft.organisation_id]),
        data=lambda d: input_form(d.draft, "Sent by someone else.", send=True),
        state=draft_state,
        expected=each(LOGIN, *[NOT_FOUND] * 8),
        control="draft_owner",
    ),
    "withdraw an organisation's input": Action(
        url=lambda d: reverse("consultations:submission_withdraw", args=[d.consultation.slug, d.organisation.pk]),
        data=lambda d: {},
        state=lambda d: Submission.objects.get(pk=d.sent.pk).state,
        expected=each(LOGIN, NOT_FOUND, ALLOWED, ALLOWED, *[NOT_FOUND] * 5),
        control="colleague",
    ),
    "change an organisation's details": Action(
        url=lambda d: reverse("accounts:organisation_edit", args=[d.organisation.pk]),
        data=lambda d: organisation_form(d.organisation, description="Rewritten by someone else."),
        state=lambda d: Organisation.objects.get(pk=d.organisation.pk).description,
        expected=each(LOGIN, NOT_FOUND, ALLOWED, FORBIDDEN, *[NOT_FOUND] * 5),
        control="focal_point",
    ),
    "answer a request to join an organisation": Action(
        url=lambda d: reverse("accounts:membership_decide", args=[d.request_to_join.pk]),
        data=lambda d: {"decision": "approve"},
        state=lambda d: Membership.objects.get(pk=d.request_to_join.pk).status,
        # The colleague sees the request but only the focal point answers it.
        expected=each(
            LOGIN, NOT_FOUND, ALLOWED, Redirect("accounts:organisation_detail", arg="organisation"), *[NOT_FOUND] * 5
        ),
        control="focal_point",
    ),
    "nominate on another organisation's behalf": Action(
        url=lambda d: reverse("reports:nominate", args=[d.working_group.slug]),
        data=lambda d: {"organisation": d.organisation.pk, "name": "Someone Else"},
        state=lambda d: d.working_group.nominations.filter(name="Someone Else").count(),
        # The form offers only one's own organisations: anyone else's is not a valid choice.
        expected=each(LOGIN, OK, ALLOWED, ALLOWED, *[OK] * 5),
        control="colleague",
    ),
    "decide on an input": Action(
        url=lambda d: reverse("consultations:moderation_review", args=[d.sent.pk]),
        data=lambda d: {"decision": SubmissionState.REJECTED, "reason": "Off topic."},
        state=lambda d: (Submission.objects.get(pk=d.sent.pk).state, d.sent.decisions.count()),
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "decide on inputs in bulk": Action(
        url=lambda d: reverse("consultations:moderation_bulk"),
        data=lambda d: {"consultation": d.consultation.slug, "decision": "accepted", "selected": [d.sent.pk]},
        state=lambda d: (Submission.objects.get(pk=d.sent.pk).state, d.sent.decisions.count()),
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "take an input to review": Action(
        url=lambda d: reverse("consultations:moderation_assign", args=[d.sent.pk]),
        data=lambda d: {"action": "take"},
        state=lambda d: Submission.objects.get(pk=d.sent.pk).assigned_to_id,
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "verify an organisation": Action(
        url=lambda d: reverse("accounts:moderation_organisation_decide", args=[d.pending_organisation.pk]),
        data=lambda d: {"decision": "verify", "note": "Checked with the mission."},
        state=lambda d: Organisation.objects.get(pk=d.pending_organisation.pk).status,
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "ask for a compilation": Action(
        url=lambda d: reverse("reports:compilations", args=[d.consultation.slug]),
        data=lambda d: {"arrangement": "by-question", "edition": "public"},
        state=lambda d: d.consultation.compilations.count(),
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "ask for a fresh balance report": Action(
        url=lambda d: reverse("reports:balance_refresh", args=["consultations", d.consultation.slug]),
        data=lambda d: {},
        state=lambda d: BalanceReport.objects.filter(consultation=d.consultation).count(),
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "code an input": Action(
        url=lambda d: reverse("review:coding", args=[d.sent.pk]),
        data=lambda d: {
            "version": d.sent.current_version_id,
            "paragraph": review_queries.coding_page(d.sent)[0][0].paragraph_values[:1],
            "codes": [d.code.pk],
        },
        state=lambda d: Coding.objects.count(),
        expected=each(*NON_STAFF_REFUSED, FORBIDDEN, ALLOWED, ALLOWED),
        control="chair",
    ),
    "give inputs to analysts to code blind": Action(
        url=lambda d: reverse("review:assign", args=[d.consultation.slug]),
        data=lambda d: {"coders": [d.analyst.pk, d.chair.pk]},
        state=lambda d: Assignment.objects.count(),
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "withdraw the issue register from the public record": Action(
        url=lambda d: reverse("review:register_publish", args=[d.consultation.slug]),
        data=lambda d: {"action": "withdraw"},
        state=lambda d: RegisterPublication.objects.count(),
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "remove another's coding": Action(
        url=lambda d: reverse("review:coding_remove", args=[d.sent.pk, d.coding.pk]),
        data=lambda d: {},
        state=lambda d: Coding.objects.current().count(),
        # Only its coder (here the chair) removes a coding; a superuser who did not make it is refused too.
        expected=each(*NON_STAFF_REFUSED, FORBIDDEN, ALLOWED, FORBIDDEN),
        control="chair",
    ),
    "write a synthesis": Action(
        url=lambda d: reverse("review:synthesis_question", args=[d.consultation.slug, 1]),
        data=lambda d: {"language": "en", "text": "Written by someone who may not."},
        state=lambda d: list(Synthesis.objects.values_list("text", flat=True)),
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "remove a quote from a synthesis": Action(
        url=lambda d: reverse(
            "review:synthesis_quote_remove", args=[d.consultation.slug, d.synthesis.pk, d.synthesis_quote.pk]
        ),
        data=lambda d: {},
        state=lambda d: SynthesisQuote.objects.count(),
        expected=each(*NON_STAFF_REFUSED, ALLOWED, FORBIDDEN, ALLOWED),
        control="moderator",
    ),
    "confirm working-group members": Action(
        url=lambda d: reverse("reports:working_group_check", args=[d.working_group.slug]),
        data=lambda d: {"confirm": "1", "chosen": [d.nomination.pk, d.member.nomination_id]},
        state=lambda d: sorted(d.working_group.members.values_list("nomination_id", flat=True)),
        expected=each(*NON_STAFF_REFUSED, ALLOWED, ALLOWED, ALLOWED),
        control="chair",
    ),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_it_refuses_each_change_to_those_who_may_not_make_it(client, world, action):
    action = ACTIONS[action]
    url = action.url(world)
    before = action.state(world)
    refused = [role for role in ROLES if action.expected[role] != ALLOWED]
    wrong = []
    for role in refused:
        client.logout()
        if world.cast[role] is not None:
            client.force_login(world.cast[role])
        problem = mismatch(action.expected[role], client.post(url, action.data(world)), url, world)
        if problem or action.state(world) != before:
            wrong.append(f"{role}: {problem or 'the change was made'}")
    assert not wrong, "\n".join(wrong)
    # Whoever may do it does it, so the refusals above are refusals of something that works.
    client.force_login(world.cast[action.control])
    response = client.post(url, action.data(world))
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    assert action.state(world) != before
