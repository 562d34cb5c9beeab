"""Passages of an answer: paragraphs, checking a chosen passage, drawing coded ones, finding them in a new version.
Offsets count code points, in any script."""

import pytest
from django.core.exceptions import ValidationError

from review import passages

ARABIC = "التعاون المعزز ضروري.\n\nيجب أن تشارك الحكومات على قدم المساواة."
CHINESE = "加强合作至关重要。\n\n各国政府应平等参与。𠀋字也算一个。"


def test_paragraphs_leave_out_the_blank_lines_and_the_spaces_at_their_ends():
    text = "  First paragraph.\nSame paragraph.\n\n \n  Second one.  \n\n\nThird."
    assert [text[a:b] for a, b in passages.paragraph_spans(text)] == [
        "First paragraph.\nSame paragraph.",
        "Second one.",
        "Third.",
    ]
    assert passages.paragraph_spans("") == []


def test_offsets_count_characters_in_arabic_and_chinese_alike():
    second = passages.paragraph_spans(ARABIC)[1]
    assert ARABIC[slice(*second)] == "يجب أن تشارك الحكومات على قدم المساواة."
    start = CHINESE.index("𠀋")  # outside the Basic Multilingual Plane: one character, two UTF-16 units
    assert passages.check(CHINESE, start, start + 3, "𠀋字也") == (start, start + 3)


def test_a_passage_is_refused_outside_the_answer_or_when_the_words_differ():
    with pytest.raises(ValidationError, match="not within the answer"):
        passages.check("Short.", 2, 40)
    with pytest.raises(ValidationError, match="not within the answer"):
        passages.check("Short.", 4, 4)
    with pytest.raises(ValidationError, match="no longer matches"):
        passages.check(ARABIC, 0, 7, "something else")
    with pytest.raises(ValidationError, match="only spaces"):
        passages.check("One.\n\nTwo.", 4, 6)
    assert passages.check("  padded words  ", 0, 16) == (2, 14)


def test_the_words_seen_across_paragraphs_skip_the_blank_lines():
    text = "One two.\n\nThree four."
    assert passages.visible(text, 4, 15) == "two.Three"
    assert passages.check(text, 4, 15, "two.Three") == (4, 15)


def test_coded_passages_are_drawn_overlapping_and_numbered_where_they_end():
    text = "Alpha beta gamma.\n\nDelta epsilon."
    drawn = passages.segments(text, [(0, 10, 1), (6, 16, 2), (6, 24, 3)])
    first, second = drawn
    assert [(s.text, s.keys, s.ends) for s in first] == [
        ("Alpha ", (1,), ()),
        ("beta", (1, 2, 3), (1,)),
        (" gamma", (2, 3), (2,)),
        (".", (3,), (3,)),
    ]
    assert [(s.start, s.text, s.keys) for s in second] == [(19, "Delta", (3,)), (24, " epsilon.", ())]
    assert "".join(s.text for paragraph in drawn for s in paragraph) == "Alpha beta gamma.Delta epsilon."


def test_a_passage_is_found_again_in_a_new_version_or_said_lost():
    assert passages.relocate("equal footing", 10, "Governments on an equal footing.") == (18, 31)
    assert passages.relocate("equal", 0, "equal here, equal there") == (0, 5)
    assert passages.relocate("equal", 14, "equal here, equal there") == (12, 17)  # the nearest
    assert passages.relocate("equal footing", 0, "Governments as equals.") is None
