"""What the secretariat's roles may do with consultations and their inputs (accounts.roles gives them to the groups)."""

from accounts.roles import CHAIR, MODERATOR

ROLE_PERMISSIONS = {
    MODERATOR: [
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
    ],
    CHAIR: [
        "consultations.view_consultation",
        "consultations.view_submission",
    ],
}
