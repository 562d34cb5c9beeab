"""Coding inputs: an analyst applies codes to passages of answers in any language, by selecting words or by ticking
paragraphs; codings survive an input sent again when their words do, and every coding and removal is in the
input's history."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultations.models import Question
from review import services
from review.models import Code, Coding, CodingEvent
from review.services import Passage
from tests.factories import InputFactory, ModeratorFactory, UserFactory, VersionFactory, give_mfa

pytestmark = pytest.mark.django_db

ENGLISH = "Enhanced cooperation needs every government.\n\nEach stakeholder in its role, on an equal footing."
ARABIC = "التعاون المعزز يحتاج إلى كل الحكومات.\n\nلكل أصحاب المصلحة دورهم، على قدم المساواة."
CHINESE = "加强合作需要所有政府参与。\n\n各利益攸关方应在平等基础上发挥作用。"


@pytest.fixture
def sent(consultation, verified, focal_point):
    return InputFactory(consultation=consultation, organisation=verified, answers={1: ENGLISH, 2: "Each in its role."})


def question(consultation, number):
    return Question.objects.get(consultation=consultation, number=number)


def span_of(text, words):
    start = text.index(words)
    return start, start + len(words)


def code(sent, analyst, codes, words, names=("Cybercrime",), **kwargs):
    q1 = question(sent.consultation, 1)
    start, end = span_of(ENGLISH, words)
    return services.coding_add(
        user=analyst,
        submission=sent,
        version_id=sent.current_version_id,
        passages=[Passage(q1.pk, start, end, words)],
        codes=[codes[name] for name in names],
        **kwargs,
    )


def test_a_coding_keeps_the_version_the_offsets_and_the_exact_words(sent, analyst, codes):
    (coding,) = code(sent, analyst, codes, "every government", stance="supports", note="Strong wording.")
    assert (coding.version_id, coding.passage, coding.stance, coding.coder) == (
        sent.current_version_id,
        "every government",
        "supports",
        analyst,
    )
    assert ENGLISH[coding.start : coding.end] == "every government"
    assert CodingEvent.objects.get(coding=coding).kind == CodingEvent.Kind.CODED


def test_overlapping_codings_and_two_analysts_on_the_same_words_are_all_kept(sent, analyst, codes):
    colleague = ModeratorFactory(email="ravi@example.org", role="Analyst")
    code(sent, analyst, codes, "every government", names=("Cybercrime", "Access"))
    code(sent, colleague, codes, "every government")
    code(sent, analyst, codes, "needs every")
    assert Coding.objects.current().filter(submission=sent).count() == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version_id": 0}, "sent again since the page was opened"),
        ({"passages": [Passage(0, 0, 5)]}, "not in an answer of this input"),
        ({"passages": []}, "Choose a passage"),
        ({"codes": []}, "at least one code"),
        ({"stance": "maybe"}, "stance"),
        ({"code_name": "Security"}, "is a cluster"),
        ({"passages": "out of range"}, "not within the answer"),
        ({"passages": "other words"}, "no longer matches"),
    ],
)
def test_bad_codings_are_refused_with_the_reason_and_nothing_is_written(sent, analyst, codes, change, message):
    q1 = question(sent.consultation, 1)
    arguments = {
        "user": analyst,
        "submission": sent,
        "version_id": sent.current_version_id,
        "passages": [Passage(q1.pk, 0, 8, "Enhanced")],
        "codes": [codes[change.pop("code_name", "Cybercrime")]],
    }
    if change.get("passages") == "out of range":
        change["passages"] = [Passage(q1.pk, 10, len(ENGLISH) + 5)]
    elif change.get("passages") == "other words":
        change["passages"] = [Passage(q1.pk, 0, 8, "Reduced ")]
    with pytest.raises(ValidationError) as refused:
        services.coding_add(**(arguments | change))
    assert message in " ".join(refused.value.messages)
    assert not Coding.objects.exists() and not CodingEvent.objects.exists()


def test_merged_retired_and_foreign_codes_take_no_new_codings(sent, analyst, codes, consultation):
    services.code_retire(user=analyst, code=codes["Phishing"], reason="Too narrow.")
    services.code_merge(user=analyst, code=codes["Spam"], into=codes["Cybercrime"], reason="The same issue.")
    other = Code.objects.create(consultation=InputFactory().consultation, name="Elsewhere", level=2)
    for name, found in (("Phishing", "merged or retired"), ("Spam", "merged or retired")):
        with pytest.raises(ValidationError, match=found):
            code(sent, analyst, codes, "every government", names=(name,))
    with pytest.raises(ValidationError, match="not in this consultation's codebook"):
        code(sent, analyst, codes | {"Elsewhere": other}, "every government", names=("Elsewhere",))


def test_only_analysts_and_the_chair_code(sent, codes, chair, moderator, focal_point, analyst):
    code(sent, chair, codes, "every government")
    for user in (moderator, focal_point):
        with pytest.raises(PermissionDenied):
            code(sent, user, codes, "every government")


def test_a_coding_removed_stays_in_the_history_and_only_its_coder_removes_it(sent, analyst, codes, chair):
    (coding,) = code(sent, analyst, codes, "every government")
    with pytest.raises(PermissionDenied):
        services.coding_remove(user=chair, coding=coding)
    services.coding_remove(user=analyst, coding=coding)
    coding.refresh_from_db()
    assert (coding.removed_by, Coding.objects.current().count()) == (analyst, 0)
    assert list(CodingEvent.objects.filter(coding=coding).values_list("kind", flat=True)) == ["coded", "removed"]
    with pytest.raises(ValidationError, match="already removed"):
        services.coding_remove(user=analyst, coding=coding)


def test_sent_again_unchanged_passages_move_and_changed_ones_wait_to_be_coded_again(sent, analyst, codes):
    (kept,) = code(sent, analyst, codes, "equal footing")
    (lost,) = code(sent, analyst, codes, "every government")
    edited = "Enhanced cooperation needs all governments.\n\nEach stakeholder, in its role, on an equal footing."
    version = VersionFactory(submission=sent, answers={1: edited, 2: "Each in its role."})
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert (kept.version, edited[kept.start : kept.end], kept.needs_recoding) == (version, "equal footing", False)
    assert (lost.version_id, lost.needs_recoding, lost.passage) == (sent.current_version_id, True, "every government")
    kinds = dict(CodingEvent.objects.exclude(kind="coded").values_list("coding_id", "kind"))
    assert kinds == {kept.pk: "carried", lost.pk: "to_recode"}
    # Sent a third time: the coding set aside stays set aside, the carried one moves again.
    third = VersionFactory(submission=sent, answers={1: edited + " Indeed.", 2: "Each in its role."})
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert (kept.version, lost.version_id) == (third, sent.current_version_id)


def test_a_merge_moves_every_coding_to_the_code_that_stays(sent, analyst, codes):
    code(sent, analyst, codes, "every government", names=("Spam",))
    code(sent, analyst, codes, "equal footing", names=("Spam", "Cybercrime"))
    before = Coding.objects.current().count()
    services.code_merge(user=analyst, code=codes["Spam"], into=codes["Cybercrime"], reason="The same issue.")
    assert Coding.objects.current().count() == before
    assert set(Coding.objects.values_list("code__name", flat=True)) == {"Cybercrime"}


def test_a_very_long_answer_is_coded_at_its_end(consultation, verified, focal_point, analyst, codes):
    long_answer = ("Word " * 20_000).strip() + " The last words."
    assert len(long_answer) > 100_000
    sent = InputFactory(
        consultation=consultation, organisation=verified, answers={1: "Short.", 2: "Short.", 3: long_answer}
    )
    q3 = question(consultation, 3)
    start, end = span_of(long_answer, "The last words.")
    (coding,) = services.coding_add(user=analyst, submission=sent, version_id=sent.current_version_id,
                                    passages=[Passage(q3.pk, start, end)], codes=[codes["Access"]])  # fmt: skip
    assert coding.passage == "The last words."


# The coding page


def coding_url(submission):
    return reverse("review:coding", args=[submission.pk])


def test_the_coding_page_is_for_analysts_and_the_chair_with_two_factor_authentication(
    client, sent, analyst, chair, moderator, focal_point, codes
):
    url = coding_url(sent)
    assert "/accounts/login/" in client.get(url)["Location"]
    for user, status in ((focal_point, 403), (moderator, 403), (analyst, 200), (chair, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    without = UserFactory(email="no-mfa@example.org", is_staff=True)
    without.groups.add(*analyst.groups.all())
    client.force_login(without)
    assert client.get(url)["Location"] == reverse("mfa_activate_totp")
    give_mfa(without)
    draft = InputFactory(draft=True)
    client.force_login(analyst)
    assert client.get(coding_url(draft)).status_code == HTTPStatus.NOT_FOUND


def test_without_javascript_ticked_paragraphs_are_coded(client, sent, analyst, codes):
    client.force_login(analyst)
    page = client.get(coding_url(sent)).content.decode()
    q1 = question(sent.consultation, 1)
    second = span_of(ENGLISH, "Each stakeholder in its role, on an equal footing.")
    value = f"{q1.pk}:{second[0]}:{second[1]}"
    assert f'name="paragraph" value="{value}"' in page
    response = client.post(
        coding_url(sent),
        {"version": sent.current_version_id, "paragraph": [value], "codes": [codes["Access"].pk], "stance": "opposes"},
        follow=True,
    )
    assert response.redirect_chain == [(coding_url(sent), HTTPStatus.FOUND)]
    coding = Coding.objects.get()
    assert (coding.passage, coding.stance, coding.code) == (ENGLISH[slice(*second)], "opposes", codes["Access"])
    page = response.content.decode()
    assert "1 coding recorded." in page
    assert f'<mark class="seg" data-start="{second[0]}" data-codings="1">' in page


@pytest.mark.parametrize(
    ("language", "text", "words"), [("ar", ARABIC, "على قدم المساواة"), ("zh-hans", CHINESE, "平等基础")]
)
def test_a_selection_in_arabic_or_chinese_codes_exactly_its_words(
    client, consultation, verified, focal_point, analyst, codes, language, text, words
):
    sent = InputFactory(consultation=consultation, organisation=verified, language=language, answers={1: text, 2: "—"})
    client.force_login(analyst)
    q1 = question(consultation, 1)
    start, end = span_of(text, words)
    form = {"version": sent.current_version_id, "selection": f"{q1.pk}:{start}:{end}", "selection_text": words}
    response = client.post(coding_url(sent), form | {"codes": [codes["Cybercrime"].pk]})
    assert response.status_code == HTTPStatus.FOUND
    assert Coding.objects.get().passage == words
    page = client.get(coding_url(sent)).content.decode()
    assert f'<div class="coding-answer" lang="{language}"' in page and words in page


def test_a_bad_form_says_why_with_a_400_and_writes_nothing(client, sent, analyst, codes):
    client.force_login(analyst)
    q1 = question(sent.consultation, 1)
    base = {"version": sent.current_version_id, "codes": [codes["Cybercrime"].pk]}
    for extra, message in (
        ({}, "Choose a passage"),
        ({"selection": "nonsense"}, "in a form Concord does not read"),
        ({"selection": f"{q1.pk}:0:8", "selection_text": "Reduced "}, "no longer matches"),
        ({"selection": f"{q1.pk}:0:8", "version": sent.current_version_id + 1}, "sent again since"),
        ({"selection": f"{q1.pk}:0:8", "codes": [codes["Security"].pk]}, "Select a valid choice"),
        ({"paragraph": [f"{q1.pk}:0:3"]}, "Select a valid choice"),
    ):
        response = client.post(coding_url(sent), base | extra)
        assert response.status_code == HTTPStatus.BAD_REQUEST, extra
        assert message in response.content.decode(), extra
    assert not Coding.objects.exists()


def test_removing_from_the_page_and_the_history_on_the_review_page(client, sent, analyst, codes, chair):
    (coding,) = code(sent, analyst, codes, "every government")
    client.force_login(chair)
    remove = reverse("review:coding_remove", args=[sent.pk, coding.pk])
    assert client.post(remove).status_code == HTTPStatus.FORBIDDEN
    client.force_login(analyst)
    assert f'formaction="{remove}"' in client.get(coding_url(sent)).content.decode()
    assert client.post(remove).status_code == HTTPStatus.FOUND
    assert Coding.objects.current().count() == 0
    review = client.get(reverse("consultations:moderation_review", args=[sent.pk])).content.decode()
    assert "Coding history" in review and "Coding removed" in review and "Amal Nasser" in review
    assert coding_url(sent) in review


def test_the_queue_links_each_input_to_its_coding(client, sent, analyst, codes, moderator):
    code(sent, analyst, codes, "every government", names=("Cybercrime", "Access"))
    client.force_login(analyst)
    queue = client.get(reverse("consultations:moderation_queue")).content.decode()
    assert f'<a href="{coding_url(sent)}">2 codings</a>' in queue
    client.force_login(moderator)  # who does not code sees the count without the link
    queue = client.get(reverse("consultations:moderation_queue")).content.decode()
    assert "2 codings" in queue and coding_url(sent) not in queue


def test_the_coding_page_costs_the_same_few_queries_however_many_codings(
    client, sent, analyst, codes, django_assert_max_num_queries
):
    client.force_login(analyst)
    for words in ("Enhanced", "cooperation", "every government", "equal footing", "stakeholder"):
        code(sent, analyst, codes, words, names=("Cybercrime", "Access", "Phishing"))
    with django_assert_max_num_queries(16):
        assert client.get(coding_url(sent)).status_code == HTTPStatus.OK
