"""The organisation directory: a signed-in person finds their own organisation by a few letters of its name, and
nothing more; it never lists organisations by category or country, which would narrow down anonymous respondents."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, category, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def sahel(organisation):
    organisation.acronym = "SDRN"
    organisation.save()
    return organisation


def directory(client, query=None, **extra):
    response = client.get(reverse("accounts:organisation_join"), {} if query is None else {"q": query, **extra})
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def listed(page):
    """The organisations a page offers to join."""
    return re.findall(r"<td[^>]*><bdi>(.*?)</bdi>", page)


def test_it_lists_no_organisation_before_a_search(client, sahel, outsider):
    client.force_login(outsider)
    page = directory(client)
    assert listed(page) == [] and "Sahel Digital Rights Network" not in page
    assert "Register an organisation" in page  # whoever finds nothing can still register theirs


def test_it_asks_for_more_letters_than_two(client, sahel, outsider):
    client.force_login(outsider)
    page = directory(client, "Sa")
    assert "Too short: type at least 3 letters of its name, or its acronym." in page
    assert listed(page) == [] and "Sahel Digital Rights Network" not in page


def test_it_shows_a_handful_of_many_matches_and_asks_for_more_of_the_name(
    client, outsider, django_assert_max_num_queries
):
    for n in range(30):
        OrganisationFactory(name=f"Network {n:02d}", country=country("BRA"))
    client.force_login(outsider)
    # session, user, the first matches (with their countries joined)
    with django_assert_max_num_queries(3):
        page = directory(client, "network")
    assert listed(page) == [f"Network {n:02d}" for n in range(10)]
    assert "More organisations match: type more of the name to find yours." in page
    assert listed(directory(client, "network", page="2")) == listed(page)  # no paging through the rest
    assert listed(directory(client, "network 29")) == ["Network 29"]


def test_it_finds_an_organisation_by_name_or_acronym(client, sahel, outsider):
    client.force_login(outsider)
    for query in ("sahel", "digital  rights", "SDRN", "sdr"):
        assert listed(directory(client, query)) == ["Sahel Digital Rights Network (SDRN)"], query
    assert listed(directory(client, "drn")) == []  # an acronym matches whole or from its start
    assert listed(directory(client, "Senegal")) == []  # not by country: that would list a country's organisations


def test_it_shows_neither_category_nor_country_unless_two_share_a_name(client, sahel, outsider):
    client.force_login(outsider)
    page = directory(client, "sahel")
    assert "Civil society" not in page and "Senegal" not in page

    OrganisationFactory(
        name="Sahel Digital Rights Network", category=category("academic-community"), country=country("MLI")
    )
    page = directory(client, "sahel")
    assert len(listed(page)) == 2 and "Senegal" in page and "Mali" in page  # which one is hers
    assert "Civil society" not in page and "Academic community" not in page


def test_it_lets_an_outsider_ask_to_join_the_organisation_she_found(client, sahel, focal_point, outsider):
    client.force_login(outsider)
    page = directory(client, "sahel")
    assert f'action="{reverse("accounts:membership_request", args=[sahel.pk])}"' in page
    response = client.post(
        reverse("accounts:membership_request", args=[sahel.pk]), {"message": "I run our policy team."}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Membership.objects.get(user=outsider, organisation=sahel).status == Membership.Status.PENDING
    assert listed(directory(client, "sahel")) == []  # asked already


def test_it_finds_again_an_organisation_that_once_refused_her(client, sahel, focal_point, outsider):
    MembershipFactory(user=outsider, organisation=sahel, status=Membership.Status.REFUSED)
    client.force_login(outsider)
    assert listed(directory(client, "sahel")) == ["Sahel Digital Rights Network (SDRN)"]  # she may ask again
