"""Square brackets as UN documents write them: read into text and alternatives, and refused where a reader could not
follow them, with the character named."""

import pytest

from groups.brackets import Bracket, BracketError, brackets, is_bracketed, parse


def test_plain_text_is_one_segment():
    assert parse("The working group met three times.") == ["The working group met three times."]
    assert not is_bracketed("The working group met three times.")


def test_a_bracketed_word_and_alternatives_are_read_in_order():
    text = "Enhanced cooperation should be [fully] implemented [through existing mechanisms] / [by a new body]."
    segments = parse(text)
    assert segments == [
        "Enhanced cooperation should be ",
        Bracket(("fully",), 31),
        " implemented ",
        Bracket(("through existing mechanisms", "by a new body"), 51),
        ".",
    ]
    assert [b.written for b in brackets(text)] == ["[fully]", "[through existing mechanisms] / [by a new body]"]
    assert "".join(s if isinstance(s, str) else s.written for s in segments) == text  # kept as written


def test_alternatives_may_be_written_without_spaces_around_the_slash_and_in_any_script():
    assert brackets("[أ]/[ب] و [加强]")[0].alternatives == ("أ", "ب")
    assert brackets("[أ]/[ب] و [加强]")[1].alternatives == ("加强",)


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("The group [recommends that", 11, "not closed"),
        ("The group recommends] that", 21, "never opened"),
        ("The group [recommends [strongly] that]", 23, "inside another"),
        ("The group [ ] recommends", 11, "empty"),
        ("The group [recommends] / notes that", 22, "not in brackets"),
        ("The group recommends / [notes] that", 22, "not in brackets"),
    ],
)
def test_brackets_a_reader_could_not_follow_are_refused_at_their_character(text, position, words):
    with pytest.raises(BracketError) as refused:
        parse(text)
    assert refused.value.position == position
    assert words in refused.value.message and str(position) in refused.value.message


def test_a_slash_that_separates_no_alternatives_is_text():
    assert parse("and/or [the Forum]") == ["and/or ", Bracket(("the Forum",), 7)]
