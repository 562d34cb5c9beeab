"""The report's pages as the Chair and the members use them: drafting in the console, publishing, a round of
comments, a member commenting in Spanish with an amendment, the consensus record, and what each person may read."""

import subprocess
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import Comment, DraftParagraph, Kind
from groups.report_pdf import spec_for
from reports.compilation import jobs
from reports.models import Member, Nomination
from tests.factories import OrganisationFactory, UserFactory, WorkingGroupFactory, category, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return WorkingGroupFactory()


def seat(group, name, iso3, user, slug="government"):
    organisation = OrganisationFactory(category=category(slug), country=country(iso3))
    nomination = Nomination.objects.create(working_group=group, organisation=organisation, name=name)
    return Member.objects.create(working_group=group, nomination=nomination, confirmed_by=UserFactory(), user=user)


def page(client, name, *args, **data):
    url = reverse(f"groups:{name}", args=args)
    return client.post(url, data) if data else client.get(url)


def test_the_chair_drafts_publishes_and_opens_a_round_and_a_member_comments(client, chair, group):
    client.force_login(chair)
    started = page(client, "reports", group.slug, title="Report of the Working Group", language="en")
    report = group.group_reports.get()
    assert started.status_code == HTTPStatus.FOUND and started["Location"].endswith(f"/reports/{report.pk}/")
    page(client, "section_add", group.slug, report.pk, heading="II. Recommendations", parent="")
    section = report.drafts.get().sections.get()
    refused = page(client, "paragraph_add", group.slug, report.pk, text="Create [a new body", kind="recommendation",
                   section=section.pk)  # fmt: skip
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "character 8" in refused.content.decode() and not DraftParagraph.objects.exists()
    text = "Enhanced cooperation should be implemented [through existing mechanisms] / [by a new body]."
    page(client, "paragraph_add", group.slug, report.pk, text=text, kind="recommendation", section=section.pk)
    shown = page(client, "report", group.slug, report.pk).content.decode()
    assert '<span class="bracketed">[through existing mechanisms] / [by a new body]</span>' in shown
    assert page(client, "publish", group.slug, report.pk, note="For comments.").status_code == HTTPStatus.FOUND
    draft = report.drafts.get(number=1)
    assert draft.is_published and report.drafts.get(number=2).paragraphs.count() == 1
    deadline = (timezone.now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    opened = page(client, "round_open", group.slug, report.pk, 1, deadline=deadline, publish_comments="on")
    assert opened.status_code == HTTPStatus.FOUND and draft.rounds.get().publish_comments

    delegate = UserFactory(full_name="Ana García")
    member = seat(group, "Delegación de México", "MEX", delegate)
    client.force_login(delegate)
    version = draft.paragraphs.get()
    reading = page(client, "member_draft", group.slug, report.pk, 1)
    assert reading.status_code == HTTPStatus.OK and "will be published" in reading.content.decode()
    amendment = "Enhanced cooperation should be implemented [through existing mechanisms]."
    comment = {"text": "Preferimos los mecanismos existentes.", "amendment": amendment, "position": "object",
               "explanation": "Evitar la duplicación.", "language": "es"}  # fmt: skip
    sent = page(client, "comment", group.slug, report.pk, 1, version.pk, **comment)
    assert sent.status_code == HTTPStatus.FOUND
    made = Comment.objects.get()
    assert (made.member, made.position, made.language, made.amendment) == (member, "object", "es", amendment)
    again = page(client, "member_draft", group.slug, report.pk, 1).content.decode()
    assert "Preferimos los mecanismos existentes." in again and "<del>" in again  # the amendment as a diff

    client.force_login(chair)
    record = page(client, "draft", group.slug, report.pk, 1).content.decode()
    assert "Delegación de México" in record and "Latin American and Caribbean States: 1" in record
    history = page(client, "paragraph_history", group.slug, report.pk, version.paragraph_id)
    assert history.status_code == HTTPStatus.OK and "Draft 2" in history.content.decode()


def test_a_member_reads_others_comments_only_once_the_round_closes_and_only_if_published(client, chair, group):
    report = services.start_report(group, title="Report", user=chair)
    draft = services.editing(report)
    version = services.add_paragraph(draft, text="Paragraph.", user=chair)
    services.publish(draft, user=chair)
    round_ = services.open_round(draft, user=chair, deadline=timezone.now() + timedelta(days=1), publish_comments=True)
    first, second = UserFactory(), UserFactory()
    seat(group, "Delegate of Kenya", "KEN", first)
    seat(group, "Delegate of Egypt", "EGY", second)
    services.comment(round_, version, user=first, text="Comment from Kenya.")
    client.force_login(second)
    assert "Comment from Kenya." not in page(client, "member_draft", group.slug, report.pk, 1).content.decode()
    services.close_round(round_, user=chair)
    assert "Comment from Kenya." in page(client, "member_draft", group.slug, report.pk, 1).content.decode()


def test_who_may_read_a_draft_and_comment(client, chair, group, focal_point):
    report = services.start_report(group, title="Report", user=chair)
    draft = services.editing(report)
    version = services.add_paragraph(draft, text="Paragraph.", user=chair)
    client.force_login(focal_point)
    assert page(client, "member_draft", group.slug, report.pk, 1).status_code == HTTPStatus.NOT_FOUND  # editing
    services.publish(draft, user=chair)
    assert page(client, "member_draft", group.slug, report.pk, 1).status_code == HTTPStatus.FORBIDDEN  # no seat
    refused = page(client, "comment", group.slug, report.pk, 1, version.pk, text="Let me in.", language="en")
    assert refused.status_code == HTTPStatus.FORBIDDEN and not Comment.objects.exists()
    member = seat(group, "Delegate of Kenya", "KEN", focal_point)
    no_round = page(client, "comment", group.slug, report.pk, 1, version.pk, text="Too early.", language="en")
    assert no_round.status_code == HTTPStatus.BAD_REQUEST and "closed" in no_round.content.decode()
    round_ = services.open_round(draft, user=chair, deadline=timezone.now() + timedelta(days=1), publish_comments=False)
    type(round_).objects.filter(pk=round_.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    late = page(client, "comment", group.slug, report.pk, 1, version.pk, text="Late.", language="en")
    assert late.status_code == HTTPStatus.BAD_REQUEST and "deadline" in late.content.decode()
    assert not Comment.objects.filter(member=member).exists()


def test_two_saves_of_one_paragraph_the_second_sees_both_texts(client, chair, moderator, group):
    report = services.start_report(group, title="Report", user=chair)
    version = services.add_paragraph(services.editing(report), text="Original.", user=chair, kind=Kind.FINDING)
    services.edit_paragraph(version, user=chair, revision=version.revision, text="The Chair's words.")
    client.force_login(moderator)
    answer = page(client, "paragraph_change", group.slug, report.pk, version.pk, "edit", text="Mine.",
                  kind="finding", revision=version.revision)  # fmt: skip
    assert answer.status_code == HTTPStatus.CONFLICT
    shown = answer.content.decode()
    assert "The Chair&#x27;s words." in shown and "Mine." in shown
    assert DraftParagraph.objects.get(pk=version.pk).text == "The Chair's words."


def test_a_published_drafts_paragraph_cannot_be_changed_through_the_console(client, chair, group):
    report = services.start_report(group, title="Report", user=chair)
    draft = services.editing(report)
    version = services.add_paragraph(draft, text="Paragraph.", user=chair)
    services.publish(draft, user=chair)
    client.force_login(chair)
    answer = page(client, "paragraph_change", group.slug, report.pk, version.pk, "edit", text="Changed.",
                  kind="narrative", revision=version.revision)  # fmt: skip
    assert answer.status_code == HTTPStatus.NOT_FOUND
    assert DraftParagraph.objects.get(pk=version.pk).text == "Paragraph."


def test_the_chair_asks_for_the_report_pdf_from_a_published_draft(
    client, chair, consultation, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    group = WorkingGroupFactory(consultation=consultation)
    report = services.start_report(group, title="Report", user=chair)
    draft = services.editing(report)
    services.add_paragraph(draft, text="The group [recommends] / [notes] the inputs.", user=chair)
    services.publish(draft, user=chair)
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        asked = page(client, "report_document", group.slug, report.pk, 1, language="fr", annex="on")
    assert asked.status_code == HTTPStatus.FOUND and asked["Location"].endswith("#documents")
    shown = page(client, "draft", group.slug, report.pk, 1).content.decode()
    made = group.consultation.compilations.get(kind="report")
    assert made.options == {"report": report.pk, "draft": 1, "annex": True} and made.language == "fr"
    assert reverse("reports:compilation_download", args=[made.pk]) in shown
    download = client.get(reverse("reports:compilation_download", args=[made.pk]))
    assert download.status_code == HTTPStatus.OK and download["Content-Type"] == "application/pdf"


def test_a_paragraph_is_compared_between_any_two_drafts(client, chair, group):
    report = services.start_report(group, title="Report", user=chair)
    version = services.add_paragraph(services.editing(report), text="Cooperation should be enhanced.", user=chair)
    for text in ("Cooperation should be fully enhanced.", "Cooperation should be fully implemented."):
        services.publish(services.editing(report), user=chair)
        current = services.editing(report).paragraphs.get()
        services.edit_paragraph(current, user=chair, revision=current.revision, text=text)
    client.force_login(chair)
    url = reverse("groups:paragraph_history", args=[group.slug, report.pk, version.paragraph_id])
    shown = client.get(url, {"from": 1, "to": 3}).content.decode()
    assert "Cooperation should be <del>enhanced.</del><ins>fully implemented.</ins>" in shown  # 1 against 3
    refused = client.get(url, {"from": 1, "to": 9})
    assert refused.status_code == HTTPStatus.BAD_REQUEST and "Choose two drafts" in refused.content.decode()


def test_the_chair_translates_a_paragraph_and_moves_it_to_another_section(client, chair, group):
    report = services.start_report(group, title="Report", user=chair)
    draft = services.editing(report)
    first = services.add_section(draft, heading="I. Introduction", user=chair)
    second = services.add_section(draft, heading="II. Findings", user=chair)
    services.add_paragraph(draft, text="Already here.", user=chair, section=second)
    client.force_login(chair)
    page(client, "paragraph_add", group.slug, report.pk, text="Los insumos se recibieron.", kind="finding",
         section=first.pk, language="es")  # fmt: skip
    version = DraftParagraph.objects.get(language="es")
    saved = page(client, "paragraph_change", group.slug, report.pk, version.pk, "edit", text=version.text,
                 kind="finding", section=second.pk, revision=version.revision,
                 **{"translation-en": "The inputs were received.", "translation-fr": ""})  # fmt: skip
    assert saved.status_code == HTTPStatus.FOUND
    version.refresh_from_db()
    assert version.translations == {"en": "The inputs were received."} and version.section == second
    assert version.number == 2  # after the paragraph already in its new section
    refused = page(client, "paragraph_change", group.slug, report.pk, version.pk, "edit", text=version.text,
                   kind="finding", section=second.pk, revision=version.revision,
                   **{"translation-fr": "Les [contributions ont été reçues."})  # fmt: skip
    assert refused.status_code == HTTPStatus.BAD_REQUEST and "(fr)" in refused.content.decode()


def test_the_chair_records_who_proposes_each_alternative(client, chair, group, consultation, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    group.consultation = consultation
    group.save(update_fields=["consultation"])
    report = services.start_report(group, title="Report", user=chair)
    version = services.add_paragraph(services.editing(report), text="Create [a new body] / [no body].", user=chair)
    delegate = seat(group, "Delegate of Canada", "CAN", UserFactory())
    client.force_login(chair)
    recorded = page(client, "paragraph_change", group.slug, report.pk, version.pk, "propose", alternative="0:1",
                    member=delegate.pk)  # fmt: skip
    assert recorded.status_code == HTTPStatus.FOUND
    assert [(p.bracket, p.alternative, p.member) for p in version.proponents.all()] == [(0, 1, delegate)]
    shown = page(client, "report", group.slug, report.pk).content.decode()
    assert "[no body]</span>" in shown and "proposed by" in shown and "Delegate of Canada" in shown
    refused = page(client, "paragraph_change", group.slug, report.pk, version.pk, "propose", alternative="3:0",
                   member=delegate.pk)  # fmt: skip
    assert refused.status_code == HTTPStatus.BAD_REQUEST and "no such bracket" in refused.content.decode()
    services.decide_status(version, "bracketed", user=chair)
    output = tmp_path / "r.pdf"
    jobs.document_to_file(spec_for(report, 1, annex=True), output_path=output, cache_dir=tmp_path / "parts")
    text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S607
    assert "[no body] proposed by Delegate of Canada" in " ".join(text.split())
    page(client, "paragraph_change", group.slug, report.pk, version.pk, "withdraw",
         proponent=version.proponents.get().pk)  # fmt: skip
    assert not version.proponents.exists()


def test_the_consensus_page_reads_the_same_queries_for_few_paragraphs_or_many(client, chair, group):
    report = services.start_report(group, title="Report", user=chair)
    draft = services.editing(report)
    services.add_paragraph(draft, text="One.", user=chair, kind=Kind.RECOMMENDATION)
    services.publish(draft, user=chair)
    speaker = seat(group, "Delegate of Kenya", "KEN", UserFactory())
    round_ = services.open_round(draft, user=chair, deadline=timezone.now() + timedelta(days=1), publish_comments=True)
    services.comment(round_, draft.paragraphs.get(), user=speaker.user, position="object", text="No.")
    client.force_login(chair)
    url = reverse("groups:draft", args=[group.slug, report.pk, 2])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == HTTPStatus.OK
    following = services.editing(report)
    for number in range(30):
        services.add_paragraph(following, text=f"Paragraph {number} [or not].", user=chair)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == HTTPStatus.OK
    assert len(many.captured_queries) == len(few.captured_queries) <= 25


def test_a_comment_goes_to_the_round_still_open_when_an_earlier_one_ran_past_its_deadline(client, chair, group):
    report = services.start_report(group, title="Report", user=chair)
    draft = services.editing(report)
    version = services.add_paragraph(draft, text="Paragraph.", user=chair)
    services.publish(draft, user=chair)
    soon = timezone.now() + timedelta(days=1)
    earlier = services.open_round(draft, user=chair, deadline=soon, publish_comments=False)
    type(earlier).objects.filter(pk=earlier.pk).update(deadline=timezone.now() - timedelta(hours=1))  # ran out
    later = services.open_round(draft, user=chair, deadline=timezone.now() + timedelta(days=2), publish_comments=True)
    delegate = UserFactory()
    seat(group, "Delegate of Kenya", "KEN", delegate)
    client.force_login(delegate)
    sent = page(client, "comment", group.slug, report.pk, 1, version.pk, text="In time.", language="en")
    assert sent.status_code == HTTPStatus.FOUND and Comment.objects.get().round == later
