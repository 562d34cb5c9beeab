"""A focal point answers the questionnaire in a browser: live word count, draft, submit, receipt."""

import pytest
from playwright.sync_api import expect

from consultations.models import Submission
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_it_sends_an_input_and_shows_the_receipt(live_server, page, consultation, verified, focal_point):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(focal_point.email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()
    page.goto(f"{live_server.url}/consultations/{consultation.slug}/")
    page.get_by_role("link", name="Your input for Sahel Digital Rights Network").click()

    first = page.get_by_label("1. What is enhanced cooperation?")
    first.fill("Cooperation among governments on an equal footing")
    expect(page.locator(f"#{first.get_attribute('id')}-count")).to_have_text("7 of 50 words")
    first.fill(" ".join(["word"] * 51))
    expect(page.locator(f"#{first.get_attribute('id')}-count")).to_have_class("help word-count over")
    first.fill("Cooperation among governments on an equal footing")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Your draft is saved")

    page.get_by_label("2. What are the roles of stakeholders?").fill("Each according to its role.")
    page.get_by_label("I declare that I may send this input").check()
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("h1")).to_have_text("Receipt")
    submission = Submission.objects.get()
    expect(page.locator("main")).to_contain_text("WGEC-2013-0001")
    expect(page.locator("main")).to_contain_text(submission.digest)
