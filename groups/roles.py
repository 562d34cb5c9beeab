"""What the secretariat's roles may do with a working group's report (accounts.roles gives them to the groups).

The Chair drafts the report, publishes each draft, opens rounds of comments and decides each paragraph's status;
the secretariat (moderators) prepares drafts with the Chair and reads everything, but publishing and deciding are
the Chair's. Members of the group are not staff: they comment on published drafts from their own accounts, once
the Chair links them (groups.queries.member_of)."""

from accounts.roles import CHAIR, MODERATOR

ROLE_PERMISSIONS = {
    CHAIR: [
        "groups.view_report",
        "groups.edit_draft",
        "groups.publish_draft",
        "groups.decide_status",
    ],
    MODERATOR: ["groups.view_report", "groups.edit_draft"],
}

VIEW_REPORT = "groups.view_report"
EDIT_DRAFT = "groups.edit_draft"
PUBLISH_DRAFT = "groups.publish_draft"
DECIDE_STATUS = "groups.decide_status"
