"""The sign-up form starts with the browser's time zone, and never overrides a choice."""

import pytest
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def page_in(browser, zone):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, timezone_id=zone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def in_nairobi(browser):
    page = page_in(browser, "Africa/Nairobi")
    yield page
    page.goto("about:blank")
    page.context.close()


def test_it_starts_with_the_browser_s_zone_and_keeps_a_choice(live_server, in_nairobi):
    page = in_nairobi
    page.goto(f"{live_server.url}/accounts/signup/")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("Africa/Nairobi")

    zone.select_option("Africa/Kampala")
    page.get_by_label("Full name").fill("Wanjiru Kamau")
    page.get_by_label("Email").fill("wanjiru@kenya-ict.example")
    page.locator("#id_password1").fill("savanna-baobab-river-17")
    page.locator("#id_password2").fill("not the same")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(zone).to_have_value("Africa/Kampala")  # sent back for the password, with her choice
    page.locator("#id_password1").fill("savanna-baobab-river-17")
    page.locator("#id_password2").fill("savanna-baobab-river-17")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert User.objects.get(email="wanjiru@kenya-ict.example").time_zone == "Africa/Kampala"


def test_it_leaves_a_zone_picked_before_the_script_ran(live_server, in_nairobi):
    page = in_nairobi
    script = []
    page.route("**/js/concord.js", lambda route: script.append(route))  # held back, as on a slow connection
    page.goto(f"{live_server.url}/accounts/signup/", wait_until="commit")
    page.get_by_label("Time zone").select_option("Europe/Oslo")
    while not script:
        page.wait_for_timeout(50)
    script[0].continue_()
    page.wait_for_load_state("load")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Oslo")


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Europe/Kyiv", "America/Argentina/Buenos_Aires"])
def test_it_finds_a_zone_the_browser_calls_by_an_older_name(live_server, browser, zone):
    page = page_in(browser, zone)  # Chromium says Asia/Calcutta, Europe/Kiev, America/Buenos_Aires
    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.get_by_label("Time zone")).to_have_value(zone)
    page.goto("about:blank")
    page.context.close()
