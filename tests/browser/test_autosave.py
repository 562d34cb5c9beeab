"""What a focal point types is kept on their device until saved: a closed tab or a lost connection loses nothing."""

import pytest
from playwright.sync_api import expect

from consultations.models import Submission
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_text_typed_and_not_saved_is_offered_back(live_server, page, accessible, consultation, verified, focal_point):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(focal_point.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()
    form = f"{base}/consultations/{consultation.slug}/input/{verified.pk}/"
    page.goto(form)
    first = page.locator(f"textarea[name=answer_{consultation.questions.get(number=1).pk}]")
    expect(page.locator(".autosave")).to_be_hidden()
    first.fill("Cooperation on an equal footing, written on a train")
    page.wait_for_timeout(1500)  # kept on the device after a short pause in typing
    page.goto(form)  # the tab closed, the connection lost: nothing was sent
    assert not Submission.objects.exists()
    expect(first).to_have_value("")
    notice = page.locator(".autosave")
    expect(notice).to_be_visible()
    accessible(page, "autosave-offered")
    notice.locator("[data-restore]").click()
    expect(first).to_have_value("Cooperation on an equal footing, written on a train")
    expect(notice).to_be_hidden()

    with page.expect_navigation():
        page.locator("button[name=save]").click()  # now the server has it: the device forgets it
    page.goto(form)
    expect(first).to_have_value("Cooperation on an equal footing, written on a train")
    expect(page.locator(".autosave")).to_be_hidden()
    assert page.evaluate("() => Object.keys(localStorage).length") == 0
