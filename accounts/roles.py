"""The secretariat's roles, as groups whose permissions are kept in step on every migrate.

Permissions only exist once migrations have run, so the groups are synchronised
after `migrate` rather than in a data migration.
"""

from django.contrib.auth.models import Group, Permission

MODERATOR = "Moderator"
CHAIR = "Chair"

ROLES = {
    MODERATOR: [
        "accounts.verify_organisation",
        "accounts.view_organisation",
        "accounts.change_organisation",
        "accounts.view_membership",
        "accounts.view_country",
        "accounts.view_stakeholdercategory",
        "accounts.view_user",
    ],
    CHAIR: [
        "accounts.view_organisation",
        "accounts.view_country",
        "accounts.view_stakeholdercategory",
    ],
}


def sync_roles(**kwargs):
    """Create each role's group and give it exactly its permissions."""
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=code.split(".")[0], codename=code.split(".")[1])
            for code in codes
        ]
        group.permissions.set(permissions)
