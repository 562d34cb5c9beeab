"""Every kind of page (public, stakeholder, console) in a real browser: no serious or critical WCAG 2.1 AA
violation found by axe, in English, Arabic (right to left) and French; a screenshot of each."""

import pytest

from consultations.models import Submission
from review import services as review_services
from tests.browser.signing import sign_in
from tests.factories import InputFactory, OrganisationFactory, category, country

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
ANALYST = [
    "/moderation/inputs/{pending}/coding/",
    "/moderation/review/",
    "/moderation/review/wgec-2013/",
    "/moderation/review/wgec-2013/register/",
    "/consultations/wgec-2013/issues/",
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


@pytest.fixture
def coded(record, analyst, codes):
    """A passage of the input awaiting a decision coded (the coding page draws it and lists it), one of the accepted
    input too, and the issue register published."""
    pending = Submission.objects.get(pk=record["pending"])
    question = pending.current_version.answers.first().question_id
    passage, version = review_services.Passage(question, 0, 11), pending.current_version_id
    review_services.coding_add(
        user=analyst, submission=pending, version_id=version, passages=[passage], codes=[codes["Access"]]
    )
    accepted = Submission.objects.get(reference=record["reference"])
    question = accepted.current_version.answers.first().question_id
    passage, version = review_services.Passage(question, 0, 7), accepted.current_version_id
    review_services.coding_add(
        user=analyst, submission=accepted, version_id=version, passages=[passage], codes=[codes["Cybercrime"]]
    )
    review_services.register_publish(user=analyst, consultation=accepted.consultation)


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
def test_every_kind_of_page_is_accessible(
    live_server, browser, accessible, record, focal_point, moderator, analyst, coded, language
):
    for who, paths in (("public", PUBLIC), ("member", MEMBER), ("console", CONSOLE), ("analyst", ANALYST)):
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        page = context.new_page()
        page.set_default_timeout(15_000)
        if who == "member":
            sign_in(page, live_server.url, focal_point)
        elif who in ("console", "analyst"):
            sign_in(page, live_server.url, moderator if who == "console" else analyst, code=True)
        choose_language(page, live_server, language)  # kept as a signed-in user's preference
        assert page.locator("html").get_attribute("lang") == language
        visit(page, live_server, accessible, language, paths, record)
        context.close()
