"""Who sees and changes an organisation, and how colleagues join it."""

import threading
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse

from accounts import roles, services
from accounts.models import Membership, Organisation
from tests.factories import OrganisationFactory, UserFactory, category, country

pytestmark = pytest.mark.django_db


def test_it_shows_an_organisation_to_its_members_only(client, organisation, focal_point, colleague, outsider):
    url = reverse("accounts:organisation_detail", args=[organisation.pk])
    for member in (focal_point, colleague):
        client.force_login(member)
        assert client.get(url).status_code == HTTPStatus.OK
    client.force_login(outsider)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_it_sends_anonymous_visitors_to_sign_in(client, organisation):
    response = client.get(reverse("accounts:organisation_detail", args=[organisation.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_it_lets_only_the_focal_point_edit(client, organisation, focal_point, colleague, outsider):
    url = reverse("accounts:organisation_edit", args=[organisation.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url, {"name": "Hijacked"}).status_code == HTTPStatus.NOT_FOUND
    client.force_login(colleague)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    client.force_login(focal_point)
    response = client.post(
        url,
        {
            "name": organisation.name,
            "category": organisation.category.pk,
            "country": organisation.country.pk,
            "website": "https://sahel-rights.example",
            "ecosoc_status": "special",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert (organisation.website, organisation.ecosoc_status) == ("https://sahel-rights.example", "special")
    assert Organisation.objects.get(name="Baltic Internet Society").website == ""


def test_it_keeps_who_a_verified_organisation_is(client, organisation, focal_point, moderator):
    services.organisation_verify(moderator=moderator, organisation=organisation)
    client.force_login(focal_point)
    client.post(
        reverse("accounts:organisation_edit", args=[organisation.pk]),
        {
            "name": "Another name",
            "category": category("private-sector").pk,
            "country": country("FRA").pk,
            "description": "We defend digital rights across the Sahel.",
            "ecosoc_status": "none",
        },
    )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.category.slug, organisation.country.iso3) == (
        "Sahel Digital Rights Network",
        "civil-society",
        "SEN",
    )
    assert organisation.description == "We defend digital rights across the Sahel."
    assert organisation.status == Organisation.Status.VERIFIED


def test_it_lists_only_ones_own_organisations(client, organisation, focal_point, outsider):
    client.force_login(outsider)
    page = client.get(reverse("accounts:organisation_list")).content.decode()
    assert "Baltic Internet Society" in page
    assert "Sahel Digital Rights Network" not in page


def test_it_lets_a_colleague_ask_to_join_and_the_focal_point_accept(
    client, organisation, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(full_name="Ibrahima Fall")
    client.force_login(newcomer)
    assert (
        "Sahel Digital Rights Network"
        in client.get(reverse("accounts:organisation_join"), {"q": "sahel"}).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:membership_request", args=[organisation.pk]), {"message": "I lead our policy team."}
        )
    assert response.status_code == HTTPStatus.FOUND
    membership = Membership.objects.get(user=newcomer)
    assert membership.status == Membership.Status.PENDING
    assert mailoutbox[-1].to == [focal_point.email]
    assert "I lead our policy team." in mailoutbox[-1].body
    # Not a member yet: the organisation's page stays closed.
    assert (
        client.get(reverse("accounts:organisation_detail", args=[organisation.pk])).status_code == HTTPStatus.NOT_FOUND
    )

    client.force_login(focal_point)
    assert (
        "Ibrahima Fall" in client.get(reverse("accounts:organisation_detail", args=[organisation.pk])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:membership_decide", args=[membership.pk]), {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert mailoutbox[-1].to == [newcomer.email]

    client.force_login(newcomer)
    assert client.get(reverse("accounts:organisation_detail", args=[organisation.pk])).status_code == HTTPStatus.OK


def test_it_refuses_a_join_request_from_a_member(client, organisation, colleague):
    client.force_login(colleague)
    response = client.post(reverse("accounts:membership_request", args=[organisation.pk]), follow=True)
    assert "You already belong to Sahel Digital Rights Network" in response.content.decode()
    assert Membership.objects.filter(user=colleague).count() == 1


def test_it_refuses_a_second_request_while_one_waits(organisation, focal_point):
    newcomer = UserFactory()
    services.membership_request(user=newcomer, organisation=organisation)
    with pytest.raises(ValidationError, match="already asked"):
        services.membership_request(user=newcomer, organisation=organisation)
    assert Membership.objects.filter(user=newcomer).count() == 1


def test_it_lets_only_the_focal_point_answer_a_request(client, organisation, focal_point, colleague, outsider):
    newcomer = UserFactory()
    membership = services.membership_request(user=newcomer, organisation=organisation)
    url = reverse("accounts:membership_decide", args=[membership.pk])
    client.force_login(outsider)
    assert client.post(url, {"decision": "approve"}).status_code == HTTPStatus.NOT_FOUND
    client.force_login(colleague)
    client.post(url, {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING
    with pytest.raises(PermissionDenied):
        services.membership_decide(actor=colleague, membership=membership, approve=True)


def test_it_refuses_to_answer_a_request_twice(organisation, focal_point):
    membership = services.membership_request(user=UserFactory(), organisation=organisation)
    services.membership_decide(actor=focal_point, membership=membership, approve=False)
    with pytest.raises(ValidationError, match="already been answered"):
        services.membership_decide(actor=focal_point, membership=membership, approve=True)


def test_it_lets_a_refused_person_ask_again(organisation, focal_point):
    newcomer = UserFactory()
    membership = services.membership_request(user=newcomer, organisation=organisation)
    services.membership_decide(actor=focal_point, membership=membership, approve=False)
    again = services.membership_request(user=newcomer, organisation=organisation, message="Second try")
    assert (again.pk, again.status, again.message) == (membership.pk, Membership.Status.PENDING, "Second try")


def test_it_asks_for_a_confirmed_address_before_an_organisation(db):
    user = UserFactory(verified_email=False)
    with pytest.raises(PermissionDenied):
        services.organisation_create(user=user, name="X", category=category("civil-society"), country=country("KEN"))
    assert not Organisation.objects.filter(name="X").exists()


def test_it_rejects_an_organisation_form_with_bad_values(client, focal_point):
    client.force_login(focal_point)
    response = client.post(
        reverse("accounts:organisation_create"),
        {"name": "", "category": "999", "country": "not-a-country", "website": "not a url", "ecosoc_status": "x"},
    )
    assert response.status_code == HTTPStatus.OK
    assert Organisation.objects.count() == 1
    assert response.content.decode().count('class="errorlist') >= 4


def test_it_counts_only_intergovernmental_organisations_as_international(focal_point):
    with pytest.raises(ValidationError, match="Only intergovernmental"):
        services.organisation_create(
            user=focal_point,
            name="Startup",
            category=category("private-sector"),
            country=country("CHE"),
            is_international=True,
        )
    igo = services.organisation_create(
        user=focal_point,
        name="IGO",
        category=category("intergovernmental"),
        country=country("CHE"),
        is_international=True,
    )
    assert igo.development_status == "international"
    seat_counted = services.organisation_create(
        user=focal_point, name="Regional body", category=category("intergovernmental"), country=country("ETH")
    )
    assert seat_counted.development_status == "developing"


def test_it_verifies_one_government_per_member_state(client, moderator):
    first = OrganisationFactory(
        name="Permanent Mission of Chile", category=category("government"), country=country("CHL")
    )
    second = OrganisationFactory(
        name="Ministry of Science of Chile", category=category("government"), country=country("CHL")
    )
    services.organisation_verify(moderator=moderator, organisation=first)
    with pytest.raises(ValidationError, match="Chile is already represented"):
        services.organisation_verify(moderator=moderator, organisation=second)
    second.refresh_from_db()
    assert second.status == Organisation.Status.PENDING

    # The same through the admin: a clear message, and nothing changes in the batch.
    third = OrganisationFactory(name="Peru Mission", category=category("government"), country=country("PER"))
    client.force_login(moderator)
    response = client.post(
        reverse("admin:accounts_organisation_changelist"),
        {"action": "verify", "_selected_action": [third.pk, second.pk], "apply": "1", "note": ""},
        follow=True,
    )
    assert "Nothing was changed" in response.content.decode()
    third.refresh_from_db()
    assert third.status == Organisation.Status.PENDING


def test_it_lets_a_second_government_in_once_the_first_loses_verification(moderator):
    first = OrganisationFactory(category=category("government"), country=country("CHL"))
    second = OrganisationFactory(category=category("government"), country=country("CHL"))
    services.organisation_verify(moderator=moderator, organisation=first)
    services.organisation_refuse(moderator=moderator, organisation=first, note="Replaced by the Mission.")
    services.organisation_verify(moderator=moderator, organisation=second)
    assert Organisation.objects.verified().filter(country__iso3="CHL").get() == second


def test_it_requires_a_reason_to_refuse(moderator, pending_organisation):
    with pytest.raises(ValidationError, match="Give the reason"):
        services.organisation_refuse(moderator=moderator, organisation=pending_organisation, note="  ")
    pending_organisation.refresh_from_db()
    assert pending_organisation.status == Organisation.Status.PENDING


def test_it_lets_only_moderators_verify(pending_organisation, focal_point, chair):
    for user in (focal_point, chair):
        with pytest.raises(PermissionDenied):
            services.organisation_verify(moderator=user, organisation=pending_organisation)
    pending_organisation.refresh_from_db()
    assert pending_organisation.status == Organisation.Status.PENDING


def test_it_points_to_joining_when_an_organisation_is_already_registered(client, organisation, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("accounts:organisation_create"),
        {
            "name": "sahel digital rights network",
            "category": category("civil-society").pk,
            "country": country("SEN").pk,
            "ecosoc_status": "none",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "is already registered on Concord: ask to join it" in response.content.decode()
    assert Organisation.objects.filter(name__iexact="sahel digital rights network").count() == 1


def test_it_locks_who_a_verified_organisation_is_in_the_admin(client, moderator, organisation):
    services.organisation_verify(moderator=moderator, organisation=organisation)
    client.force_login(moderator)
    url = reverse("admin:accounts_organisation_change", args=[organisation.pk])
    response = client.post(
        url,
        {
            "name": organisation.name,
            "category": category("government").pk,
            "country": country("FRA").pk,
            "ecosoc_status": "none",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == HTTPStatus.FOUND  # saved, without the locked fields
    organisation.refresh_from_db()
    assert (organisation.category.slug, organisation.country.iso3) == ("civil-society", "SEN")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (bash .ci/run uses it)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_verifies_one_of_two_governments_verified_at_the_same_moment():
    moderators = [UserFactory(is_staff=True) for _ in range(2)]
    for user in moderators:
        user.groups.add(Group.objects.get(name=roles.MODERATOR))
    first, second = (OrganisationFactory(category=category("government"), country=country("URY")) for _ in range(2))
    barrier, outcomes = threading.Barrier(2), []

    def verify(moderator, organisation):
        barrier.wait()
        try:
            services.organisation_verify(moderator=moderator, organisation=organisation)
            outcomes.append("verified")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=verify, args=pair) for pair in zip(moderators, (first, second), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "verified"]
    assert Organisation.objects.verified().filter(country__iso3="URY").count() == 1
