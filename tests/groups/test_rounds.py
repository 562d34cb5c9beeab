"""Rounds of comments on a published draft: members comment per paragraph until the deadline, comments stay with the
secretariat and the Chair until the round closes, and the consensus record counts the positions as they stand."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.audit import AppendOnlyError
from groups import queries, services
from groups.models import Comment, Kind, Observer, Position
from reports.models import Member, Nomination
from tests.factories import OrganisationFactory, UserFactory, WorkingGroupFactory, category, country

pytestmark = pytest.mark.django_db


def member(group, name, iso3, slug="government"):
    organisation = OrganisationFactory(category=category(slug), country=country(iso3))
    nomination = Nomination.objects.create(working_group=group, organisation=organisation, name=name)
    return Member.objects.create(working_group=group, nomination=nomination, confirmed_by=UserFactory(),
                                 user=UserFactory())  # fmt: skip


@pytest.fixture
def group():
    return WorkingGroupFactory()


@pytest.fixture
def published(group, chair):
    """Draft 1, published, with a narrative paragraph and a bracketed recommendation."""
    report = services.start_report(group, title="Report of the Working Group", user=chair)
    draft = services.editing(report)
    services.add_paragraph(draft, text="The group met in Geneva.", user=chair)
    services.add_paragraph(draft, text="A [new] mechanism should be created.", user=chair, kind=Kind.RECOMMENDATION)
    services.publish(draft, user=chair)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def members(group):
    return {
        "brazil": member(group, "Delegate of Brazil", "BRA"),
        "egypt": member(group, "Delegate of Egypt", "EGY"),
        "kenya": member(group, "Delegate of Kenya", "KEN"),
        "usa": member(group, "Delegate of the United States", "USA"),
        "isoc": member(group, "Internet Society", "CHE", "technical-community"),
    }


def opened(draft, chair, *, publish=True, hours=48, **options):
    return services.open_round(draft, user=chair, deadline=timezone.now() + timedelta(hours=hours),
                               publish_comments=publish, **options)  # fmt: skip


def recommendation(draft):
    return draft.paragraphs.get(kind=Kind.RECOMMENDATION)


def test_a_member_comments_with_an_amendment_and_a_position(published, chair, members):
    round_ = opened(published, chair)
    brazil = members["brazil"]
    made = services.comment(round_, recommendation(published), user=brazil.user, text="Prefer an existing forum.",
                            amendment="An existing mechanism should be [strengthened].", position=Position.OBJECT,
                            explanation="Duplication of the IGF.", language="es")  # fmt: skip
    assert (made.member, made.observer, made.position, made.late) == (brazil, None, "object", False)
    assert queries.standing_objections(recommendation(published).paragraph_id) == [brazil.pk]
    with pytest.raises(AppendOnlyError):
        Comment.objects.filter(pk=made.pk).update(text="Changed my mind.")


def test_the_deadline_is_exact_to_the_microsecond(published, chair, members):
    round_ = opened(published, chair)
    version = recommendation(published)
    kenya = members["kenya"]
    before = round_.deadline - timedelta(microseconds=1)
    assert services.comment(round_, version, user=kenya.user, position="support", now=before).late is False
    with pytest.raises(ValidationError) as refused:
        services.comment(round_, version, user=kenya.user, position="object", now=round_.deadline)
    assert "deadline" in str(refused.value) and "UTC" in str(refused.value)
    services.accept_late(round_, user=chair, accepted=True)
    late = services.comment(round_, version, user=kenya.user, position="object", now=round_.deadline)
    assert late.late is True
    services.close_round(round_, user=chair)
    with pytest.raises(ValidationError, match="closed"):
        services.comment(round_, version, user=kenya.user, text="After the close.")


def test_only_members_and_allowed_observers_comment(published, chair, group, focal_point, members):
    round_ = opened(published, chair)
    version = recommendation(published)
    with pytest.raises(PermissionDenied):
        services.comment(round_, version, user=focal_point, text="Not a member.")
    Observer.objects.create(working_group=group, user=focal_point, added_by=chair)
    with pytest.raises(PermissionDenied):
        services.comment(round_, version, user=focal_point, text="Observers may not, this round.")
    services.close_round(round_, user=chair)
    second = opened(published, chair, observers_may_comment=True)
    observed = services.comment(second, version, user=focal_point, text="An observer's view.")
    assert observed.observer.user == focal_point and observed.member is None
    with pytest.raises(ValidationError, match="Write a comment"):
        services.comment(second, version, user=members["egypt"].user)
    with pytest.raises(ValidationError, match="not closed"):
        services.comment(second, version, user=members["egypt"].user, amendment="A [new mechanism")


def test_comments_are_the_secretariats_until_the_round_closes_then_public_only_if_chosen(
    published, chair, moderator, members
):
    version = recommendation(published)
    for publish in (True, False):
        round_ = opened(published, chair, publish=publish)
        services.comment(round_, version, user=members["brazil"].user, text="Brazil's view.")
        services.comment(round_, version, user=members["egypt"].user, text="Egypt's view.")
        egypt = members["egypt"].user
        assert [c.text for c in queries.visible_comments(egypt, round_)] == ["Egypt's view."]  # their own only
        assert queries.visible_comments(chair, round_).count() == 2
        assert queries.visible_comments(moderator, round_).count() == 2
        services.close_round(round_, user=chair)
        round_.refresh_from_db()
        shown = [c.text for c in queries.visible_comments(egypt, round_)]
        assert shown == (["Brazil's view.", "Egypt's view."] if publish else ["Egypt's view."])


def test_the_consensus_record_counts_each_members_latest_position_by_group(
    published, chair, members, django_assert_max_num_queries
):
    round_ = opened(published, chair)
    version = recommendation(published)
    say = [("brazil", "support"), ("egypt", "support"), ("kenya", "object"), ("usa", "object"), ("isoc", "reserve"),
           ("kenya", "support"), ("usa", "object")]  # fmt: skip
    for who, position in say:
        services.comment(round_, version, user=members[who].user, position=position)
    following = services.editing(published.report)
    with django_assert_max_num_queries(5):
        record = queries.consensus(following)  # the next draft: positions follow the paragraph
    standpoint = next(s for s in record if s.version.kind == Kind.RECOMMENDATION)
    latest = {}
    for who, position in say:
        latest[who] = position
    expected = Counter(latest.values())
    assert {position: len(held) for position, held in standpoint.positions.items()} == expected
    assert [m.nomination.name for m in standpoint.objections] == ["Delegate of the United States"]
    assert standpoint.counts["support"] == {"African States": 2, "Latin American and Caribbean States": 1}
    assert standpoint.one_group_only("object") == "Western European and other States"
    assert standpoint.counts["reserve"] == {"Technical community": 1}
    assert standpoint.one_group_only("support") == ""


def test_the_consensus_page_costs_the_same_queries_for_two_paragraphs_or_forty(published, chair, members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    following = services.editing(published.report)
    with CaptureQueriesContext(connection) as few:
        queries.consensus(following)
    for number in range(38):
        services.add_paragraph(following, text=f"Paragraph {number}.", user=chair)
    with CaptureQueriesContext(connection) as many:
        assert len(queries.consensus(following)) == 40
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_round_opens_only_on_a_published_draft_with_a_deadline_ahead_and_one_at_a_time(published, chair):
    following = services.editing(published.report)
    with pytest.raises(ValidationError, match="Publish draft 2"):
        opened(following, chair)
    with pytest.raises(ValidationError, match="future"):
        opened(published, chair, hours=-1)
    opened(published, chair)
    with pytest.raises(ValidationError, match="already has a round open"):
        opened(published, chair)


def test_members_and_observers_are_told_when_a_round_opens_and_closes_in_their_language(
    published, chair, group, members, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    Observer.objects.create(working_group=group, user=focal_point, added_by=chair)
    type(members["egypt"].user).objects.filter(pk=members["egypt"].user.pk).update(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        round_ = opened(published, chair, publish=True)
    assert len(mailoutbox) == len(members) + 1  # every member with an account, and the observer
    to_egypt = next(mail for mail in mailoutbox if mail.to == [members["egypt"].user.email])
    assert "est publié et ouvert aux observations écrites" in to_egypt.body and "Genève" in to_egypt.body
    assert f"/working-groups/{group.slug}/reports/{published.report.pk}/drafts/1/" in to_egypt.body
    with django_capture_on_commit_callbacks(execute=True):
        services.close_round(round_, user=chair)
        services.close_round(round_, user=chair)  # closing again tells no one twice
    closed = mailoutbox[len(members) + 1 :]
    assert len(closed) == len(members) + 1 and "published" in closed[0].body
