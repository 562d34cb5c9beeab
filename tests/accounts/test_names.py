"""A name is one line: a line break in a person's or an organisation's name ("Eve\r\nBcc: …") is refused wherever
a name is written, with a message that says why, and nothing is saved."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.models import Organisation, User
from accounts.validators import is_one_line
from consultations.imports import InputFileError, inputs_import
from reports.models import Nomination
from reports.nominations import NominationFileError, nominations_import
from tests.accounts.test_journey import SIGNUP
from tests.factories import UserFactory, WorkingGroupFactory, category, country, give_mfa

pytestmark = pytest.mark.django_db

INJECTED = "Eve\r\nBcc: everyone@example.org"
MESSAGE = "Write the name on one line, without line breaks, tabs or other control characters."
ON_ONE_LINE = "must be on one line, without line breaks or control characters"
NOMINATIONS = "name,organisation,category,country,gender,rank,statement"


def organisation_form(**changes):
    return {
        "name": "Andes Open Data",
        "acronym": "AOD",
        "category": category("civil-society").pk,
        "country": country("PER").pk,
        "website": "",
        "description": "",
        "ecosoc_status": "none",
        **changes,
    }


@pytest.mark.parametrize(
    ("name", "one_line"),
    [
        ("Zoë O'Brien-Ndiaye", True),
        ('Sahel & Co\'s "Net" <Rights>', True),
        ("محمد\u200cرضا", True),  # a zero-width non-joiner, which Persian names need
        ("高橋 美咲", True),
        ("Eve\r\nBcc: x", False),
        ("Eve\nBcc", False),
        ("Eve\tMallory", False),
        ("Eve\x85Bcc", False),  # next line
        ("Eve\u2028Bcc", False),  # line separator
    ],
)
def test_it_tells_a_name_on_one_line(name, one_line):
    assert is_one_line(name) is one_line


def test_it_refuses_a_line_break_in_the_full_name_at_sign_up(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "full_name": INJECTED})
    assert response.status_code == HTTPStatus.OK
    assert MESSAGE in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_it_refuses_a_line_break_in_the_full_name_in_the_profile(client, focal_point):
    client.force_login(focal_point)
    data = {"full_name": INJECTED, "preferred_language": "en", "time_zone": "UTC"}
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code == HTTPStatus.OK
    assert MESSAGE in response.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.full_name == "Aïssatou Ba"


@pytest.mark.parametrize("field", ["name", "acronym"])
def test_it_refuses_a_line_break_in_an_organisation_registered(client, focal_point, field):
    client.force_login(focal_point)
    response = client.post(reverse("accounts:organisation_create"), organisation_form(**{field: INJECTED}))
    assert response.status_code == HTTPStatus.OK
    assert MESSAGE in response.content.decode()
    assert not Organisation.objects.filter(country=country("PER")).exists()


@pytest.mark.parametrize("field", ["name", "acronym"])
def test_it_refuses_a_line_break_in_an_organisation_changed_by_its_focal_point(client, focal_point, field):
    organisation = focal_point.memberships.get().organisation  # not verified yet: its name can still change
    client.force_login(focal_point)
    data = organisation_form(name=organisation.name, category=organisation.category_id, country=organisation.country_id)
    response = client.post(reverse("accounts:organisation_edit", args=[organisation.pk]), {**data, field: INJECTED})
    assert response.status_code == HTTPStatus.OK
    assert MESSAGE in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.name, organisation.acronym) == ("Sahel Digital Rights Network", "")


def test_it_refuses_a_line_break_in_an_organisation_added_in_the_admin(client):
    superuser = UserFactory(email="sam@example.org", is_staff=True, is_superuser=True)
    give_mfa(superuser)
    client.force_login(superuser)
    data = {**organisation_form(name=INJECTED), "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0}
    response = client.post(reverse("admin:accounts_organisation_add"), data)
    assert response.status_code == HTTPStatus.OK
    assert MESSAGE in response.content.decode()
    assert not Organisation.objects.filter(country=country("PER")).exists()


def test_it_refuses_a_line_break_in_a_person_nominated(client, focal_point, verified):
    group = WorkingGroupFactory(name="Working Group")
    client.force_login(focal_point)
    response = client.post(
        reverse("reports:nominate", args=[group.slug]), {"organisation": verified.pk, "name": INJECTED}
    )
    assert response.status_code == HTTPStatus.OK
    assert MESSAGE in response.content.decode()
    assert not Nomination.objects.exists()


# Sheets the secretariat imports: a cell may hold a line break (Alt+Enter in a spreadsheet, or a quoted CSV cell).


def test_it_refuses_to_create_an_organisation_whose_name_has_a_line_break_from_a_sheet_of_inputs(
    consultation, moderator
):
    sheet = (
        "organisation,category,country,language,consent,submitted_at,q1\n"
        f'"{INJECTED}",civil-society,KEN,en,public,2013-07-01T09:30:00Z,Open standards\n'
    )
    with pytest.raises(InputFileError) as refused:
        inputs_import(
            moderator=moderator,
            consultation=consultation,
            name="inputs.csv",
            data=sheet.encode(),
            create_organisations=True,
        )
    assert refused.value.problems == [f"Line 2: the organisation's name {ON_ONE_LINE}"]
    assert not Organisation.objects.filter(country=country("KEN")).exists()
    assert not consultation.submissions.exists()


@pytest.mark.parametrize("create_organisations", [True, False])
def test_it_refuses_a_nul_in_an_organisation_name_from_a_sheet_without_looking_it_up(
    consultation, moderator, create_organisations
):
    """PostgreSQL cannot hold a NUL, nor be asked about one: no organisation can have such a name."""
    sheet = (
        "organisation,category,country,language,consent,submitted_at,q1\n"
        "Sahel\x00Network,civil-society,KEN,en,public,2013-07-01T09:30:00Z,Open standards\n"
    )
    with pytest.raises(InputFileError) as refused:
        inputs_import(
            moderator=moderator,
            consultation=consultation,
            name="inputs.csv",
            data=sheet.encode(),
            create_organisations=create_organisations,
        )
    [problem] = refused.value.problems
    assert problem.startswith("Line 2: ")
    assert not consultation.submissions.exists()


@pytest.mark.parametrize(
    ("person", "organisation", "problem"),
    [
        (INJECTED, "Andes Open Data", f"the name of the person nominated {ON_ONE_LINE}"),
        ("Lucía Gómez", INJECTED, f"the organisation's name {ON_ONE_LINE}"),
    ],
)
def test_it_refuses_a_line_break_in_a_sheet_of_nominations(moderator, person, organisation, problem):
    group = WorkingGroupFactory(name="Working Group")
    sheet = f'{NOMINATIONS}\n"{person}","{organisation}",academic-community,PER,,,\n'
    with pytest.raises(NominationFileError) as refused:
        nominations_import(
            moderator=moderator, working_group=group, name="n.csv", data=sheet.encode(), create_organisations=True
        )
    assert refused.value.problems == [f"Line 2: {problem}"]
    assert not Organisation.objects.filter(country=country("PER")).exists()
    assert not Nomination.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_puts_the_names_written_before_the_rule_on_one_line_so_they_can_be_edited_again(client):
    executor = MigrationExecutor(connection)
    before = [("accounts", "0006_country_names")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    person = old.get_model("accounts", "User").objects.create(email="eve@example.org", full_name=INJECTED)
    legacy = old.get_model("accounts", "Organisation").objects.create(
        name="Sahel\r\n Digital\tRights", acronym="SDR\n", category_id=category("civil-society").pk,
        country_id=country("SEN").pk, status="verified",
    )  # fmt: skip

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert User.objects.get(pk=person.pk).full_name == "Eve Bcc: everyone@example.org"
    organisation = Organisation.objects.get(pk=legacy.pk)
    assert (organisation.name, organisation.acronym) == ("Sahel Digital Rights", "SDR")
    organisation.full_clean()  # the focal point's next edit is not refused for a name they cannot change
