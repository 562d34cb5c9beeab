"""Writing syntheses and choosing their quotes (review.synthesis_services), and the promise made to respondents: a
synthesis's public edition never shows a passage, an organisation or a country of an input for the secretariat only,
quotes an anonymous input by its category and region only, and leaves out a quote whose input leaves the public
record after the quote was chosen, naming it and the reason for the console."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from consultations import services as consultation_services
from consultations.models import Consent, Question, Submission
from review import services
from review.models import Assignment, Code, Coding, Synthesis, SynthesisQuote
from review.services import Passage
from review.synthesis import passages_to_quote, quotable, shown, syntheses_of
from review.synthesis_services import MAX_TEXT, quote_add, quote_move, quote_remove, synthesis_save
from tests.factories import ConsultationFactory, DecisionFactory, ModeratorFactory, VersionFactory
from tests.review.conftest import ANONYMOUS, NAMED, SECRET, TEXT, coding_of, question

pytestmark = pytest.mark.django_db

# Writing


def test_it_writes_a_synthesis_then_replaces_it_with_its_translations(consultation, world, moderator, analyst):
    q1 = question(consultation)
    first = synthesis_save(user=moderator, consultation=consultation, question=q1, language="en", text="  One.\r\n")
    assert (first.text, first.updated_by, first.translations) == ("One.", moderator, {})
    again = synthesis_save(user=analyst, consultation=consultation, question=q1, language="en", text=TEXT,
                           translations={"fr": "Un.\n\nDeux.\n\nTrois.", "es": "  ", "ar": ""})  # fmt: skip
    assert again.pk == first.pk and Synthesis.objects.count() == 1
    assert again.translations == {"fr": {"text": "Un.\n\nDeux.\n\nTrois."}} and again.updated_by == analyst
    assert again.translated("text", "fr") == "Un.\n\nDeux.\n\nTrois." and again.translated("text", "ru") == TEXT


def test_it_writes_the_synthesis_of_an_issue(consultation, world, moderator):
    synthesis = synthesis_save(user=moderator, consultation=consultation, code=world["codes"]["Access"],
                               language="ar", text="نص التوليف.")  # fmt: skip
    assert synthesis.code.name == "Access" and synthesis.question is None


@pytest.mark.parametrize(
    ("subject", "changes", "message"),
    [
        ("none", {}, "one question or of one issue"),
        ("both", {}, "one question or of one issue"),
        ("other question", {}, "not in this consultation's questionnaire"),
        ("cluster", {}, "is not an issue"),
        ("sub-issue", {}, "is not an issue"),
        ("retired", {}, "merged or retired"),
        ("question", {"language": "xx"}, "among the six UN languages"),
        ("question", {"language": "other"}, "among the six UN languages"),
        ("question", {"text": "  \n\n "}, "its text is empty"),
        ("question", {"text": "x" * (MAX_TEXT + 1)}, f"at most {MAX_TEXT}"),
        ("question", {"translations": {"en": "Itself."}}, "other UN languages"),
        ("question", {"translations": {"xx": "Unknown."}}, "other UN languages"),
        ("question", {"translations": {"fr": "y" * (MAX_TEXT + 1)}}, f"at most {MAX_TEXT}"),
        ("question", {"translations": {"fr": "Un seul paragraphe."}}, "1 paragraphs and the text 3"),
    ],
)
def test_it_refuses_what_it_cannot_write_with_the_reason(consultation, world, moderator, subject, changes, message):
    codes = world["codes"]
    if subject == "retired":
        services.code_retire(user=moderator, code=codes["Spam"], reason="Out of scope.")
    other = Question.objects.filter(consultation=ConsultationFactory(slug="other", reference="OTHER")).first()
    subjects = {
        "none": {},
        "both": {"question": question(consultation), "code": codes["Access"]},
        "other question": {"question": other},
        "cluster": {"code": codes["Security"]},
        "sub-issue": {"code": codes["Phishing"]},
        "retired": {"code": Code.objects.get(pk=codes["Spam"].pk)},
        "question": {"question": question(consultation)},
    }
    arguments = {"language": "en", "text": TEXT, **changes}
    with pytest.raises(ValidationError, match=message):
        synthesis_save(user=moderator, consultation=consultation, **subjects[subject], **arguments)
    assert not Synthesis.objects.exists()


def test_only_those_who_write_syntheses_may(consultation, world, chair):
    with pytest.raises(PermissionDenied):
        synthesis_save(user=chair, consultation=consultation, question=question(consultation), language="en",
                       text=TEXT)  # fmt: skip


def test_it_does_not_overwrite_what_someone_else_changed_since_it_was_read(consultation, world, moderator, analyst):
    q1 = question(consultation)
    read = synthesis_save(user=moderator, consultation=consultation, question=q1, language="en", text="First.")
    synthesis_save(user=analyst, consultation=consultation, question=q1, language="en", text="Second.",
                   seen=read.updated_at)  # fmt: skip
    with pytest.raises(ValidationError, match="Someone changed this synthesis"):
        synthesis_save(user=moderator, consultation=consultation, question=q1, language="en", text="Third.",
                       seen=read.updated_at)  # fmt: skip
    assert Synthesis.objects.get().text == "Second."


# Quotes


def test_quotes_go_after_their_paragraph_in_order_and_move_and_go(consultation, world, written, moderator):
    complete = shown(written, edition="complete")
    assert [kind for kind, _value in complete.blocks] == ["paragraph", "quote"] * 3
    assert [q.reference for q in complete.quotes] == [world[n].reference for n in ("named", "anonymous", "secret")]
    first = SynthesisQuote.objects.get(synthesis=written, coding__submission=world["named"])
    quote_move(user=moderator, quote=first, after=0)
    quote_move(user=moderator, quote=SynthesisQuote.objects.get(coding__submission=world["secret"]), after=2)
    complete = shown(written, edition="complete")
    assert [kind for kind, _value in complete.blocks] == ["quote", "paragraph", "paragraph", "quote", "quote",
                                                          "paragraph"]  # fmt: skip
    assert [q.reference for q in complete.quotes] == [world[n].reference for n in ("named", "anonymous", "secret")]
    quote_remove(user=moderator, quote=first)
    assert written.quotes.count() == 2
    with pytest.raises(ValidationError, match="already removed"):
        quote_remove(user=moderator, quote=first)


def test_it_refuses_a_quote_it_cannot_take_with_the_reason(consultation, world, written, moderator, analyst, chair):
    codes = world["codes"]
    named = world["named"]
    access = coding_of(named, codes["Access"])
    with pytest.raises(ValidationError, match="already quotes this passage"):
        quote_add(user=moderator, synthesis=written, coding=access, after=1)
    with pytest.raises(ValidationError, match="already quotes this passage"):  # the same words, coded otherwise
        quote_add(user=moderator, synthesis=written, coding=coding_of(named, codes["Phishing"]), after=1)
    waiting = coding_of(world["waiting"], codes["Access"])
    for after in (-1, 4):
        with pytest.raises(ValidationError, match="after one of the 3 paragraphs"):
            quote_add(user=moderator, synthesis=written, coding=waiting, after=after)
    q2 = named.current_version.answers.get(question__number=2).question_id
    (other_question,) = services.coding_add(user=analyst, submission=named, version_id=named.current_version_id,
                                            passages=[Passage(q2, 0, 1)], codes=[codes["Spam"]])  # fmt: skip
    with pytest.raises(ValidationError, match="answers question 2"):
        quote_add(user=moderator, synthesis=written, coding=other_question, after=1)
    services.coding_remove(user=analyst, coding=waiting)
    with pytest.raises(ValidationError, match="was removed"):
        quote_add(user=moderator, synthesis=written, coding=waiting, after=1)
    Coding.objects.filter(pk=access.pk).update(needs_recoding=True)
    with pytest.raises(ValidationError, match="code it again"):
        quote_add(user=moderator, synthesis=Synthesis.objects.get(pk=written.pk), coding=access, after=1)
    with pytest.raises(PermissionDenied):
        quote_add(user=chair, synthesis=written, coding=waiting, after=1)
    assert written.quotes.count() == 3


def test_an_issue_synthesis_quotes_the_issue_and_its_sub_issues_only(consultation, world, moderator):
    codes = world["codes"]
    cybercrime = synthesis_save(user=moderator, consultation=consultation, code=codes["Cybercrime"], language="en",
                                text="Crime.")  # fmt: skip
    quote_add(user=moderator, synthesis=cybercrime, coding=coding_of(world["named"], codes["Phishing"]), after=1)
    quote_add(user=moderator, synthesis=cybercrime, coding=coding_of(world["secret"], codes["Cybercrime"]), after=1)
    with pytest.raises(ValidationError, match="not coded with the issue “Cybercrime”"):
        quote_add(user=moderator, synthesis=cybercrime, coding=coding_of(world["secret"], codes["Spam"]), after=1)
    other = ConsultationFactory(slug="other", reference="OTHER")
    with pytest.raises(ValidationError, match="not in this consultation's codebook"):
        synthesis_save(user=moderator, consultation=other, code=codes["Access"], language="en", text="No.")
    elsewhere = synthesis_save(user=moderator, consultation=other, question=question(other), language="en", text="E.")
    with pytest.raises(ValidationError, match="input to another consultation"):
        quote_add(user=moderator, synthesis=elsewhere, coding=coding_of(world["named"], codes["Access"]), after=1)


def test_a_withdrawn_input_cannot_be_quoted_and_a_blind_coder_sees_only_their_own(
    consultation, world, written, moderator, analyst
):
    codes = world["codes"]
    waiting = world["waiting"]
    member = waiting.organisation.memberships.first().user
    consultation_services.submission_withdraw(user=member, submission=waiting)
    with pytest.raises(ValidationError, match="withdrawn or rejected"):
        quote_add(user=moderator, synthesis=written, coding=coding_of(waiting, codes["Access"]), after=1)
    # The named input given to two analysts to code blind: the second sees the first's codings only once both are done.
    ravi = ModeratorFactory(email="ravi@example.org", full_name="Ravi Menon", role="Analyst")
    for coder in (analyst, ravi):
        Assignment.objects.create(submission=world["named"], coder=coder, assigned_by=moderator)
    issue = Synthesis(consultation=consultation, code=codes["Access"])
    assert world["named"].pk not in {c.submission_id for c in quotable(issue, ravi)}
    assert world["named"].pk in {c.submission_id for c in quotable(issue, analyst)}  # their own codings
    assert world["named"].pk in {c.submission_id for c in quotable(issue, moderator)}  # not coding it blind
    access = synthesis_save(user=ravi, consultation=consultation, code=codes["Access"], language="en", text="A.")
    with pytest.raises(ValidationError, match="you code it blind"):
        quote_add(user=ravi, synthesis=access, coding=coding_of(world["named"], codes["Access"]), after=1)
    for coder in (analyst, ravi):
        services.assignment_done(user=coder, submission=world["named"])
    quote_add(user=ravi, synthesis=access, coding=coding_of(world["named"], codes["Access"]), after=1)


# The promise: consent applied when the synthesis is shown


def test_the_public_edition_never_shows_a_secretariat_only_input(consultation, world, written):
    public = shown(written, edition="public")
    seen = repr(public.blocks)
    for leak in (SECRET, "routing security", "Alpine Telecom Forum", "Switzerland", "Private sector",
                 world["secret"].reference):  # fmt: skip
        assert leak not in seen, leak
    assert [q.reference for q in public.quotes] == [world["named"].reference, world["anonymous"].reference]
    ((dropped, reason),) = [(d.quote.coding.submission, d.reason) for d in public.dropped]
    assert dropped == world["secret"] and "secretariat only" in reason
    complete = shown(written, edition="complete")
    assert "Alpine Telecom Forum" in {q.organisation for q in complete.quotes} and not complete.dropped


def test_an_anonymous_quote_shows_its_category_and_region_only(consultation, world, written):
    anonymous = next(q for q in shown(written, edition="public").quotes if q.passage == "Affordable access")
    assert (anonymous.organisation, anonymous.category, anonymous.regional_group) == (
        "",
        "Academic community",
        "Asia-Pacific States",
    )
    assert "Mekong Privacy Lab" not in repr(shown(written, edition="public").blocks)
    named = next(q for q in shown(written, edition="public").quotes if q.passage == "equal footing")
    assert named.organisation == "Sahel Digital Rights" and ANONYMOUS.startswith(anonymous.passage)
    assert NAMED.find(named.passage) > 0


def test_a_quote_whose_input_leaves_the_public_record_leaves_its_public_edition(
    consultation, world, written, moderator
):
    waiting = world["waiting"]  # sent to be published with its name, not yet accepted
    quote_add(user=moderator, synthesis=written, coding=coding_of(waiting, world["codes"]["Access"]), after=3)
    reasons = {d.quote.coding.submission_id: d.reason for d in shown(written, edition="public").dropped}
    assert "not accepted" in reasons[waiting.pk]
    VersionFactory(submission=waiting, consent=Consent.SECRETARIAT)  # sent again, for the secretariat only
    DecisionFactory(submission=waiting, moderator=moderator)
    public = shown(written, edition="public")
    assert waiting.reference not in {q.reference for q in public.quotes} and "Andes" not in repr(public.blocks)
    assert "secretariat only" in {d.quote.coding.submission_id: d.reason for d in public.dropped}[waiting.pk]
    assert waiting.reference in {q.reference for q in shown(written, edition="complete").quotes}
    # An accepted input quoted in public, whose publication the secretariat corrects (as in the admin) afterwards.
    named = world["named"]
    assert named.reference in {q.reference for q in shown(written, edition="public").quotes}
    Submission.objects.filter(pk=named.pk).update(consent=Consent.SECRETARIAT)
    public = shown(written, edition="public")
    assert named.reference not in {q.reference for q in public.quotes} and "Sahel" not in repr(public.blocks)
    assert "secretariat only" in {d.quote.coding.submission_id: d.reason for d in public.dropped}[named.pk]


def test_a_quote_whose_input_is_withdrawn_leaves_both_editions_with_the_reason(consultation, world, written,
                                                                              moderator):  # fmt: skip
    waiting = world["waiting"]
    quote_add(user=moderator, synthesis=written, coding=coding_of(waiting, world["codes"]["Access"]), after=3)
    for edition in ("public", "complete"):  # sent, not yet accepted: in neither edition yet
        assert "not accepted" in {d.quote.coding.submission_id: d.reason for d in shown(written, edition=edition)
                                  .dropped}[waiting.pk]  # fmt: skip
    member = waiting.organisation.memberships.first().user
    consultation_services.submission_withdraw(user=member, submission=waiting)
    for edition in ("public", "complete"):
        result = shown(written, edition=edition)
        assert waiting.reference not in {q.reference for q in result.quotes}
        assert {d.quote.coding.submission_id: d.reason for d in result.dropped}[waiting.pk] == "the input was withdrawn"


def test_it_shows_the_text_in_the_readers_language_where_translated(consultation, world, written, moderator):
    synthesis_save(user=moderator, consultation=consultation, question=question(consultation), language="en",
                   text=TEXT, translations={"fr": "Accès.\n\nSécurité.\n\nPourriel."})  # fmt: skip
    (french,) = syntheses_of(consultation, edition="public", language="fr")
    assert french.language == "fr" and french.blocks[0] == ("paragraph", "Accès.")
    (arabic,) = syntheses_of(consultation, edition="public", language="ar")
    assert arabic.language == "en" and arabic.blocks[0] == ("paragraph", "The inputs agree on access.")


def test_the_passages_to_quote_come_once_each_with_their_consent_in_a_few_queries(
    consultation, world, written, moderator, django_assert_max_num_queries
):
    issue = Synthesis(consultation=consultation, code=world["codes"]["Access"])
    with django_assert_max_num_queries(4):  # count, page, first codings, their codes (a new synthesis quotes none)
        page, passages = passages_to_quote(issue, moderator, 1)
    assert page.paginator.count == 4 and len(passages) == 4
    by_input = {p.coding.submission_id: p for p in passages}
    assert by_input[world["secret"].pk].codes == ["Access"]
    assert not by_input[world["secret"].pk].public and "secretariat only" in by_input[world["secret"].pk].why_not_public
    assert (
        by_input[world["named"].pk].public and by_input[world["named"].pk].quote.organisation == "Sahel Digital Rights"
    )
    assert "not accepted" in by_input[world["waiting"].pk].why_not_public
    page, passages = passages_to_quote(written, moderator, "not a number")
    assert {p.coding.submission_id for p in passages if p.quoted} == {world[n].pk for n in ("named", "anonymous",
                                                                                              "secret")}  # fmt: skip
    assert by_input[world["named"].pk].codes == ["Access"]  # for an issue synthesis, the issue's codes only
    question_passages = passages_to_quote(written, moderator, 1)[1]
    named = next(p for p in question_passages if p.coding.submission_id == world["named"].pk)
    assert named.codes == ["Access", "Phishing"] and len(question_passages) == 4
