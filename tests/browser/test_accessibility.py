"""Every kind of page (public, stakeholder, console) in a real browser: no serious or critical WCAG 2.1 AA
violation found by axe, in English, Arabic (right to left) and French; a screenshot of each."""

import pytest

from tests.factories import PASSWORD, InputFactory, OrganisationFactory, category, country, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PUBLIC = [
    "/",
    "/consultations/",
    "/consultations/wgec-2013/",
    "/consultations/wgec-2013/inputs/",
    "/consultations/wgec-2013/inputs/?category=civil-society",
    "/consultations/wgec-2013/inputs/{reference}/",
    "/consultations/wgec-2013/questions/1/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
MEMBER = [
    "/organisations/",
    "/organisations/{organisation}/",
    "/consultations/wgec-2013/input/{organisation}/",
    "/consultations/wgec-2013/input/{organisation}/receipt/",
    "/profile/",
]
CONSOLE = [
    "/moderation/",
    "/moderation/inputs/",
    "/moderation/inputs/{pending}/",
    "/moderation/audit/",
    "/moderation/organisations/",
    "/moderation/compilations/wgec-2013/",
    "/moderation/balance/consultations/wgec-2013/",
]


@pytest.fixture
def record(consultation, verified, moderator):
    accepted = InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "التعاون المعزز على قدم المساواة", 2: "Roles"},
        language="ar",
        moderator=moderator,
        accepted=True,
    )
    other = OrganisationFactory(
        name="Andean Network", category=category("civil-society"), country=country("PER"), status="verified"
    )
    pending = InputFactory(
        consultation=consultation, organisation=other, answers={1: "Coopération renforcée", 2: "Rôles"}
    )

    return {"reference": accepted.reference, "organisation": verified.pk, "pending": pending.pk}


def sign_in(page, live_server, user, code=False):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    if code:
        page.locator("input[name=code]").fill(current_code())
        with page.expect_navigation():
            page.locator("main button[type=submit]:not([form])").click()


def choose_language(page, live_server, language):
    page.goto(f"{live_server.url}/consultations/")
    page.locator("#language-select").select_option(language)
    with page.expect_navigation():
        page.locator("form.language button[type=submit]").click()


def visit(page, live_server, accessible, language, paths, record):
    for path in paths:
        url = path.format(**record)
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        accessible(page, f"{language}{url}")


@pytest.mark.parametrize("language", ["en", "ar", "fr", "zh-hans", "ru", "es"])
def test_every_kind_of_page_is_accessible(live_server, browser, accessible, record, focal_point, moderator, language):
    for who, paths in (("public", PUBLIC), ("member", MEMBER), ("console", CONSOLE)):
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        page = context.new_page()
        page.set_default_timeout(15_000)
        if who == "member":
            sign_in(page, live_server, focal_point)
        elif who == "console":
            sign_in(page, live_server, moderator, code=True)
        choose_language(page, live_server, language)  # kept as a signed-in user's preference
        assert page.locator("html").get_attribute("lang") == language
        visit(page, live_server, accessible, language, paths, record)
        context.close()
