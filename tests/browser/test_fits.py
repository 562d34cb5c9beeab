"""Every page of the permission matrix fits a 320 px phone, a 390 px phone and a 1280 px screen, in English and in
Arabic (right to left): the page never scrolls sideways, and no element's content sticks out of its box.

The pages and the cast are the permission matrix's own (tests/security/test_permission_matrix.py), so a page added
to the site is measured here too. Each page is opened once per language by the first member of the cast who may
see it (signed in by a session cookie, not through the sign-in form), then measured at each width, with every
<details> opened so that what folds away is measured too. A region that scrolls sideways on purpose (a wide table
in a `.scroll` wrapper) is allowed only if the keyboard can reach it: a focusable, named region.
"""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import Client

from tests.security import test_permission_matrix as matrix
from tests.security.test_permission_matrix import ROLES, cases, expected_for, url_for

# The matrix's own fixtures: its cast and what they act on, and its media folder.
world, media_root, _media = matrix.world, matrix.media_root, matrix._media

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (1280, 390, 320)
LANGUAGES = ("en", "ar")
# What answers with a file or data rather than a page (a page that turns out not to be HTML is skipped as well).
NOT_PAGES = ("_pdf", "_download", "_export", "_csv", "healthz", "reports:compilation_progress")
# Django's administration is laid out by Django's own stylesheets, not by the site's: its lists scroll sideways
# inside their own boxes, a back office for the secretariat's desks.
NOT_OURS = "admin:"

# In the page: what overflows, named by a short CSS path, innermost boxes only.
MEASURE = """() => {
  const name = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 4; node = node.parentElement) {
      let part = node.localName + (node.id ? "#" + node.id : "");
      for (const cls of Array.from(node.classList).slice(0, 2)) part += "." + cls;
      parts.unshift(part);
    }
    const text = (el.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return parts.join(" > ") + (text ? ` ("${text}")` : "");
  };
  const width = window.innerWidth;
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
    if (["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) continue;
    const overflow = getComputedStyle(el).overflowX;
    if (overflow === "visible") {
      found.push({el, problem: `overflows its box by ${el.scrollWidth - el.clientWidth} px`});
    } else if (overflow === "auto" || overflow === "scroll") {
      const reachable = el.tabIndex >= 0 && el.getAttribute("role") === "region" && el.getAttribute("aria-label");
      if (!reachable) found.push({el, problem: "scrolls sideways but is not a focusable, named region"});
    }
  }
  const innermost = found.filter(({el}) => !found.some((other) => other.el !== el && el.contains(other.el)));
  const problems = innermost.map(({el, problem}) => `${name(el)} ${problem}`);
  const page = document.documentElement.scrollWidth;
  if (page > width) {
    const rtl = document.documentElement.dir === "rtl";
    const out = Array.from(document.body.querySelectorAll("*")).filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (rtl ? box.left < -1 : box.right > width + 1);
    });
    const outer = out.filter((el) => !out.some((other) => other !== el && other.contains(el))).slice(0, 3);
    problems.unshift(`the page is ${page} px wide` + (outer.length ? ": " + outer.map(name).join("; ") : ""));
  }
  return problems;
}"""


def pages_by_role(world):
    """[(role, [url, ...])]: each page once, for the first member of the cast who may see it."""
    seen, plan = set(), []
    for role in ROLES:
        urls = []
        for case, name, arguments, overrides in cases():
            not_a_page = name.startswith(NOT_OURS) or any(part in name for part in NOT_PAGES)
            if not_a_page or expected_for(case)[role] != HTTPStatus.OK:
                continue
            url = url_for(name, arguments, overrides, world)
            if url not in seen:
                seen.add(url)
                urls.append(url)
        if urls:
            plan.append((role, urls))
    return plan


def cookie(live_server, name, value):
    return {"name": name, "value": value, "url": live_server.url}


def measure(page, url):
    """[(width, problem), ...] for the page at `url`, or None if it is not an HTML page after all."""
    response = page.goto(url)
    if response.status != HTTPStatus.OK or not response.headers.get("content-type", "").startswith("text/html"):
        return None
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        found += [(width, problem) for problem in page.evaluate(MEASURE)]
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    return found


def test_every_page_fits_every_screen_in_both_directions(live_server, browser, world):
    wrong, measured = [], 0
    for role, urls in pages_by_role(world):
        user = world.cast[role]
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([cookie(live_server, settings.SESSION_COOKIE_NAME, session)])
        page = context.new_page()
        page.set_default_timeout(15_000)
        for language in LANGUAGES:
            if user is None:
                context.add_cookies([cookie(live_server, settings.LANGUAGE_COOKIE_NAME, language)])
            else:
                type(user).objects.filter(pk=user.pk).update(preferred_language=language)
            for url in urls:
                found = measure(page, f"{live_server.url}{url}")
                if found is None:
                    continue
                assert page.locator("html").get_attribute("lang") == language, url
                measured += 1
                wrong += [f"{url} at {width} px in {language} ({role}): {problem}" for width, problem in found]
        context.close()
    assert measured > 40, measured
    assert not wrong, f"{len(wrong)} problems:\n" + "\n".join(wrong)
