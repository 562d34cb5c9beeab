"""What the review's tests share: `world`, a consultation's inputs of every publication choice, coded; `written`, a
synthesis quoting them."""

import pytest

from consultations.models import Question
from review import services
from review.models import Coding
from review.services import Passage
from review.synthesis_services import quote_add, synthesis_save
from tests.factories import InputFactory, OrganisationFactory, category, country

NAMED = "Open networks need an equal footing for every government."
ANONYMOUS = "Affordable access is the first condition of cooperation."
SECRET = "Our confidential assessment of routing security in the region."


@pytest.fixture
def world(consultation, moderator, analyst, codes):
    def respondent(name, slug, iso, text, **traits):
        organisation = OrganisationFactory(name=name, category=category(slug), country=country(iso), status="verified")
        return InputFactory(
            consultation=consultation, organisation=organisation, answers={1: text, 2: "—"}, moderator=moderator,
            **traits,
        )  # fmt: skip

    named = respondent("Sahel Digital Rights", "civil-society", "SEN", NAMED, accepted=True)
    anonymous = respondent("Mekong Privacy Lab", "academic-community", "VNM", ANONYMOUS, accepted=True,
                           anonymous=True)  # fmt: skip
    secret = respondent("Alpine Telecom Forum", "private-sector", "CHE", SECRET, accepted=True, secretariat_only=True)
    waiting = respondent("Andes Open Data", "civil-society", "PER", NAMED)  # sent, not yet accepted: not counted

    def coded(submission, words, *names):
        q1 = submission.current_version.answers.get(question__number=1).question_id
        text = submission.current_version.answers.get(question__number=1).text
        start = text.index(words)
        passage = Passage(q1, start, start + len(words))
        version = submission.current_version_id
        services.coding_add(
            user=analyst, submission=submission, version_id=version, passages=[passage], codes=[codes[n] for n in names]
        )

    coded(named, "equal footing", "Access", "Phishing")
    coded(anonymous, "Affordable access", "Access")
    coded(secret, "routing security", "Access", "Cybercrime", "Spam")
    coded(waiting, "equal footing", "Access")
    return {"named": named, "anonymous": anonymous, "secret": secret, "waiting": waiting, "codes": codes}


# Syntheses

TEXT = "The inputs agree on access.\n\nThey differ on security.\n\nA few raise spam."


def question(consultation, number=1):
    return Question.objects.get(consultation=consultation, number=number)


def coding_of(submission, code):
    return Coding.objects.current().filter(submission=submission, code=code).get()


@pytest.fixture
def written(consultation, world, moderator):
    """The synthesis of question 1, quoting the named, the anonymous and the secretariat-only inputs' passages."""
    synthesis = synthesis_save(user=moderator, consultation=consultation, question=question(consultation),
                               language="en", text=TEXT)  # fmt: skip
    access = world["codes"]["Access"]
    for n, name in enumerate(("named", "anonymous", "secret"), 1):
        quote_add(user=moderator, synthesis=synthesis, coding=coding_of(world[name], access), after=n)
    return synthesis
