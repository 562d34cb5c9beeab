"""The report in a browser: the Chair drafts and publishes, opens a round; a member comments in Spanish with an
amendment; the round closes; the Chair brackets a paragraph with two alternatives in the next draft and makes the
report's PDF. The pages pass axe in the six languages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from groups import services
from groups.models import Comment, Status
from reports.models import Member, Nomination
from tests.browser.signing import choose_language, sign_in
from tests.factories import OrganisationFactory, UserFactory, WorkingGroupFactory, category, country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_draft_goes_from_the_chair_to_a_member_and_back(
    live_server, page, browser, chair, accessible, consultation, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    group = WorkingGroupFactory(consultation=consultation)
    delegate = UserFactory(email="ana@example.org", full_name="Ana García")
    organisation = OrganisationFactory(category=category("government"), country=country("MEX"))
    nomination = Nomination.objects.create(working_group=group, organisation=organisation, name="Ana García")
    Member.objects.create(working_group=group, nomination=nomination, confirmed_by=chair, user=delegate)
    base = live_server.url

    sign_in(page, base, chair, code=True)
    page.goto(f"{base}/moderation/working-groups/{group.slug}/reports/")
    page.get_by_label("Title").fill("Report of the Working Group")
    with page.expect_navigation():
        page.get_by_role("button", name="Start the report").click()
    expect(page.locator(".messages")).to_contain_text("The report is started")
    page.locator("#id_text").fill("Enhanced cooperation should be implemented through existing mechanisms.")
    page.locator("#id_kind").select_option("recommendation")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the paragraph").click()
    accessible(page, "report: the Chair's draft")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish draft 1").click()
    expect(page.locator(".messages")).to_contain_text("Draft 1 is published")
    page.get_by_label("Deadline (UTC)").fill("2099-01-01T12:00")
    page.get_by_label("Publish the comments once the round closes").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Open the round").click()
    expect(page.locator("#rounds")).to_be_visible()
    report = group.group_reports.get()

    chair_page, page = page, browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    sign_in(page, base, delegate)
    page.goto(f"{base}/working-groups/{group.slug}/reports/{report.pk}/drafts/1/")
    accessible(page, "report: a member reads draft 1")
    page.get_by_text("Comment on paragraph 1").click()
    page.get_by_label("Comment", exact=True).fill("Preferimos un órgano nuevo.")
    page.get_by_label("Proposed amendment").fill("Enhanced cooperation should be implemented through a new body.")
    page.get_by_label("Position", exact=True).select_option("object")
    page.get_by_label("Written in").select_option("es")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the comment").click()
    expect(page.locator(".messages")).to_contain_text("Your comment on Paragraph 1 is recorded")
    expect(page.locator(".comment")).to_contain_text("Preferimos un órgano nuevo.")
    assert Comment.objects.get().language == "es"

    page.context.close()
    page = chair_page  # still signed in: a two-factor code is good once
    page.goto(f"{base}/moderation/working-groups/{group.slug}/reports/{report.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Close the round").click()
    page.locator("#draft summary").first.click()
    page.locator("#draft textarea[name=text]").first.fill(
        "Enhanced cooperation should be implemented [through existing mechanisms] / [through a new body]."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save the paragraph").click()
    page.locator("#draft summary").first.click()
    page.locator("#draft select[name=status]").first.select_option("bracketed")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the status").click()
    expect(page.locator("#draft p .bracketed")).to_have_text("[through existing mechanisms] / [through a new body]")
    version = services.editing(report).paragraphs.get()
    assert version.status == Status.BRACKETED
    page.goto(f"{base}/moderation/working-groups/{group.slug}/reports/{report.pk}/drafts/1/")
    expect(page.locator("main")).to_contain_text("Ana García")  # the consensus record: her objection
    accessible(page, "report: the consensus record")
    page.get_by_label("With the annex of paragraphs without consensus").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Make the PDF").click()
    expect(page.locator(".messages")).to_contain_text("The report is on its way")
    page.reload()
    download = page.locator("#documents a", has_text="PDF")
    expect(download).to_be_visible()
    with page.expect_download() as got:
        download.click()
    assert got.value.suggested_filename.endswith(".pdf")


def test_the_report_pages_pass_axe_in_every_language(live_server, page, browser, chair, accessible):
    """Signed in once (a two-factor code is good once): the pages in each language, chosen as a reader chooses it;
    the member's page too."""
    group = WorkingGroupFactory()
    delegate = UserFactory(email="kofi@example.org", full_name="Kofi Mensah")
    organisation = OrganisationFactory(category=category("government"), country=country("GHA"))
    nomination = Nomination.objects.create(working_group=group, organisation=organisation, name="Kofi Mensah")
    Member.objects.create(working_group=group, nomination=nomination, confirmed_by=chair, user=delegate)
    report = services.start_report(group, title="Report of the Working Group", user=chair)
    draft = services.editing(report)
    services.add_paragraph(draft, text="A [new] / [strengthened] mechanism.", user=chair)
    services.publish(draft, user=chair)
    sign_in(page, live_server.url, chair, code=True)
    base = f"{live_server.url}/moderation/working-groups/{group.slug}/reports/{report.pk}/"
    services.open_round(draft, user=chair, deadline=timezone.now() + timedelta(days=3), publish_comments=True)
    member = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(member, live_server.url, delegate)
    for language in ("ar", "zh-hans", "fr", "ru", "es"):
        choose_language(page, live_server, language)
        for path, name in (("", "editing"), ("drafts/1/", "consensus")):
            page.goto(base + path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            accessible(page, f"report {name} ({language})")
        choose_language(member, live_server, language)
        member.goto(f"{live_server.url}/working-groups/{group.slug}/reports/{report.pk}/drafts/1/")
        expect(member.locator("html")).to_have_attribute("lang", language)
        member.locator("details summary").first.click()  # the comment form open
        accessible(member, f"report member ({language})")
    member.context.close()
