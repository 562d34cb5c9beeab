"""What the secretariat's roles may do with reports (accounts.roles gives them to the groups)."""

from accounts.roles import CHAIR, MODERATOR

ROLE_PERMISSIONS = {
    MODERATOR: [
        "reports.confirm_membership",
        "reports.view_workinggroup",
        "reports.view_nomination",
        "reports.view_balancereport",
        "reports.request_balance_report",
        "reports.request_compilation",
    ],
    CHAIR: [
        "reports.confirm_membership",
        "reports.view_workinggroup",
        "reports.view_nomination",
        "reports.view_balancereport",
    ],
}
