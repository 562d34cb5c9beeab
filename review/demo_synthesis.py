"""The demo's syntheses: two questions of the demo consultation (data/demo/syntheses.toml), written by the demo's
moderator with a translation each and quotes chosen from the demo's codings, one of them of an input published
without its name and one of an input for the secretariat only (which the public edition leaves out). Safe to run
again: a question that already has a synthesis is left as it is."""

import tomllib
from pathlib import Path

from consultations.models import Consultation, Question
from review import synthesis_services
from review.models import Coding, Synthesis

SYNTHESES_FILE = Path(__file__).parent / "data" / "demo" / "syntheses.toml"


def demo_syntheses(consultation: Consultation, user) -> list[Synthesis]:
    """Write the demo's syntheses and their quotes; returns those written now."""
    written = []
    for entry in tomllib.loads(SYNTHESES_FILE.read_text(encoding="utf-8"))["synthesis"]:
        question = Question.objects.get(consultation=consultation, number=entry["question"])
        if Synthesis.objects.filter(question=question).exists():
            continue
        synthesis = synthesis_services.synthesis_save(
            user=user,
            consultation=consultation,
            question=question,
            language=entry["language"],
            text=entry["text"],
            translations=entry.get("translations", {}),
        )
        for quote in entry["quotes"]:
            synthesis_services.quote_add(
                user=user, synthesis=synthesis, coding=_coding(question, quote), after=quote["after"]
            )
        written.append(synthesis)
    return written


def _coding(question: Question, quote: dict) -> Coding:
    """The first coding in force of the passage the organisation wrote, beginning with the words given."""
    found = (
        Coding.objects.current()
        .filter(
            question=question,
            submission__organisation__name=quote["organisation"],
            passage__startswith=quote["begins"],
        )
        .order_by("pk")
        .first()
    )
    if found is None:
        raise LookupError(f"No coding of {quote['organisation']} begins with {quote['begins']!r} (syntheses.toml).")
    return found
