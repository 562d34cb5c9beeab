"""Signing in, as every browser test does it: by the form's fields, whatever the page's language; and choosing the
language, as a reader does."""

from tests.factories import PASSWORD, code_to_type


def sign_in(page, base, user, *, code=False):
    """Sign `user` in on the site at `base`; with `code`, answer the two-factor step with the current code."""
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()
    if code:
        page.locator("input[name=code]").fill(code_to_type())
        with page.expect_navigation():
            page.locator("main button[type=submit]:not([form])").click()


def choose_language(page, live_server, language):
    """Choose the site's language with the header's form (kept as a signed-in user's preference)."""
    page.goto(f"{live_server.url}/consultations/")
    page.locator("#language-select").select_option(language)
    with page.expect_navigation():
        page.locator("form.language button[type=submit]").click()
