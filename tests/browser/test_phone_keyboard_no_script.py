"""What older phones, keyboards and browsers without JavaScript get: pages that fit 320 px, a skip link and forms
that work from the keyboard, and every form working with JavaScript off."""

import pytest
from playwright.sync_api import expect

from consultations.models import Submission, SubmissionState
from tests.browser.signing import sign_in
from tests.factories import InputFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def choose_language(page, language):
    page.locator("#language-select").select_option(language)
    with page.expect_navigation():
        page.locator("form.language button[type=submit]").click()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_fits_a_320_pixel_screen(
    live_server, browser, accessible, consultation, verified, focal_point, moderator, language
):
    accepted = InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Cooperation " * 40, 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, focal_point)
    page.goto(f"{base}/consultations/")
    choose_language(page, language)
    for path in [
        "/consultations/",
        f"/consultations/{consultation.slug}/",
        f"/consultations/{consultation.slug}/inputs/",
        f"/consultations/{consultation.slug}/inputs/{accepted.reference}/",
        f"/consultations/{consultation.slug}/questions/1/",
        f"/consultations/{consultation.slug}/input/{verified.pk}/receipt/",
        "/organisations/",
        "/profile/",
    ]:
        assert page.goto(f"{base}{path}").status == 200, path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px"
        accessible(page, f"phone-{language}{path}")
    context.close()


def test_the_skip_link_and_the_input_form_work_from_the_keyboard(
    live_server, page, consultation, verified, focal_point
):
    base = live_server.url
    sign_in(page, base, focal_point)
    page.goto(f"{base}/consultations/{consultation.slug}/input/{verified.pk}/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#main")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    questions = {q.number: q.pk for q in consultation.questions.all()}
    page.locator(f"textarea[name=answer_{questions[1]}]").focus()
    page.keyboard.type("Cooperation on an equal footing")
    page.keyboard.press("Tab")  # past the word count, into the next answer
    expect(page.locator(":focus")).to_have_attribute("name", f"answer_{questions[2]}")
    page.keyboard.type("Each in its role")
    page.locator("#id_declaration").focus()
    page.keyboard.press("Space")
    expect(page.locator("#id_declaration")).to_be_checked()
    page.locator("button[name=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Submission.objects.get().state == SubmissionState.SUBMITTED


def test_every_form_works_with_javascript_off(live_server, browser, consultation, verified, focal_point, moderator):
    other = InputFactory(consultation=consultation, organisation=verified, answers={1: "A", 2: "B"}, draft=True)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, focal_point)
    choose_language(page, "fr")
    page.goto(f"{base}/consultations/{consultation.slug}/input/{verified.pk}/")
    questions = {q.number: q.pk for q in consultation.questions.all()}
    page.locator(f"textarea[name=answer_{questions[1]}]").fill("La coopération sur un pied d'égalité")
    page.locator(f"textarea[name=answer_{questions[2]}]").fill("Chacun dans son rôle")
    with page.expect_navigation():
        page.locator("button[name=save]").click()
    expect(page.locator(f"textarea[name=answer_{questions[1]}]")).to_have_value("La coopération sur un pied d'égalité")
    page.locator("#id_declaration").check()
    with page.expect_navigation():
        page.locator("button[name=submit]").click()
    other.refresh_from_db()
    assert other.state == SubmissionState.SUBMITTED
    expect(page.locator("main")).to_contain_text(other.reference)

    public = browser.new_context(java_script_enabled=False).new_page()
    public.goto(f"{base}/consultations/{consultation.slug}/inputs/")
    public.locator("details:has(form.filters) > summary").click()  # the filters fold away until asked for
    public.locator("#id_q").fill("coopération")
    with public.expect_navigation():
        public.locator("form.filters button[type=submit]").click()
    assert "q=coop" in public.url
    context.close()


def test_a_receipt_and_an_input_print_without_the_sites_chrome(
    live_server, page, consultation, verified, focal_point, moderator
):
    accepted = InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "Cooperation", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    base = live_server.url
    sign_in(page, base, focal_point)
    for path in [
        f"/consultations/{consultation.slug}/input/{verified.pk}/receipt/",
        f"/consultations/{consultation.slug}/inputs/{accepted.reference}/",
    ]:
        page.goto(f"{base}{path}")
        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.locator("form.language")).to_be_hidden()
        expect(page.locator("main")).to_contain_text(accepted.reference)
        assert page.pdf()[:4] == b"%PDF"  # what the browser's print gives
        page.emulate_media(media="screen")
