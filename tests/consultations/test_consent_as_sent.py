"""Consent is part of what is sent: a draft's language and publication apply only once the input is sent again.

Every public output (the list, its search and filters, the input's page, the answers by question, the open-data
exports, the public compilation and the input's own PDF) and the secretariat's review read the choices of the
version sent, never those of a later draft.
"""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Organisation
from consultations import services
from consultations.models import Consent, Submission, SubmissionState
from consultations.text import canonical_form, digest
from reports.compilation import jobs
from tests.factories import InputFactory, MembershipFactory, OrganisationFactory, category, country

pytestmark = pytest.mark.django_db

NAME = "Quiet Lantern Collective"
ACRONYM = "QLC"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lantern(db):
    return OrganisationFactory(
        name=NAME,
        acronym=ACRONYM,
        category=category("civil-society"),
        country=country("BTN"),  # Bhutan: no other input comes from there
        status=Organisation.Status.VERIFIED,
    )


@pytest.fixture
def member(lantern):
    return MembershipFactory(organisation=lantern, role="focal_point").user


def save_draft(consultation, organisation, answers, *, consent, language="en"):
    return InputFactory(
        consultation=consultation,
        organisation=organisation,
        answers=answers,
        consent=consent,
        language=language,
        draft=True,
    )


def send(consultation, organisation, answers, *, consent, language="en"):
    """The version sent (the one sent before, when nothing changed)."""
    submission = InputFactory(
        consultation=consultation, organisation=organisation, answers=answers, consent=consent, language=language
    )
    return submission.current_version


def accept(submission, moderator):
    services.submission_decide(moderator=moderator, submission=submission, to_state=SubmissionState.ACCEPTED)
    submission.refresh_from_db()
    return submission


def pdf_text(path) -> str:
    return "".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def public_outputs(client, consultation, submission, tmp_path) -> dict[str, str]:
    """Everything the public can read about the consultation's inputs, by where it is read."""
    slug = consultation.slug
    listing = reverse("consultations:public_inputs", args=[slug])
    outputs = {
        "list": client.get(listing),
        "search by name": client.get(listing, {"q": NAME}),
        "search by acronym": client.get(listing, {"q": ACRONYM}),
        "country filter": client.get(listing, {"country": "BTN"}),
        "development filter": client.get(listing, {"development": "developing"}),
        "input page": client.get(reverse("consultations:public_input", args=[slug, submission.reference])),
        "by question": client.get(reverse("consultations:question_answers", args=[slug, 1])),
        "csv": client.get(reverse("consultations:public_export", args=[slug, "csv"])),
        "json": client.get(reverse("consultations:public_export", args=[slug, "json"])),
    }
    texts = {}
    for where, response in outputs.items():
        assert response.status_code == HTTPStatus.OK, where
        body = b"".join(response.streaming_content) if response.streaming else response.content
        texts[where] = re.sub(r"<select.*?</select>", "", body.decode(), flags=re.S)  # the filters' choices
    compilation = tmp_path / "public.pdf"
    jobs.compile_to_file(
        consultation,
        arrangement="by-respondent",
        edition="public",
        cache_dir=tmp_path / "parts",
        output_path=compilation,
    )
    texts["public compilation"] = pdf_text(compilation)
    texts["input's own PDF"] = pdf_text(jobs.single_input_pdf(submission, edition="public", cache_dir=tmp_path / "p"))
    return texts


def assert_anonymous_everywhere(client, consultation, submission, tmp_path):
    texts = public_outputs(client, consultation, submission, tmp_path)
    for where, text in texts.items():
        if where.startswith("search"):  # the search box shows what was typed
            text = text.replace(f'value="{NAME}"', "").replace(f'value="{ACRONYM}"', "")
        assert NAME not in text, f"the name is public in the {where}"
        assert "Bhutan" not in text, f"the country is public in the {where}"
    for where in ("country filter", "development filter", "search by name", "search by acronym"):
        assert submission.reference not in texts[where], f"the {where} finds the anonymous input"
    assert submission.reference in texts["list"] and submission.reference in texts["input page"]
    assert "Anonymous respondent" in texts["input page"]
    assert "Anonymous respondent" in texts["public compilation"]


def test_it_keeps_an_input_sent_anonymous_so_though_a_later_draft_says_public(
    client, consultation, lantern, member, moderator, tmp_path
):
    for n in range(1, 5):
        send(consultation, lantern, {1: f"Cooperation, draft {n}", 2: "Roles"}, consent=Consent.ANONYMOUS)
    save_draft(consultation, lantern, {1: "Cooperation, draft 4", 2: "Roles"}, consent=Consent.PUBLIC)

    submission = accept(Submission.objects.get(organisation=lantern), moderator)

    assert (submission.consent, submission.draft_consent) == (Consent.ANONYMOUS, Consent.PUBLIC)
    assert submission.versions.count() == 4
    assert_anonymous_everywhere(client, consultation, submission, tmp_path)


def test_it_publishes_an_input_as_sent_when_a_later_draft_asks_for_anonymity_it_never_sent(
    client, consultation, lantern, member, moderator
):
    send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.PUBLIC)
    save_draft(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.ANONYMOUS)

    submission = accept(Submission.objects.get(organisation=lantern), moderator)

    # One reading everywhere: the page and the search agree with what was sent.
    page = client.get(
        reverse("consultations:public_input", args=[consultation.slug, submission.reference])
    ).content.decode()
    found = client.get(reverse("consultations:public_inputs", args=[consultation.slug]), {"q": NAME}).content.decode()
    assert NAME in page and "Anonymous respondent" not in page
    assert submission.reference in found


def test_it_tells_the_organisation_that_its_new_choice_applies_once_sent(
    client, consultation, lantern, member, moderator
):
    send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.PUBLIC)
    save_draft(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.ANONYMOUS)
    client.force_login(member)

    page = client.get(reverse("consultations:submission_edit", args=[consultation.slug, lantern.pk])).content.decode()

    assert "The version sent says: Public, with our organisation&#x27;s name" in page
    assert "applies only once you send the input again" in page
    assert re.search(r'<input[^>]*value="anonymous"[^>]*checked', page)  # the draft's choice, in the form


def test_it_hides_the_name_once_a_version_sent_anonymous_is_accepted(
    client, consultation, lantern, member, moderator, tmp_path
):
    send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.PUBLIC)
    send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.ANONYMOUS)

    submission = accept(Submission.objects.get(organisation=lantern), moderator)

    assert submission.versions.count() == 2  # the publication alone changed: a version of its own
    assert_anonymous_everywhere(client, consultation, submission, tmp_path)


def test_it_records_a_change_of_publication_in_the_history_and_on_the_receipt(
    client, consultation, lantern, member, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    first = send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.PUBLIC)
    with django_capture_on_commit_callbacks(execute=True):
        second = send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.ANONYMOUS)

    assert (first.consent, second.consent) == (Consent.PUBLIC, Consent.ANONYMOUS)
    assert first.digest != second.digest
    submission = Submission.objects.get(organisation=lantern)
    change = (
        "Publication changed from “Public, with our organisation's name” to “Public, without our organisation's name”."
    )
    assert change in submission.decisions.last().description()
    client.force_login(member)
    receipt = client.get(
        reverse("consultations:submission_receipt", args=[consultation.slug, lantern.pk])
    ).content.decode()
    assert "Public, without our organisation&#x27;s name" in receipt
    assert "changed in this version; until then: Public, with our organisation&#x27;s name" in receipt
    assert "changed in this version; until then: Public, with our organisation's name" in mailoutbox[-1].body
    client.force_login(moderator)
    review = client.get(reverse("consultations:moderation_review", args=[submission.pk])).content.decode()
    assert change.replace("'", "&#x27;") in review


def test_it_shows_the_secretariat_the_publication_sent_not_the_draft(client, consultation, lantern, member, moderator):
    send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.SECRETARIAT, language="fr")
    save_draft(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.PUBLIC, language="es")
    submission = Submission.objects.get(organisation=lantern)
    client.force_login(moderator)

    review = client.get(reverse("consultations:moderation_review", args=[submission.pk])).content.decode()

    assert "For the secretariat only, not published" in review and "Français" in review
    assert "Public, with our organisation" not in review and "Español" not in review

    accept(submission, moderator)
    public = client.get(reverse("consultations:public_inputs", args=[consultation.slug])).content.decode()
    assert submission.reference not in public


def test_it_sends_a_new_version_when_only_the_publication_changed_and_none_when_nothing_did(
    consultation, lantern, member
):
    send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.PUBLIC)
    again = send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.PUBLIC)
    assert again.number == 1  # nothing changed: the version already sent

    changed = send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.PUBLIC, language="fr")

    assert changed.number == 2
    assert changed.digest == digest({1: "Cooperation", 2: "Roles"}, [], language="fr", consent="public")


def test_it_digests_the_choices_with_the_answers():
    document = canonical_form({1: "Cooperation", 2: ""}, ["b" * 64, "a" * 64], language="ar", consent="anonymous")
    expected = '{"answers":{"1":"Cooperation"},"attachments":["' + "a" * 64 + '","' + "b" * 64 + '"],'
    assert document.decode() == expected + '"consent":"anonymous","language":"ar"}'
    assert canonical_form({1: "Cooperation"}, []) == b'{"answers":{"1":"Cooperation"},"attachments":[]}'  # form 1


def test_it_keeps_recognising_a_version_digested_before_the_choices_were_part_of_it(consultation, lantern, member):
    version = send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.PUBLIC)
    form_one = digest({1: "Cooperation", 2: "Roles"}, [])
    type(version).objects.filter(pk=version.pk).update(digest=form_one, digest_form=1)
    Submission.objects.filter(pk=version.submission_id).update(digest=form_one)

    again = send(consultation, lantern, {1: "Cooperation", 2: "Roles"}, consent=Consent.PUBLIC)

    assert (again.number, again.digest) == (1, form_one)  # the same contents: no new version


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_restores_the_publication_sent_and_keeps_the_draft_choice():
    executor = MigrationExecutor(connection)
    before, after = [("consultations", "0006_search_vector")], [("consultations", "0007_publication_as_sent")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    state = apps.get_model("consultations", "Submission")
    version_model = apps.get_model("consultations", "SubmissionVersion")
    organisation = apps.get_model("accounts", "Organisation").objects.create(
        name=NAME,
        acronym=ACRONYM,
        category_id=category("civil-society").pk,
        country_id=country("BTN").pk,
        status="verified",
    )
    consultation = apps.get_model("consultations", "Consultation").objects.create(
        title="T", slug="t", reference="T", summary="s", consent_clause="c", opens_at="2026-01-01T00:00Z",
        closes_at="2027-01-01T00:00Z", status="open",
    )  # fmt: skip
    question = apps.get_model("consultations", "Question").objects.create(consultation=consultation, number=1, text="Q")
    # Sent anonymous (search text without the name), then a draft saying "public" wrote the input's row.
    submission = state.objects.create(
        consultation=consultation, organisation=organisation, state="accepted", consent="public", language="es",
        reference="T-0001", number=1, search_text="An anonymous view",
    )  # fmt: skip
    version = version_model.objects.create(
        submission=submission, number=1, submitted_at="2026-06-01T00:00Z", digest="d" * 64, language="fr",
        consent="anonymous",
    )  # fmt: skip
    apps.get_model("consultations", "VersionAnswer").objects.create(
        version=version, question=question, text="An anonymous view"
    )
    state.objects.filter(pk=submission.pk).update(current_version=version)
    never_sent = state.objects.create(
        consultation=consultation,
        organisation=apps.get_model("accounts", "Organisation").objects.create(
            name="Drafting Office",
            category_id=category("civil-society").pk,
            country_id=country("NPL").pk,
            status="verified",
        ),
        consent="secretariat",
        language="ru",
    )

    executor.loader.build_graph()
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the later migrations too, for the tests that follow

    migrated = Submission.objects.get(pk=submission.pk)
    assert (migrated.consent, migrated.language) == ("anonymous", "fr")
    assert (migrated.draft_consent, migrated.draft_language) == ("public", "es")
    assert NAME not in migrated.search_text and "An anonymous view" in migrated.search_text
    assert migrated.current_version.digest_form == 1
    draft = Submission.objects.get(pk=never_sent.pk)
    assert (draft.draft_consent, draft.draft_language) == ("secretariat", "ru")
    assert not Submission.objects.public().filter(pk=submission.pk).exclude(consent="anonymous").exists()
