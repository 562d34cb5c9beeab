"""A moderator signs in with two factors, takes the next input and accepts it, in a browser."""

import pytest
from playwright.sync_api import expect

from consultations.models import SubmissionState
from tests.browser.signing import sign_in
from tests.factories import InputFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_it_lets_a_moderator_take_and_accept_an_input(live_server, page, consultation, verified, moderator):
    submission = InputFactory(
        consultation=consultation, organisation=verified, answers={1: "Cooperation on an equal footing", 2: "Roles"}
    )
    sign_in(page, live_server.url, moderator, code=True)

    page.goto(f"{live_server.url}/moderation/")
    with page.expect_navigation():
        page.get_by_role("button", name="Take the next unassigned input").click()
    expect(page.locator("h1")).to_contain_text(submission.reference)
    expect(page.locator("main")).to_contain_text("Reviewed by Mona Haddad.")
    page.get_by_label("Accept").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messages")).to_contain_text("Decision recorded")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.ACCEPTED
