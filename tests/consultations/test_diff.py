"""The word diff between two versions of an answer, and the moderators' review page that shows it."""

import random
import signal
from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from consultations import demo_data, services
from consultations.diff import changed, word_diff
from tests.factories import InputFactory

ENGLISH_WORDS = " ".join(
    t for i in demo_data.load().inputs if i["language"] == "en" for t in i["answers"].values()
).split()
TOO_EXTENSIVE = "The changes are too extensive to mark word by word"


class Overran(Exception):
    pass


@contextmanager
def finished_within(seconds):
    """Fail, rather than wait, when the block runs longer than a bound far above what it needs (a fraction of a
    second); the word diff it guards once took a minute for 4,000 words, and hours for 20,000."""

    def stop(signum, frame):
        raise Overran

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    except Overran:
        # Raised afresh here: the frame the alarm interrupted is not one a traceback can always show.
        raise AssertionError(f"not finished within {seconds} s") from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def answer_of(words, seed=0):
    """An answer of `words` words recombined from the demo inputs' English answers."""
    rng = random.Random(seed)
    return " ".join(rng.choice(ENGLISH_WORDS) for _ in range(words))


def every_50th_changed(text):
    return " ".join(f"{w}X" if i % 50 == 25 else w for i, w in enumerate(text.split(" ")))


def rebuilt(parts, leaving_out):
    return "".join(text for kind, text in parts if kind != leaving_out)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Enhanced cooperation needs every government.",
            "Enhanced cooperation needs every stakeholder.",
            [("same", "Enhanced cooperation needs every "), ("removed", "government."), ("added", "stakeholder.")],
        ),
        (
            "Each in its role.",
            "Each in its own role.",
            [("same", "Each in its "), ("added", "own "), ("same", "role.")],
        ),
        (
            "Governments and all other stakeholders.",
            "Governments and all stakeholders.",
            [("same", "Governments and all "), ("removed", "other "), ("same", "stakeholders.")],
        ),
        (
            "التعاون المعزز يحتاج إلى جميع الحكومات.",
            "التعاون المعزز يحتاج إلى جميع أصحاب المصلحة.",
            [("same", "التعاون المعزز يحتاج إلى جميع "), ("removed", "الحكومات."), ("added", "أصحاب المصلحة.")],
        ),
        (
            "我们支持加强合作。",
            "我们反对加强合作。",
            [("same", "我们"), ("removed", "支持"), ("added", "反对"), ("same", "加强合作。")],
        ),
        (
            "各国政府应发挥作用。其他利益攸关方也应参与。",
            "各国政府应发挥主导作用。其他利益攸关方也应参与。",
            [("same", "各国政府应发挥"), ("added", "主导"), ("same", "作用。其他利益攸关方也应参与。")],
        ),
    ],
    ids=["replaced", "inserted", "deleted", "arabic", "chinese-replaced", "chinese-inserted"],
)
def test_it_marks_insertions_deletions_and_replacements_word_by_word(old, new, expected):
    assert word_diff(old, new) == expected
    assert changed(expected)


def test_it_marks_nothing_between_equal_answers():
    assert word_diff("Each in its role.", "Each in its role.") == [("same", "Each in its role.")]
    assert not changed(word_diff("Each in its role.", "Each in its role."))
    assert word_diff("", "") == []


@settings(max_examples=300, deadline=None)
@given(
    old=st.text(alphabet="ab .\n加强合作。جميع", max_size=60),
    new=st.text(alphabet="ab .\n加强合作。جميع", max_size=60),
)
def test_it_shows_both_versions_exactly_as_written(old, new):
    parts = word_diff(old, new)
    assert rebuilt(parts, leaving_out="added") == old
    assert rebuilt(parts, leaving_out="removed") == new
    assert all(text for _kind, text in parts)
    assert changed(parts) == (old != new)


def test_it_marks_every_change_in_two_versions_of_20000_words():
    old = answer_of(20_000)
    new = every_50th_changed(old)
    with finished_within(10):
        parts = word_diff(old, new)
    assert parts is not None
    assert (rebuilt(parts, leaving_out="added"), rebuilt(parts, leaving_out="removed")) == (old, new)
    added = [text for kind, text in parts if kind == "added"]
    assert len(added) == 400 and all(text.endswith("X") for text in added)


def test_it_gives_up_marking_changes_too_extensive_to_mark_word_by_word():
    old, new = answer_of(2000, seed=1), answer_of(2000, seed=2)
    with finished_within(10):
        assert word_diff(old, new) is None
    assert word_diff("Each in its role.", "Each in its own role.", budget=10) is None


@pytest.fixture
def long_answer_input(consultation, verified, focal_point):
    """An input whose answer to question 3 (no word limit) has 20,000 words, sent twice: the second with every
    50th word changed."""
    first = answer_of(20_000)
    submission = InputFactory(
        consultation=consultation, organisation=verified, answers={1: "Yes.", 2: "Each in its role.", 3: first}
    )
    return submission, first


def send_again(submission, focal_point, answers):
    questions = {q.number: q.pk for q in submission.consultation.questions.all()}
    changes = services.DraftChanges(
        answers={questions[n]: text for n, text in answers.items()},
        language="en",
        consent="public",
        revision=submission.revision,
    )
    submission = services.submission_save_draft(user=focal_point, submission=submission, changes=changes)
    services.submission_submit(user=focal_point, submission=submission, declaration=True)
    return submission


def test_it_shows_the_changes_to_a_20000_word_answer_on_the_review_page(
    client, long_answer_input, focal_point, moderator
):
    submission, first = long_answer_input
    send_again(submission, focal_point, {1: "Yes.", 2: "Each in its role.", 3: every_50th_changed(first)})
    client.force_login(moderator)
    with finished_within(10):
        response = client.get(reverse("consultations:moderation_review", args=[submission.pk]))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Changes from version 1 to version 2" in page
    assert page.count("<ins>") == 400 and page.count("<del>") == 400
    assert TOO_EXTENSIVE not in page


def test_it_shows_both_versions_whole_when_the_changes_are_too_extensive_to_mark(
    client, consultation, verified, focal_point, moderator
):
    before, after = answer_of(2000, seed=1), answer_of(2000, seed=2)
    submission = InputFactory(
        consultation=consultation, organisation=verified, answers={1: "Yes.", 2: "Each in its role.", 3: before}
    )
    send_again(submission, focal_point, {1: "Yes, surely.", 2: "Each in its role.", 3: after})
    client.force_login(moderator)
    with finished_within(10):
        response = client.get(reverse("consultations:moderation_review", args=[submission.pk]))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    # Question 1 is marked word by word; question 3 (the last) comes with the note, both versions whole, no marks.
    assert "<del>Yes.</del><ins>Yes, surely.</ins>" in page
    assert page.count(TOO_EXTENSIVE) == 1
    question_3 = page[page.index(TOO_EXTENSIVE) :]
    assert escape(before) in question_3 and escape(after) in question_3
    assert "<ins>" not in question_3 and "<del>" not in question_3
