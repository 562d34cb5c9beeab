import os
import shutil

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser(transactional_db):
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not shutil.which(CHROMIUM):
        message = "needs Debian's chromium (apt-get install chromium); bash .ci/run installs it"
        if os.environ.get("CONCORD_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the test's own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()
        # While Playwright runs, Django keeps a separate connection for this context: close it here.
        connections.close_all()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.goto("about:blank")  # no request left in flight on the live server
    context.close()


@pytest.fixture
def accessible():
    """step(page, name): a screenshot of the page, and no serious or critical WCAG 2.1 AA violation in it (axe)."""
    from tests.browser.axe import audit

    def step(page, name):
        violations = audit(page, name)
        assert violations == [], f"{name}: {page.url}\n" + "\n".join(map(str, violations))

    return step
