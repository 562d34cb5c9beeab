"""The secretariat's roles, as groups whose permissions are kept in step on every migrate.

Permissions only exist once migrations have run, so the groups are synchronised
after `migrate` rather than in a data migration.
"""

from functools import wraps
from importlib import import_module

from allauth.mfa.utils import is_mfa_enabled
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

MODERATOR = "Moderator"
CHAIR = "Chair"

# What each role may do in accounts. Every app declares what the roles may do in it, in a `roles` module of its own
# holding ROLE_PERMISSIONS like this one; role_permissions() gathers them from every installed app.
ROLE_PERMISSIONS = {
    MODERATOR: [
        "accounts.view_console",
        "accounts.verify_organisation",
        "accounts.view_organisation",
        "accounts.change_organisation",
        "accounts.view_membership",
        "accounts.view_country",
        "accounts.view_stakeholdercategory",
        "accounts.view_user",
    ],
    CHAIR: [
        "accounts.view_console",
        "accounts.view_organisation",
        "accounts.view_country",
        "accounts.view_stakeholdercategory",
    ],
}


def role_permissions() -> dict[str, list[str]]:
    """{role: ["app_label.codename", …]}: what every installed app's `roles` module gives each role."""
    gathered = {}
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "roles"):
            declared = import_module(f"{app_config.name}.roles")
            for role, codes in getattr(declared, "ROLE_PERMISSIONS", {}).items():
                gathered.setdefault(role, []).extend(codes)
    return gathered


def sync_roles(**kwargs):
    """Create each role's group and give it exactly its permissions."""
    for app_config in apps.get_app_configs():  # other apps' permissions may not exist yet
        create_permissions(app_config, verbosity=0)
    for name, codes in role_permissions().items():
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
