"""The moderators' console: who may open it, deciding, sharing the work, and the audit trail."""

import csv
import io
import threading
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from accounts import roles
from accounts.audit import AppendOnlyError
from accounts.models import Organisation, VerificationEvent
from consultations import services
from consultations.models import Consultation, Decision, Submission, SubmissionState
from tests.factories import InputFactory, OrganisationFactory, UserFactory, category, country, give_mfa, inputs_in_bulk

pytestmark = pytest.mark.django_db

ANSWERS = {1: "Enhanced cooperation needs every government.", 2: "Each in its role."}


@pytest.fixture
def sent(consultation, verified, focal_point):
    return InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)


def console_urls(consultation, submission, organisation):
    """Every console page that answers GET, and whether a read-only chair may open it."""
    return [
        (reverse("consultations:moderation_index"), True),
        (reverse("consultations:moderation_queue"), True),
        (reverse("consultations:moderation_review", args=[submission.pk]), True),
        (reverse("consultations:moderation_audit"), True),
        (reverse("consultations:moderation_audit") + "?format=csv", True),
        (reverse("accounts:moderation_organisations"), True),
        (reverse("accounts:moderation_organisation", args=[organisation.pk]), True),
        (reverse("consultations:moderation_record", args=[consultation.slug]), False),
        (reverse("consultations:moderation_import", args=[consultation.slug]), False),
    ]


def test_it_opens_the_console_to_each_role_as_written_down(
    client, consultation, sent, verified, focal_point, outsider, moderator, moderator_without_mfa, chair
):
    for url, chair_may in console_urls(consultation, sent, verified):
        client.logout()
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND and "/accounts/login/" in response["Location"], url
        for user in (focal_point, outsider):
            client.force_login(user)
            assert client.get(url).status_code == HTTPStatus.FORBIDDEN, (url, user)
        client.force_login(moderator_without_mfa)
        assert client.get(url)["Location"] == reverse("mfa_activate_totp"), url
        client.force_login(moderator)
        assert client.get(url).status_code == HTTPStatus.OK, url
        client.force_login(chair)
        assert client.get(url).status_code == (HTTPStatus.OK if chair_may else HTTPStatus.FORBIDDEN), url


def test_it_refuses_every_console_action_to_those_who_may_not_act(
    client, sent, verified, focal_point, chair, moderator_without_mfa
):
    posts = [
        (reverse("consultations:moderation_review", args=[sent.pk]), {"decision": "accepted"}),
        (reverse("consultations:moderation_assign", args=[sent.pk]), {"action": "take"}),
        (reverse("consultations:moderation_next"), {}),
        (
            reverse("consultations:moderation_bulk"),
            {"consultation": sent.consultation.slug, "decision": "accepted", "selected": [sent.pk]},
        ),
        (reverse("accounts:moderation_organisation_decide", args=[verified.pk]), {"decision": "refuse", "note": "x"}),
    ]
    for user, expected in (
        (focal_point, HTTPStatus.FORBIDDEN),
        (chair, HTTPStatus.FORBIDDEN),
        (moderator_without_mfa, HTTPStatus.FOUND),
    ):
        client.force_login(user)
        for url, data in posts:
            assert client.post(url, data).status_code == expected, (url, user)
    sent.refresh_from_db()
    verified.refresh_from_db()
    assert (sent.state, sent.assigned_to, verified.status) == (
        SubmissionState.SUBMITTED,
        None,
        Organisation.Status.VERIFIED,
    )
    assert not Decision.objects.exclude(to_state=SubmissionState.SUBMITTED).exists()


@pytest.mark.parametrize(
    ("decision", "reason", "state"),
    [
        ("accepted", "", SubmissionState.ACCEPTED),
        ("rejected", "Off topic.", SubmissionState.REJECTED),
        ("changes_requested", "Shorten answer 2.", SubmissionState.CHANGES_REQUESTED),
    ],
)
def test_it_records_each_decision_and_tells_the_organisation(
    client, sent, moderator, focal_point, mailoutbox, django_capture_on_commit_callbacks, decision, reason, state
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("consultations:moderation_review", args=[sent.pk]), {"decision": decision, "reason": reason}
        )
    assert response.status_code == HTTPStatus.FOUND
    sent.refresh_from_db()
    assert sent.state == state
    last = sent.decisions.last()
    assert (last.actor, last.from_state, last.to_state, last.reason, last.digest) == (
        moderator,
        "submitted",
        state,
        reason,
        sent.digest,
    )
    assert mailoutbox[-1].to == [focal_point.email]
    assert reason in mailoutbox[-1].body


def test_it_lets_the_organisation_resubmit_after_the_deadline_when_asked_for_changes(
    client, consultation, sent, moderator, focal_point
):
    from datetime import timedelta

    from django.utils import timezone

    services.submission_decide(moderator=moderator, submission=sent, to_state="changes_requested", reason="Shorten it.")
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(focal_point)
    questions = {q.number: q.pk for q in consultation.questions.all()}
    sent.refresh_from_db()
    client.post(
        reverse("consultations:submission_edit", args=[consultation.slug, sent.organisation_id]),
        {
            "language": "en",
            "consent": "public",
            "revision": sent.revision,
            f"answer_{questions[1]}": "Shorter.",
            f"answer_{questions[2]}": "Yes.",
            "submit": "1",
            "declaration": "on",
        },
    )
    sent.refresh_from_db()
    assert sent.state == SubmissionState.SUBMITTED and sent.versions.count() == 2


def test_it_requires_a_reason_to_reject(client, sent, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("consultations:moderation_review", args=[sent.pk]),
        {"decision": "rejected", "reason": "  "},
        follow=True,
    )
    assert "Give the reason" in response.content.decode()
    sent.refresh_from_db()
    assert sent.state == SubmissionState.SUBMITTED


@pytest.mark.parametrize("state", ["accepted", "withdrawn"])
def test_it_refuses_to_decide_an_input_already_decided_or_withdrawn(
    client, consultation, verified, moderator, focal_point, state
):
    submission = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    if state == "withdrawn":
        services.submission_withdraw(user=focal_point, submission=submission)
    else:
        services.submission_decide(moderator=moderator, submission=submission, to_state=state)
    before = Decision.objects.count()
    client.force_login(moderator)
    response = client.post(
        reverse("consultations:moderation_review", args=[submission.pk]),
        {"decision": "rejected", "reason": "x"},
        follow=True,
    )
    assert f"This input is already {SubmissionState(state).label.lower()}" in response.content.decode()
    assert Decision.objects.count() == before


def test_it_refuses_an_unknown_decision(client, sent, moderator):
    client.force_login(moderator)
    client.post(reverse("consultations:moderation_review", args=[sent.pk]), {"decision": "published"})
    sent.refresh_from_db()
    assert sent.state == SubmissionState.SUBMITTED


def test_it_bulk_accepts_selected_inputs_of_one_consultation(client, consultation, moderator):
    inputs = [
        InputFactory(
            consultation=consultation,
            organisation=OrganisationFactory(status="verified", country=country(iso)),
            answers=ANSWERS,
        )
        for iso in ("KEN", "PER", "NOR")
    ]
    client.force_login(moderator)
    response = client.post(
        reverse("consultations:moderation_bulk"),
        {"consultation": consultation.slug, "decision": "accepted", "selected": [s.pk for s in inputs[:2]]},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert [Submission.objects.get(pk=s.pk).state for s in inputs] == ["accepted", "accepted", "submitted"]


def test_it_refuses_a_bulk_action_mixing_consultations_and_changes_nothing(client, consultation, sent, moderator):
    other = Consultation.objects.create(
        title="Other",
        slug="other",
        reference="OTH",
        summary="-",
        consent_clause="-",
        opens_at=consultation.opens_at,
        closes_at=consultation.closes_at,
        status="open",
    )
    other.questions.create(number=1, text="Only question")
    foreign = InputFactory(
        consultation=other,
        organisation=OrganisationFactory(status="verified", country=country("PER")),
        answers={1: "a"},
    )
    client.force_login(moderator)
    response = client.post(
        reverse("consultations:moderation_bulk"),
        {"consultation": consultation.slug, "decision": "accepted", "selected": [sent.pk, foreign.pk]},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Nothing was changed" in response.content.decode()
    assert set(Submission.objects.values_list("state", flat=True)) == {"submitted"}


def test_it_refuses_a_bulk_rejection_without_a_reason(client, consultation, sent, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("consultations:moderation_bulk"),
        {"consultation": consultation.slug, "decision": "rejected", "selected": [sent.pk], "reason": ""},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    sent.refresh_from_db()
    assert sent.state == SubmissionState.SUBMITTED


def test_it_shares_the_work_with_assign_to_me_and_next_unassigned(client, consultation, moderator):
    first, second = (
        InputFactory(
            consultation=consultation,
            organisation=OrganisationFactory(status="verified", country=country(iso)),
            answers=ANSWERS,
        )
        for iso in ("KEN", "PER")
    )
    other = UserFactory(is_staff=True)
    other.groups.add(Group.objects.get(name=roles.MODERATOR))
    give_mfa(other)
    client.force_login(moderator)
    response = client.post(reverse("consultations:moderation_next"))
    assert response["Location"] == reverse("consultations:moderation_review", args=[first.pk])  # the oldest
    client.force_login(other)
    response = client.post(reverse("consultations:moderation_next"))
    assert response["Location"] == reverse("consultations:moderation_review", args=[second.pk])
    # Taking an input someone else reviews is refused, and so is handing back someone else's.
    response = client.post(reverse("consultations:moderation_assign", args=[first.pk]), {"action": "take"}, follow=True)
    assert "Mona Haddad is already reviewing this input." in response.content.decode()
    client.post(reverse("consultations:moderation_assign", args=[first.pk]), {"action": "release"})
    first.refresh_from_db()
    assert first.assigned_to == moderator
    assert (
        client.post(reverse("consultations:moderation_assign", args=[first.pk]), {"action": "steal"}).status_code
        == HTTPStatus.BAD_REQUEST
    )
    response = client.post(reverse("consultations:moderation_next"), follow=True)
    assert "Every input awaiting a decision is taken" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "submitted"}, {"KEN", "PER"}),
        ({"state": "accepted"}, {"NOR"}),
        ({"regional_group": "african"}, {"KEN"}),
        ({"development": "developed"}, {"NOR"}),
        ({"country": "PER"}, {"PER"}),
        ({"language": "fr"}, {"PER"}),
        ({"unassigned": "true"}, {"KEN", "NOR"}),
        ({"verified": "false"}, set()),
        ({"late": "true"}, set()),
        ({"campaign": "true"}, set()),
    ],
)
def test_it_filters_the_queue(client, consultation, moderator, params, expected):
    for iso, language, state in (("KEN", "en", "submitted"), ("PER", "fr", "submitted"), ("NOR", "en", "accepted")):
        InputFactory(
            consultation=consultation,
            organisation=OrganisationFactory(status="verified", country=country(iso)),
            answers=ANSWERS,
            language=language,
            state=state,
            moderator=moderator,
        )
    services.submission_take_next(moderator=moderator)  # takes one of them
    peru = Submission.objects.get(organisation__country__iso3="PER")
    Submission.objects.exclude(pk=peru.pk).update(assigned_to=None)
    Submission.objects.filter(pk=peru.pk).update(assigned_to=moderator)
    client.force_login(moderator)
    response = client.get(reverse("consultations:moderation_queue"), params)
    assert response.status_code == HTTPStatus.OK
    assert {s.organisation.country.iso3 for s in response.context["page"].object_list} == expected


@pytest.mark.parametrize(
    "params", [{"state": "published"}, {"category": "nobody"}, {"order": "password"}, {"submitted_after": "yesterday"}]
)
def test_it_answers_an_unknown_filter_value_with_400(client, moderator, params):
    client.force_login(moderator)
    response = client.get(reverse("consultations:moderation_queue"), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "The filter is not valid" in response.content.decode()


def test_it_shows_versions_with_a_readable_diff(client, consultation, verified, focal_point, moderator):
    submission = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    questions = {q.number: q.pk for q in consultation.questions.all()}
    changes = services.DraftChanges(
        answers={questions[1]: "Enhanced cooperation needs every stakeholder.", questions[2]: ANSWERS[2]},
        language="en",
        consent="public",
        revision=submission.revision,
    )
    submission = services.submission_save_draft(user=focal_point, submission=submission, changes=changes)
    services.submission_submit(user=focal_point, submission=submission, declaration=True)
    client.force_login(moderator)
    page = client.get(reverse("consultations:moderation_review", args=[submission.pk])).content.decode()
    assert "Changes from version 1 to version 2" in page
    assert "<del>government.</del>" in page and "<ins>stakeholder.</ins>" in page


def test_it_keeps_decisions_append_only(sent, moderator):
    decision = Decision.objects.get(submission=sent)
    decision.reason = "Rewritten history"
    with pytest.raises(AppendOnlyError):
        decision.save()
    with pytest.raises(AppendOnlyError):
        decision.delete()
    with pytest.raises(AppendOnlyError):
        Decision.objects.filter(pk=decision.pk).update(reason="Rewritten")
    with pytest.raises(AppendOnlyError):
        Decision.objects.all().delete()
    assert Decision.objects.get(pk=decision.pk).description() == "Version 1 sent."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's (bash .ci/run uses it)")
def test_it_refuses_even_raw_sql_that_rewrites_the_audit_trail(sent, moderator, pending_organisation):
    from django.db import DatabaseError, transaction

    from accounts import services as account_services

    account_services.organisation_verify(moderator=moderator, organisation=pending_organisation)
    for table in ("consultations_decision", "accounts_verificationevent"):
        for statement in (f"UPDATE {table} SET at = now()", f"DELETE FROM {table}"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
    assert Decision.objects.filter(submission=sent).count() == 1
    assert VerificationEvent.objects.count() == 1


def test_it_shows_decisions_read_only_in_the_admin(client, sent, moderator):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(
        email="root@example.org", full_name="Root", password="x-long-password-1"
    )
    give_mfa(admin)
    client.force_login(admin)
    decision = Decision.objects.get(submission=sent)
    page = client.get(reverse("admin:consultations_decision_change", args=[decision.pk])).content.decode()
    assert 'name="reason"' not in page
    assert (
        client.post(reverse("admin:consultations_decision_delete", args=[decision.pk]), {"post": "yes"}).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_it_exports_the_audit_log_as_csv(client, consultation, sent, moderator):
    services.submission_decide(moderator=moderator, submission=sent, to_state="rejected", reason='Off topic, "spam"')
    client.force_login(moderator)
    response = client.get(
        reverse("consultations:moderation_audit"),
        {"consultation": consultation.slug, "to_state": "rejected", "format": "csv"},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["at_utc", "consultation", "reference", "organisation", "actor", "from", "to", "reason", "digest"]
    assert len(rows) == 2
    assert rows[1][1:8] == [
        "WGEC-2013",
        sent.reference,
        "Sahel Digital Rights Network",
        moderator.email,
        "submitted",
        "rejected",
        'Off topic, "spam"',
    ]


def test_it_verifies_refuses_and_withdraws_organisations_from_the_console(
    client, moderator, pending_organisation, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import MembershipFactory

    member = MembershipFactory(organisation=pending_organisation, role="focal_point").user
    client.force_login(moderator)
    assert "Andes Open Data" in client.get(reverse("accounts:moderation_organisations")).content.decode()
    url = reverse("accounts:moderation_organisation_decide", args=[pending_organisation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "verify", "note": "Checked."})
    pending_organisation.refresh_from_db()
    assert pending_organisation.status == "verified" and mailoutbox[-1].to == [member.email]
    response = client.post(url, {"decision": "refuse", "note": ""}, follow=True)
    assert "Give the reason" in response.content.decode()
    client.post(url, {"decision": "refuse", "note": "The mission asked us to."})
    pending_organisation.refresh_from_db()
    assert pending_organisation.status == "refused"
    events = list(pending_organisation.verification_events.values_list("from_status", "to_status"))
    assert events == [("pending", "verified"), ("verified", "refused")]


def test_it_verifies_one_government_per_member_state_from_the_console(client, moderator):
    first = OrganisationFactory(
        name="Mission of Chile", category=category("government"), country=country("CHL"), status="verified"
    )
    second = OrganisationFactory(name="Ministry of Chile", category=category("government"), country=country("CHL"))
    client.force_login(moderator)
    page = client.get(reverse("accounts:moderation_organisation", args=[second.pk])).content.decode()
    assert "Mission of Chile" in page  # the moderator sees the other Government
    response = client.post(
        reverse("accounts:moderation_organisation_decide", args=[second.pk]),
        {"decision": "verify", "note": ""},
        follow=True,
    )
    assert "Chile is already represented" in response.content.decode()
    second.refresh_from_db()
    assert second.status == "pending" and first.status == "verified"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (bash .ci/run uses it)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_lets_one_of_two_simultaneous_decisions_win(consultation, verified, focal_point):
    submission = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    moderators = []
    for name in ("Ana", "Bo"):
        user = UserFactory(full_name=name, is_staff=True)
        user.groups.add(Group.objects.get(name=roles.MODERATOR))
        moderators.append(user)
    barrier, outcomes = threading.Barrier(2), []

    def decide(moderator, state):
        barrier.wait()
        try:
            services.submission_decide(moderator=moderator, submission=submission, to_state=state, reason="Because.")
            outcomes.append(("won", state))
        except ValidationError as error:
            outcomes.append(("told", " ".join(error.messages)))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=pair) for pair in zip(moderators, ("accepted", "rejected"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [o for o in outcomes if o[0] == "won"]
    told = [o for o in outcomes if o[0] == "told"]
    assert len(won) == 1 and len(told) == 1
    winner_state = won[0][1]
    assert f"already {SubmissionState(winner_state).label.lower()}" in told[0][1]
    assert ("Ana" in told[0][1]) or ("Bo" in told[0][1])
    submission.refresh_from_db()
    assert submission.state == winner_state
    assert submission.decisions.exclude(to_state="submitted").count() == 1


def test_it_keeps_the_queue_and_the_dashboard_to_a_few_queries_with_5000_inputs(
    client, consultation, moderator, django_assert_max_num_queries
):
    inputs_in_bulk(consultation, 5000)
    client.force_login(moderator)
    # session, user, its two-factor authenticator (middleware, then the view's own check), its
    # permissions (user and group), count, page with its joins, and the menus: consultations (filter
    # and bulk form), categories, countries, moderators, and review's part of each row (its coding counts, the
    # analysts it is given to, and whether its consultation gives inputs to analysts: who may code it). Campaign sizes
    # cost one more when any shows.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("consultations:moderation_queue"), {"state": "submitted", "order": "-sent"})
    assert response.context["page"].paginator.count == 5000
    # session, user, its authenticator (twice), its permissions (user and group), consultations,
    # three grouped counts, organisations awaiting verification, and each consultation's latest balance
    with django_assert_max_num_queries(12):
        response = client.get(reverse("consultations:moderation_index"))
    assert response.status_code == HTTPStatus.OK


def test_it_keeps_the_review_page_to_a_few_queries(
    client, consultation, verified, moderator, django_assert_max_num_queries
):
    submission = InputFactory(consultation=consultation, organisation=verified, answers=ANSWERS)
    client.force_login(moderator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("consultations:moderation_review", args=[submission.pk]))
    assert response.status_code == HTTPStatus.OK


def test_it_flags_a_campaign_in_the_queue_and_lists_it_together(
    client, consultation, moderator, django_capture_on_commit_callbacks
):
    letter = "We the undersigned ask the working group to protect the open Internet and its users everywhere. " * 3
    with django_capture_on_commit_callbacks(execute=True):  # the campaign check runs after each commit
        members = [
            InputFactory(
                consultation=consultation,
                organisation=OrganisationFactory(status="verified", country=country(iso)),
                answers={1: letter, 2: "Yes"},
            )
            for iso in ("KEN", "PER", "NOR")
        ]
    InputFactory(
        consultation=consultation,
        organisation=OrganisationFactory(status="verified", country=country("JPN")),
        answers={1: "A different view entirely, about data flows and trade.", 2: "No"},
    )
    client.force_login(moderator)
    page = client.get(reverse("consultations:moderation_queue"), {"campaign": "true"})
    assert {s.pk for s in page.context["page"].object_list} == {s.pk for s in members}
    assert "Campaign of 3" in page.content.decode()
    group = Submission.objects.get(pk=members[0].pk).campaign_id
    page = client.get(reverse("consultations:moderation_queue"), {"group": group})
    assert page.context["page"].paginator.count == 3


def test_the_dashboard_speaks_the_moderators_language(client, consultation, sent, moderator):
    consultation.translations = {"fr": {"title": "Questionnaire sur la coopération renforcée"}}
    consultation.save()
    client.force_login(moderator)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    page = client.get(reverse("consultations:moderation_index")).content.decode()
    assert "Questionnaire sur la coopération renforcée" in page
    assert "<li>Société civile: <strong>1</strong></li>" in page
    assert "Civil society" not in page


def test_a_name_in_another_script_is_isolated_where_it_sits_in_a_line(client, consultation, moderator):
    """An Arabic organisation's name beside a reference or a status keeps its own direction without reordering them
    (<bdi>), and stays escaped."""
    name = "الجمعية المصرية <للإنترنت>"
    organisation = OrganisationFactory(name=name, country=country("EGY"), status=Organisation.Status.VERIFIED)
    submission = InputFactory(consultation=consultation, organisation=organisation, answers={1: "رأي", 2: "أدوار"})
    client.force_login(moderator)
    isolated = "<bdi>الجمعية المصرية &lt;للإنترنت&gt;</bdi>"
    review = client.get(reverse("consultations:moderation_review", args=[submission.pk])).content.decode()
    assert f"{submission.reference} — {isolated}" in review
    assert isolated in client.get(reverse("consultations:moderation_queue")).content.decode()
