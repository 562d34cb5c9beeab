"""The secretariat's roles, as groups whose permissions are kept in step on every migrate.

Permissions only exist once migrations have run, so the groups are synchronised
after `migrate` rather than in a data migration.
"""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

MODERATOR = "Moderator"
CHAIR = "Chair"

ROLES = {
    MODERATOR: [
        "accounts.view_console",
        "accounts.verify_organisation",
        "accounts.view_organisation",
        "accounts.change_organisation",
        "accounts.view_membership",
        "accounts.view_country",
        "accounts.view_stakeholdercategory",
        "accounts.view_user",
        "consultations.moderate_consultation",
        "consultations.view_consultation",
        "consultations.add_consultation",
        "consultations.change_consultation",
        "consultations.add_question",
        "consultations.change_question",
        "consultations.delete_question",
        "consultations.add_theme",
        "consultations.change_theme",
        "consultations.delete_theme",
        "consultations.view_question",
        "consultations.view_theme",
        "consultations.view_submission",
        "consultations.view_decision",
        "consultations.view_lategrant",
        "reports.confirm_membership",
        "reports.view_workinggroup",
        "reports.view_nomination",
        "reports.view_balancereport",
        "reports.request_balance_report",
        "reports.request_compilation",
    ],
    CHAIR: [
        "accounts.view_console",
        "reports.confirm_membership",
        "reports.view_workinggroup",
        "reports.view_nomination",
        "reports.view_balancereport",
        "consultations.view_consultation",
        "consultations.view_submission",
        "accounts.view_organisation",
        "accounts.view_country",
        "accounts.view_stakeholdercategory",
    ],
}


def sync_roles(**kwargs):
    """Create each role's group and give it exactly its permissions."""
    for app_config in apps.get_app_configs():  # other apps' permissions may not exist yet
        create_permissions(app_config, verbosity=0)
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=code.split(".")[0], codename=code.split(".")[1])
            for code in codes
        ]
        group.permissions.set(permissions)


def secretariat_can(user, permission: str) -> bool:
    """Whether a member of the secretariat may do this: an active staff account holding the permission. Every staff
    check asks here (services, console pages, downloads)."""
    return user.is_active and user.is_staff and user.has_perm(permission)


def console_required(permission="accounts.view_console"):
    """Console pages: staff with two-factor authentication and the permission; 403 for anyone else."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not secretariat_can(user, "accounts.view_console"):
                raise PermissionDenied(_("This page is for the secretariat."))
            if not is_mfa_enabled(user):
                return redirect("mfa_activate_totp")
            if not user.has_perm(permission):
                raise PermissionDenied(_("Your role can read the console but not do this."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
