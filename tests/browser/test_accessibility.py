"""Every kind of page (public, stakeholder, console) in a real browser: no serious or critical WCAG 2.1 AA
violation found by axe, in English, Arabic (right to left) and French; a screenshot of each."""

import pytest

from consultations.models import Submission
from review import issue_map, synthesis_services
from review import services as review_services
from tests.browser.signing import choose_language, sign_in
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
    "/accuracy/{token}/",
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
    "/moderation/review/wgec-2013/map/",
    "/moderation/review/wgec-2013/map/mechanisms/add/",
    "/moderation/review/wgec-2013/map/entries/add/",
    "/moderation/review/wgec-2013/map/entries/{entry}/",
    "/moderation/review/wgec-2013/map/entries/{entry}/edit/",
    "/moderation/review/wgec-2013/summary/",
    "/moderation/review/wgec-2013/syntheses/",
    "/moderation/review/wgec-2013/syntheses/question/1/",
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
    (arabic,) = review_services.coding_add(
        user=analyst, submission=accepted, version_id=version, passages=[passage], codes=[codes["Cybercrime"]]
    )
    # The synthesis of question 1, an Arabic quote in its English text (console and public register pages).
    synthesis = synthesis_services.synthesis_save(user=analyst, consultation=accepted.consultation,
                                                  question=arabic.question, language="en",
                                                  text="What the inputs say.\n\nAnd more.")  # fmt: skip
    synthesis_services.quote_add(user=analyst, synthesis=synthesis, coding=arabic, after=1)
    review_services.register_publish(user=analyst, consultation=accepted.consultation)
    mapped(record, analyst, codes, accepted.consultation)


def mapped(record, analyst, codes, consultation):
    """A mechanism on the map of an issue, changed once (a history with a diff), checked by its organisation (a
    correction proposed), and asked again: the link of that request is `token`."""
    forum = {"name": "Internet Governance Forum", "kind": "forum", "email": "igf@example.org",
             "translations": {"ar": {"name": "منتدى إدارة الإنترنت"}}}  # fmt: skip
    mechanism = issue_map.mechanism_save(user=analyst, consultation=consultation, values=forum)
    values = {"status": "partly", "role": "Open debate.", "gaps": ["capacity"], "gap_note": "Few can attend."}
    entry = issue_map.entry_save(user=analyst, code=codes["Access"], mechanism=mechanism, values=values)
    entry = issue_map.entry_save(user=analyst, code=codes["Access"], mechanism=mechanism, entry=entry,
                                 values={**values, "status": "under_way"}, reason="Its newer programme.")  # fmt: skip
    first = issue_map.accuracy_ask(user=analyst, entry=entry)
    issue_map.accuracy_answer(token=issue_map.accuracy_token(first), answer="corrected", name="Ana Ruiz",
                              correction="Work is under way in two dynamic coalitions.")  # fmt: skip
    record |= {"entry": entry.pk, "token": issue_map.accuracy_token(issue_map.accuracy_ask(user=analyst, entry=entry))}


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
