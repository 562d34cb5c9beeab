"""Organisations an import creates: verified by the moderator at once, through the rules and audit of verification."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services
from accounts.models import Organisation, VerificationEvent
from tests.factories import OrganisationFactory, category, country

pytestmark = pytest.mark.django_db


def create(moderator, **fields):
    fields = {"name": "Andean Broadband Forum", "category": category("technical-community"), **fields}
    return services.organisation_create_verified(
        moderator=moderator, country=fields.pop("country", country("PER")), note="Created by import of x.csv", **fields
    )


def refusal(call):
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.messages


def test_it_creates_an_organisation_verified_by_the_moderator_with_the_note(moderator):
    forum = create(moderator)

    forum.refresh_from_db()
    assert (forum.name, forum.category.slug, forum.country.iso3) == (
        "Andean Broadband Forum",
        "technical-community",
        "PER",
    )
    assert (forum.status, forum.verified_by, forum.created_by) == (Organisation.Status.VERIFIED, moderator, moderator)
    assert forum.verified_at is not None
    assert forum.verification_note == "Created by import of x.csv"


def test_it_writes_the_verification_in_the_audit_trail(moderator):
    forum = create(moderator)

    event = VerificationEvent.objects.get(organisation=forum)
    assert (event.actor, event.from_status, event.to_status) == (moderator, "pending", "verified")
    assert event.note == "Created by import of x.csv"


def test_it_tells_listeners_as_verification_does(moderator, verifications):
    forum = create(moderator)

    assert verifications == [forum.pk]


def test_it_refuses_a_second_government_with_the_message_of_verification(moderator, verifications):
    OrganisationFactory(name="Permanent Mission of Chile", category=category("government"), country=country("CHL"))
    mission = Organisation.objects.get(name="Permanent Mission of Chile")
    services.organisation_verify(moderator=moderator, organisation=mission)
    pending = OrganisationFactory(name="Chile Ministry", category=category("government"), country=country("CHL"))
    verifying = refusal(lambda: services.organisation_verify(moderator=moderator, organisation=pending))

    creating = refusal(
        lambda: create(moderator, name="Chile Science", category=category("government"), country=country("CHL"))
    )

    assert (
        creating
        == verifying
        == ["Chile is already represented by the verified Government organisation Permanent Mission of Chile."]
    )
    assert not Organisation.objects.filter(name="Chile Science").exists()
    assert verifications == [mission.pk]


def test_it_creates_a_government_for_a_member_state_without_one(moderator):
    OrganisationFactory(name="Chile Ministry", category=category("government"), country=country("CHL"))  # pending

    government = create(
        moderator, name="Permanent Mission of Chile", category=category("government"), country=country("CHL")
    )

    assert government.is_verified


def test_it_lets_only_those_who_may_verify_organisations_create_them_verified(focal_point, chair, verifications):
    for user in (focal_point, chair):
        with pytest.raises(PermissionDenied):
            create(user)

    assert not Organisation.objects.filter(name="Andean Broadband Forum").exists()
    assert not VerificationEvent.objects.exists()
    assert verifications == []


def test_it_refuses_a_name_that_is_not_one_line(moderator):
    assert refusal(lambda: create(moderator, name="Andean\nForum"))
    assert not VerificationEvent.objects.exists()
