"""Balance reports are jobs: one row each, coalesced, claimed once, swept when lost, run by a real worker."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from consultations import services as consultation_services
from reports import services
from reports.models import BalanceReport
from tests.factories import InputFactory
from tests.reports.test_slate import wgec  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def test_it_coalesces_requests_for_the_same_population(consultation):
    first = services.balance_report_request(consultation=consultation)
    second = services.balance_report_request(consultation=consultation, reason="decision")
    assert first.pk == second.pk
    assert BalanceReport.objects.count() == 1


def test_it_computes_a_report_in_process_when_there_is_no_broker(
    consultation, verified, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        InputFactory(
            consultation=consultation,
            organisation=verified,
            answers={1: "Accepted view", 2: "Roles"},
            moderator=moderator,
            accepted=True,
        )
        report = services.balance_report_request(consultation=consultation)  # joins the decision's request
    report.refresh_from_db()
    assert report.status == BalanceReport.Status.SUCCEEDED
    assert report.result["total"] == 1
    assert report.finished_at and report.started_at


def test_it_skips_a_report_another_worker_claimed(consultation):
    report = BalanceReport.objects.create(consultation=consultation, status=BalanceReport.Status.RUNNING)
    assert services.balance_report_run(report.pk) == "skipped"
    report.refresh_from_db()
    assert report.status == BalanceReport.Status.RUNNING


def test_it_records_a_failure_on_the_row(consultation, monkeypatch):
    from reports import balance

    def broken(**kwargs):
        raise RuntimeError("the policy could not be read")

    monkeypatch.setattr(balance, "population_report", broken)
    report = BalanceReport.objects.create(consultation=consultation)
    with pytest.raises(RuntimeError):
        services.balance_report_run(report.pk)
    report.refresh_from_db()
    assert report.status == BalanceReport.Status.FAILED
    assert report.error == "RuntimeError: the policy could not be read"


def test_it_sweeps_reports_a_lost_worker_left_behind(consultation, django_capture_on_commit_callbacks):
    old = timezone.now() - timedelta(hours=1)
    stuck = BalanceReport.objects.create(
        consultation=consultation, status=BalanceReport.Status.RUNNING, requested_at=old
    )
    fresh = BalanceReport.objects.create(consultation=consultation, status=BalanceReport.Status.QUEUED)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.balance_reports_sweep() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == BalanceReport.Status.SUCCEEDED  # queued again and computed
    assert fresh.status == BalanceReport.Status.QUEUED


def test_it_refreshes_the_report_after_a_decision(
    consultation, verified, moderator, django_capture_on_commit_callbacks
):
    submission = InputFactory(consultation=consultation, organisation=verified, answers={1: "A view", 2: "Roles"})
    with django_capture_on_commit_callbacks(execute=True):
        consultation_services.submission_decide(moderator=moderator, submission=submission, to_state="accepted")
    report = BalanceReport.objects.get(consultation=consultation)
    assert (report.reason, report.status, report.result["total"]) == ("decision", "succeeded", 1)


def test_it_refreshes_the_report_when_verification_is_withdrawn(
    consultation, verified, moderator, django_capture_on_commit_callbacks
):
    from accounts import services as account_services

    with django_capture_on_commit_callbacks(execute=True):  # the decision's own refresh runs first
        InputFactory(
            consultation=consultation,
            organisation=verified,
            answers={1: "A view", 2: "Roles"},
            moderator=moderator,
            accepted=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        account_services.organisation_refuse(moderator=moderator, organisation=verified, note="Withdrawn.")
    report = BalanceReport.objects.filter(consultation=consultation, reason="verification").get()
    assert report.result["total"] == 0  # its input no longer counts


def test_it_shows_the_report_in_the_console_and_as_json(
    client, consultation, verified, moderator, chair, focal_point, django_capture_on_commit_callbacks
):
    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    BalanceReport.objects.all().delete()  # the decision's refresh, left waiting for a worker here
    client.force_login(chair)
    url = reverse("reports:balance_report", args=["consultations", consultation.slug])
    assert "No report has been computed yet." in client.get(url).content.decode()
    assert (
        client.post(reverse("reports:balance_refresh", args=["consultations", consultation.slug])).status_code
        == HTTPStatus.FORBIDDEN
    )
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:balance_refresh", args=["consultations", consultation.slug]))
    page = client.get(url).content.decode()
    assert "<svg" in page and "Rules" in page
    data = client.get(url, {"format": "json"}).json()
    assert data["total"] == 1 and "rules" in data and "cells" in data
    client.force_login(focal_point)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_a_report_computed_once_reads_in_each_viewers_language(
    client, consultation, verified, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        InputFactory(
            consultation=consultation,
            organisation=verified,
            answers={1: "A view", 2: "Roles"},
            moderator=moderator,
            accepted=True,
        )
    report = BalanceReport.objects.get(consultation=consultation)  # computed once, after the decision
    assert "1 more member from the private sector." in [rule["remedy"] for rule in report.result["rules"]]
    client.force_login(moderator)
    url = reverse("reports:balance_report", args=["consultations", consultation.slug])

    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    french = client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    arabic = client.get(url).content.decode()

    assert "1 membre de plus pour le secteur privé." in french
    assert "Secteur privé (en % du total, ± 10)" in french
    assert "إضافة 1 عضو من القطاع الخاص." in arabic
    assert ">décision sur une contribution</td>" in french  # why it was computed, in the history
    assert "private sector" not in french.lower() and "private sector" not in arabic.lower()
    assert BalanceReport.objects.count() == 1  # no report was computed again to show it


def test_it_lets_only_a_moderator_ask_for_a_report(consultation, focal_point, chair, moderator):
    for refused in (focal_point, chair):  # the Chair reads reports; the secretariat's moderators ask for them
        with pytest.raises(PermissionDenied):
            services.balance_report_request(consultation=consultation, user=refused)
    assert not BalanceReport.objects.exists()
    report = services.balance_report_request(consultation=consultation, user=moderator)
    assert (report.requested_by, report.reason) == (moderator, "on demand")


def test_a_chair_confirming_members_refreshes_their_report_though_the_chair_may_not_ask_for_one(wgec, chair):  # noqa: F811
    chosen = list(wgec.nominations.values_list("pk", flat=True)[:2])
    assert services.membership_confirm(user=chair, working_group=wgec, nomination_ids=chosen) == 2
    report = BalanceReport.objects.get(working_group=wgec)
    assert (report.requested_by, report.reason) == (chair, "membership")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_computes_a_report_on_a_real_worker(celery_worker, consultation, verified, moderator):
    import time

    InputFactory(
        consultation=consultation,
        organisation=verified,
        answers={1: "A view", 2: "Roles"},
        moderator=moderator,
        accepted=True,
    )
    report = services.balance_report_request(consultation=consultation)  # commits: the worker is told
    for _ in range(60):
        report.refresh_from_db()
        if report.status in (BalanceReport.Status.SUCCEEDED, BalanceReport.Status.FAILED):
            break
        time.sleep(0.5)
    assert report.status == BalanceReport.Status.SUCCEEDED, report.error
    assert report.result["total"] == 1
