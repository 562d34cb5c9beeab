"""The whole journey in a real browser, in English, Arabic and French: a newcomer signs up (the verification
e-mail read from the file backend), registers an organisation, a moderator verifies it with two factors, the focal
point answers (one answer in Arabic), attaches a PDF, saves, reloads, sends and keeps the receipt, the moderator
accepts, and the public finds the input through the filters and opens it. axe checks every page; each step is a
screenshot in tests/browser/artifacts/.

Selectors are names and ids, never visible words, so that the same steps run in every language."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation
from consultations.models import Submission, SubmissionState
from tests.factories import PASSWORD, category, code_to_type, country
from tests.files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARABIC = "التعاون المعزز يعني مشاركة جميع أصحاب المصلحة على قدم المساواة"


def go(page, url):
    response = page.goto(url)
    assert response.status == 200, url


def submit(page, selector="main button[type=submit]"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def choose_language(page, language):
    page.locator("#language-select").select_option(language)
    submit(page, "form.language button[type=submit]")
    assert page.locator("html").get_attribute("lang") == language


def sign_in(page, base, email, *, code=False):
    go(page, f"{base}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    submit(page)
    if code:
        page.locator("input[name=code]").fill(code_to_type())
        submit(page, "main button[type=submit]:not([form])")


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_the_whole_journey(live_server, browser, accessible, settings, tmp_path, consultation, moderator, language):
    def step(page, name):
        """The page is in the journey's language and direction, accessible, and kept as a screenshot."""
        assert page.locator("html").get_attribute("lang") == language, f"{name} is not in {language}"
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        accessible(page, f"{language}-{name}")

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    base = live_server.url
    people = browser.new_context(viewport={"width": 1024, "height": 768})
    page = people.new_page()
    page.set_default_timeout(15_000)

    # A newcomer, in their language from the first page.
    go(page, f"{base}/accounts/signup/")
    choose_language(page, language)
    step(page, "01-sign-up")
    page.locator("#id_full_name").fill("Amina Haddad")
    page.locator("#id_email").fill(f"amina.{language}@sahel-digital.example")
    page.locator("#id_password1").fill("lotus-river-mountain-42")
    page.locator("#id_password2").fill("lotus-river-mountain-42")
    submit(page)
    step(page, "02-check-your-e-mail")
    mail = "\n".join(path.read_text() for path in sorted((tmp_path / "mail").glob("*.log")))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail).group(0)
    go(page, re.sub(r"^https?://[^/]+", base, link))
    step(page, "03-confirm")
    submit(page)

    go(page, f"{base}/organisations/new/")
    step(page, "04-register-organisation")
    page.locator("#id_name").fill(f"Sahel Digital Network ({language})")
    page.locator("#id_category").select_option(str(category("civil-society").pk))
    page.locator("#id_country").select_option(str(country("SEN").pk))
    submit(page)
    organisation = Organisation.objects.get(name=f"Sahel Digital Network ({language})")
    assert organisation.status == Organisation.Status.PENDING
    step(page, "05-organisation-pending")

    # The secretariat verifies it, with two factors.
    console = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    console.set_default_timeout(15_000)
    sign_in(console, base, moderator.email, code=True)
    choose_language(console, language)
    go(console, f"{base}/moderation/organisations/{organisation.pk}/")
    step(console, "06-moderator-verifies")
    submit(console, "button[name=decision][value=verify]")
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED

    # The focal point answers, one answer in Arabic, attaches a PDF, saves, reloads, sends.
    go(page, f"{base}/consultations/{consultation.slug}/")
    step(page, "07-consultation")
    form_url = f"{base}/consultations/{consultation.slug}/input/{organisation.pk}/"
    go(page, form_url)
    questions = {q.number: q.pk for q in consultation.questions.all()}
    page.locator(f"textarea[name=answer_{questions[1]}]").fill(ARABIC)
    page.locator(f"textarea[name=answer_{questions[2]}]").fill("Chacun selon son rôle.")
    page.locator("#id_language").select_option("ar")
    page.locator("input[name=consent][value=public]").check()
    page.locator("input[type=file][name=files]").set_input_files(
        files=[{"name": "position.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(2)}]
    )
    step(page, "08-answers")
    submit(page, "button[name=save]")
    page.reload()
    expect(page.locator(f"textarea[name=answer_{questions[1]}]")).to_have_value(ARABIC)
    expect(page.locator("main")).to_contain_text("position.pdf")
    step(page, "09-draft-saved")
    page.locator("#id_declaration").check()
    submit(page, "button[name=submit]")
    submission = Submission.objects.get(organisation=organisation)
    assert submission.state == SubmissionState.SUBMITTED
    expect(page.locator("main")).to_contain_text(submission.reference)
    expect(page.locator("main")).to_contain_text(submission.digest)
    step(page, "10-receipt")

    # The moderator accepts it.
    go(console, f"{base}/moderation/inputs/{submission.pk}/")
    step(console, "11-review")
    console.locator("input[name=decision][value=accepted]").check()
    submit(console, "main form:has(input[name=decision]) button[type=submit]")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.ACCEPTED

    # The public finds it through the filters and opens it.
    public = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    go(public, f"{base}/consultations/{consultation.slug}/inputs/")
    choose_language(public, language)
    public.locator("details:has(form.filters) > summary").click()  # the filters fold away until asked for
    public.locator("#id_category").select_option(organisation.category.slug)
    public.locator("#id_language").select_option("ar")
    submit(public, "form.filters button[type=submit]")
    step(public, "12-public-list-filtered")
    with public.expect_navigation():
        public.locator(f"a[href$='/inputs/{submission.reference}/']").first.click()
    answer = public.locator("main [lang=ar]", has_text=ARABIC)
    expect(answer).to_be_visible()
    step(public, "13-public-input")
