"""What the secretariat's roles may do in the review of inputs (accounts.roles gives them to the groups).

Analysts are staff, with two-factor authentication like moderators (accounts.middleware asks it of every staff
account); they read the consultations and their inputs in the console, keep the codebook, code the inputs (only those
given to them, once a consultation gives inputs to analysts to code blind), give inputs to be coded blind and reconcile
the codings, keep the map of issues to mechanisms and write the syntheses. The Chair may code and read every input;
moderators keep the codebook and the map, give inputs to analysts and write the syntheses."""

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
        "review.assign_coders",
        "review.change_issue_map",
        "review.write_synthesis",
    ],
    MODERATOR: [
        "review.view_code",
        "review.change_codebook",
        "review.assign_coders",
        "review.change_issue_map",
        "review.write_synthesis",
    ],
    CHAIR: ["review.view_code", "review.code_inputs", "review.code_every_input"],
}

CHANGE_CODEBOOK = "review.change_codebook"
CODE_INPUTS = "review.code_inputs"
CODE_EVERY_INPUT = "review.code_every_input"
ASSIGN_CODERS = "review.assign_coders"
CHANGE_ISSUE_MAP = "review.change_issue_map"
WRITE_SYNTHESIS = "review.write_synthesis"
