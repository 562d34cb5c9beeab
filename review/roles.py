"""What the secretariat's roles may do in the review of inputs (accounts.roles gives them to the groups).

Analysts are staff, with two-factor authentication like moderators (accounts.middleware asks it of every staff
account); they read the consultations and their inputs in the console, keep the codebook and code the inputs. The
Chair may code and read everything; moderators keep the codebook."""

from accounts.roles import CHAIR, MODERATOR

ANALYST = "Analyst"

ROLE_PERMISSIONS = {
    ANALYST: [
        "accounts.view_console",
        "accounts.view_organisation",
        "consultations.view_consultation",
        "consultations.view_submission",
        "review.view_code",
        "review.change_codebook",
        "review.code_inputs",
    ],
    MODERATOR: ["review.view_code", "review.change_codebook"],
    CHAIR: ["review.view_code", "review.code_inputs"],
}

CHANGE_CODEBOOK = "review.change_codebook"
CODE_INPUTS = "review.code_inputs"
