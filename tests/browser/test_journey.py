"""The foundation's journey in a real browser: sign up, confirm, register, get verified."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Organisation
from tests.factories import PASSWORD, code_to_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def submit(page):
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_it_takes_a_newcomer_to_a_verified_organisation_in_a_browser(live_server, page, moderator):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Full name").fill("Nguyen Thi Lan")
    page.get_by_label("Email").fill("lan@vietnam-ict.example")
    page.locator("#id_password1").fill("lotus-river-mountain-42")
    page.locator("#id_password2").fill("lotus-river-mountain-42")
    page.get_by_label("Time zone").select_option("Asia/Ho_Chi_Minh")
    submit(page)
    assert "Verify Your Email Address" in page.content()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url).replace("https://testserver", live_server.url))
    submit(page)

    page.goto(f"{live_server.url}/organisations/new/")
    page.locator("#id_name").fill("Viet Nam ICT Research Network")
    page.get_by_label("Category").select_option(label="Academic community")
    page.get_by_label("Country").select_option(label="Viet Nam")
    submit(page)
    assert page.locator("h1").inner_text() == "Viet Nam ICT Research Network"
    assert "Awaiting verification" in page.content()

    moderator_page = page.context.browser.new_page()
    moderator_page.goto(f"{live_server.url}/accounts/login/")
    moderator_page.get_by_label("Email").fill(moderator.email)
    moderator_page.get_by_label("Password").fill(PASSWORD)
    submit(moderator_page)
    moderator_page.get_by_label("Code").fill(code_to_type())
    with moderator_page.expect_navigation():
        moderator_page.get_by_role("button", name="Sign In").click()
    moderator_page.goto(f"{live_server.url}/admin/accounts/organisation/?status__exact=pending")
    moderator_page.get_by_role("row", name=re.compile("Viet Nam ICT Research Network")).get_by_role("checkbox").check()
    moderator_page.locator("select[name=action]").select_option("verify")
    moderator_page.get_by_role("button", name="Go").click()
    moderator_page.get_by_label("Note to the organisation").fill("Confirmed with the university.")
    moderator_page.get_by_role("button", name="Verify").click()
    expect(moderator_page.locator(".messagelist")).to_contain_text("1 organisation verified.")
    moderator_page.close()

    page.reload()
    expect(page.locator("main")).to_contain_text("Verified")
    expect(page.locator("main")).to_contain_text("Confirmed with the university.")
    assert Organisation.objects.get(name="Viet Nam ICT Research Network").status == "verified"
