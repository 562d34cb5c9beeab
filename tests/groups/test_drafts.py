"""The Chair's drafts of the report: sections and numbered paragraphs, published drafts frozen for good, each
paragraph followed through the drafts however it is moved, split or merged, and decisions on status recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.audit import AppendOnlyError
from groups import queries, services
from groups.models import Comment, CommentRound, Draft, DraftParagraph, Kind, PublishedError, Status, StatusDecision
from reports.models import Member, Nomination
from tests.factories import OrganisationFactory, UserFactory, WorkingGroupFactory, category, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return WorkingGroupFactory()


@pytest.fixture
def report(group, chair):
    return services.start_report(group, title="Report of the Working Group on Enhanced Cooperation", user=chair)


def member(group, name, iso3, slug="government"):
    organisation = OrganisationFactory(category=category(slug), country=country(iso3))
    nomination = Nomination.objects.create(working_group=group, organisation=organisation, name=name)
    return Member.objects.create(working_group=group, nomination=nomination, confirmed_by=UserFactory(),
                                 user=UserFactory())  # fmt: skip


def numbered(draft):
    """[(number, text)] of the draft in reading order."""
    return [(v.number, v.text) for _section, versions in queries.ordered(draft) for v in versions]


def test_a_report_starts_with_its_first_draft_and_numbers_paragraphs_in_reading_order(report, chair):
    draft = services.editing(report)
    assert draft.number == 1 and not draft.is_published
    introduction = services.add_section(draft, heading="I. Introduction", user=chair)
    findings = services.add_section(draft, heading="II. Findings", user=chair)
    sub = services.add_section(draft, heading="A. Mechanisms", user=chair, parent=findings)
    services.add_paragraph(draft, text="Mechanisms exist.", user=chair, section=sub, kind=Kind.FINDING)
    services.add_paragraph(draft, text="The group met three times.", user=chair, section=introduction)
    services.add_paragraph(draft, text="Inputs were sought.", user=chair, section=findings)
    services.add_paragraph(draft, text="First of all.", user=chair, section=introduction, position=0)
    assert numbered(draft) == [
        (1, "First of all."),
        (2, "The group met three times."),
        (3, "Inputs were sought."),  # the section's own paragraphs come before its subsections'
        (4, "Mechanisms exist."),
    ]
    assert [(s.heading, s.depth) for s, _versions in queries.ordered(draft)] == [
        ("I. Introduction", 0), ("II. Findings", 0), ("A. Mechanisms", 1),
    ]  # fmt: skip


def test_a_bracket_a_reader_could_not_follow_is_refused_with_the_paragraph_and_the_character(report, chair):
    draft = services.editing(report)
    version = services.add_paragraph(draft, text="Agreed text.", user=chair)
    with pytest.raises(ValidationError) as refused:
        services.edit_paragraph(version, user=chair, revision=version.revision, text="The group [recommends that")
    assert "Paragraph 1" in str(refused.value) and "character 11" in str(refused.value)
    with pytest.raises(ValidationError, match="not in brackets"):
        services.add_paragraph(draft, text="[recommends] / notes", user=chair)
    version.refresh_from_db()
    assert version.text == "Agreed text." and version.revision == 1  # nothing was written


def test_two_people_saving_one_paragraph_the_second_is_told_and_shown_both(report, chair, moderator):
    draft = services.editing(report)
    version = services.add_paragraph(draft, text="Original.", user=chair)
    opened = version.revision
    services.edit_paragraph(version, user=chair, revision=opened, text="The Chair's words.")
    with pytest.raises(services.ParagraphConflict) as conflict:
        services.edit_paragraph(version, user=moderator, revision=opened, text="The secretariat's words.")
    assert conflict.value.theirs.text == "The Chair's words." and conflict.value.mine == "The secretariat's words."
    version.refresh_from_db()
    assert version.text == "The Chair's words."


def test_publishing_freezes_the_draft_and_the_next_one_starts_as_its_copy(report, chair, group):
    draft = services.editing(report)
    section = services.add_section(draft, heading="[Recommendations]", user=chair)
    first = services.add_paragraph(draft, text="[option A] / [option B]", user=chair, section=section,
                                   kind=Kind.RECOMMENDATION)  # fmt: skip
    delegate = member(group, "Ambassador of Brazil", "BRA")
    services.propose(first, bracket=0, alternative=1, member=delegate, user=chair)
    second = services.publish(draft, user=chair, note="For comments until 30 May.")
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == chair and second.number == 2 and second.based_on == draft
    copy = second.paragraphs.get()
    assert (copy.paragraph_id, copy.number, copy.text, copy.kind) == (first.paragraph_id, 1, first.text, first.kind)
    assert copy.section.key == section.key and copy.section.heading == "[Recommendations]"
    assert [(p.bracket, p.alternative, p.member) for p in copy.proponents.all()] == [(0, 1, delegate)]
    # The published draft is a record: the services, the models and bulk changes all refuse to touch it.
    with pytest.raises(PublishedError, match="edit draft 2"):
        services.edit_paragraph(first, user=chair, revision=first.revision, text="Changed.")
    with pytest.raises(PublishedError):
        services.add_paragraph(draft, text="Late addition.", user=chair)
    first.text = "Changed."
    with pytest.raises(PublishedError):
        first.save()
    with pytest.raises(PublishedError):
        DraftParagraph.objects.filter(draft=draft).update(text="Changed.")
    with pytest.raises(PublishedError):
        draft.delete()
    draft.note = "Rewritten."
    with pytest.raises(PublishedError):
        draft.save()
    assert DraftParagraph.objects.get(pk=first.pk).text == "[option A] / [option B]"
    services.edit_paragraph(copy, user=chair, revision=copy.revision, text="[option A]")  # the next draft is open
    assert not copy.proponents.exists()  # the alternative proposed went with the text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's (bash .ci/run uses it)")
def test_on_postgresql_not_even_sql_changes_a_published_draft_or_a_record(report, chair):
    draft = services.editing(report)
    version = services.add_paragraph(draft, text="Agreed text.", user=chair)
    decision = services.decide_status(version, Status.AGREED, user=chair)
    services.publish(draft, user=chair)
    speaker = member(report.working_group, "Delegate of Kenya", "KEN")
    round_ = services.open_round(draft, user=chair, deadline=timezone.now() + timedelta(days=1), publish_comments=False)
    comment = services.comment(round_, version, user=speaker.user, text="Agreed.", position="support")
    statements = [
        ("UPDATE groups_draftparagraph SET text = 'x' WHERE id = %s", version.pk),
        ("DELETE FROM groups_draftparagraph WHERE id = %s", version.pk),
        ("INSERT INTO groups_section (draft_id, key, position, heading) VALUES (%s, 99, 0, 'x')", draft.pk),
        ("UPDATE groups_draft SET note = 'x' WHERE id = %s", draft.pk),
        ("UPDATE groups_statusdecision SET reason = 'x' WHERE id = %s", decision.pk),
        ("UPDATE groups_comment SET position = 'object' WHERE id = %s", comment.pk),
        ("DELETE FROM groups_comment WHERE id = %s", comment.pk),
    ]
    for sql, pk in statements:
        refused = pytest.raises(DatabaseError, match="published draft|append-only")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [pk])


def test_a_paragraphs_history_through_three_drafts_with_a_split_and_a_move(report, chair):
    one = services.editing(report)
    a = services.add_paragraph(one, text="Paragraph A.", user=chair)
    b = services.add_paragraph(one, text="Paragraph B. And its second half.", user=chair)
    c = services.add_paragraph(one, text="Paragraph C.", user=chair)
    two = services.publish(one, user=chair)
    b2 = two.paragraphs.get(paragraph=b.paragraph)
    half = services.split_paragraph(b2, user=chair, revision=b2.revision, first="Paragraph B.",
                                    second="And its second half.")  # fmt: skip
    c2 = two.paragraphs.get(paragraph=c.paragraph)
    services.move_paragraph(c2, user=chair, section=None, position=0)
    assert numbered(two) == [(1, "Paragraph C."), (2, "Paragraph A."), (3, "Paragraph B."),
                             (4, "And its second half.")]  # fmt: skip
    three = services.publish(two, user=chair)
    half3 = three.paragraphs.get(paragraph=half.paragraph)
    services.edit_paragraph(half3, user=chair, revision=half3.revision, text="And its second, longer half.")
    services.publish(three, user=chair)

    steps = queries.history(half.paragraph)
    assert [(s.draft.number, s.version and s.version.number) for s in steps] == [(1, None), (2, 4), (3, 4), (4, 4)]
    assert steps[1].origins == (("split", 2),)  # split from paragraph 2 of draft 1
    moved = queries.history(c.paragraph)
    assert [s.version.number for s in moved] == [3, 1, 1, 1]  # renumbered by the move, the same paragraph
    changes = queries.compare(half.paragraph, two, three)
    assert changes == [("same", "And its "), ("removed", "second"), ("added", "second, longer"), ("same", " half.")]
    assert queries.compare(b.paragraph, one, two) == [("same", "Paragraph B."), ("removed", " And its second half.")]
    assert a.paragraph.versions.count() == 4


def test_a_merged_paragraph_ends_its_history_merged_into_the_other(report, chair):
    one = services.editing(report)
    services.add_paragraph(one, text="Governments have a role.", user=chair)
    services.add_paragraph(one, text="So do other stakeholders.", user=chair)
    two = services.publish(one, user=chair)
    first, second = two.paragraphs.order_by("number")
    merged = services.merge_paragraphs(first, second, user=chair)
    assert merged.text == "Governments have a role.\n\nSo do other stakeholders." and merged.number == 1
    steps = queries.history(second.paragraph)
    assert steps[1].version is None and steps[1].merged_into == merged
    assert queries.history(first.paragraph)[1].origins == (("merged", 2),)


def test_deleting_a_published_paragraph_keeps_it_unnumbered_and_a_new_one_goes(report, chair):
    one = services.editing(report)
    services.add_paragraph(one, text="Kept.", user=chair)
    services.add_paragraph(one, text="To be deleted.", user=chair)
    two = services.publish(one, user=chair)
    doomed = two.paragraphs.get(text="To be deleted.")
    services.delete_paragraph(doomed, user=chair)
    fresh = services.add_paragraph(two, text="Added by mistake.", user=chair)
    services.delete_paragraph(fresh, user=chair)
    assert numbered(two) == [(1, "Kept."), (None, "To be deleted.")]
    doomed.refresh_from_db()
    assert doomed.status == Status.DELETED and doomed.decisions.get().to_status == Status.DELETED


def test_a_recommendation_is_not_agreed_over_a_standing_objection_unless_the_chair_says_why(report, chair, group):
    draft = services.editing(report)
    version = services.add_paragraph(draft, text="A new body should be created.", user=chair,
                                     kind=Kind.RECOMMENDATION)  # fmt: skip
    services.publish(draft, user=chair)
    objector = member(group, "Delegate of the United States", "USA")
    round_ = CommentRound.objects.create(draft=draft, deadline="2030-01-01T00:00Z", opened_by=chair)
    Comment.objects.create(round=round_, version=version, author=objector.user, member=objector, position="object")
    current = services.editing(report).paragraphs.get()
    with pytest.raises(ValidationError, match="objections stand, from Delegate of the United States"):
        services.decide_status(current, Status.AGREED, user=chair)
    decision = services.decide_status(current, Status.AGREED, user=chair, reason="Objection withdrawn in the room.")
    assert decision.objections == [objector.pk] and decision.reason == "Objection withdrawn in the room."
    with pytest.raises(AppendOnlyError):
        StatusDecision.objects.filter(pk=decision.pk).update(reason="Rewritten.")
    with pytest.raises(AppendOnlyError):
        decision.delete()


def test_only_the_chair_publishes_and_decides_and_the_secretariat_drafts(report, chair, moderator, focal_point):
    draft = services.editing(report)
    version = services.add_paragraph(draft, text="Drafted by the secretariat.", user=moderator)
    with pytest.raises(PermissionDenied):
        services.publish(draft, user=moderator)
    with pytest.raises(PermissionDenied):
        services.decide_status(version, Status.AGREED, user=moderator)
    with pytest.raises(PermissionDenied):
        services.add_paragraph(draft, text="From outside.", user=focal_point)
    with pytest.raises(PermissionDenied):
        services.start_report(report.working_group, title="Another", user=moderator)
    assert Draft.objects.published().count() == 0 and draft.paragraphs.count() == 1


def test_a_finding_is_not_agreed_over_a_standing_objection_either(report, chair, group):
    draft = services.editing(report)
    version = services.add_paragraph(draft, text="Mechanisms exist.", user=chair, kind=Kind.FINDING)
    services.publish(draft, user=chair)
    objector = member(group, "Delegate of Brazil", "BRA")
    round_ = CommentRound.objects.create(draft=draft, deadline="2030-01-01T00:00Z", opened_by=chair)
    Comment.objects.create(round=round_, version=version, author=objector.user, member=objector, position="object")
    with pytest.raises(ValidationError, match="objections stand"):
        services.decide_status(services.editing(report).paragraphs.get(), Status.AGREED, user=chair)
