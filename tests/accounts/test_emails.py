"""E-mails are plain text: names arrive as they were typed, never escaped for HTML ("Sahel &amp; Co&#x27;s")."""

import pytest

from accounts import notifications, services
from accounts.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, category, country

pytestmark = pytest.mark.django_db

NAME = 'Sahel & Co\'s "Net" <Rights>'
PERSON = "Zoë O'Brien & Sons"


@pytest.fixture
def sahel(db):
    organisation = OrganisationFactory(name=NAME, category=category("civil-society"), country=country("SEN"))
    MembershipFactory(organisation=organisation, role=Membership.Role.FOCAL_POINT, user__full_name=PERSON)
    return organisation


def test_it_writes_the_organisation_name_verbatim_in_the_verification_email(
    sahel, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_verify(moderator=moderator, organisation=sahel, note='Checked: "Net" & <Rights>.')
    [mail] = mailoutbox
    assert mail.subject == f"[Concord] {NAME} is verified"
    assert f"Dear {PERSON}," in mail.body
    assert f"The secretariat has verified {NAME}." in mail.body
    assert 'Checked: "Net" & <Rights>.' in mail.body
    assert "&amp;" not in mail.body and "&#x27;" not in mail.body and "&lt;" not in mail.body
    assert mail.alternatives == []  # plain text only: there is no HTML part to escape


def test_it_writes_names_verbatim_in_a_request_to_join(sahel, mailoutbox, django_capture_on_commit_callbacks):
    applicant = UserFactory(full_name="Eve <eve> O'Hara & Co")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_request(user=applicant, organisation=sahel, message="We're \"Net\" & <Rights>'s partners.")
    [mail] = mailoutbox
    assert mail.subject == f"[Concord] Eve <eve> O'Hara & Co asks to join {NAME}"
    assert f"Eve <eve> O'Hara & Co ({applicant.email}) asks to join {NAME} on Concord." in mail.body
    assert "We're \"Net\" & <Rights>'s partners." in mail.body


def test_it_keeps_a_subject_on_one_line_whatever_a_name_from_before_holds(
    mailoutbox, django_capture_on_commit_callbacks
):
    # Written before names were checked (accounts/validators.py), and kept as it was.
    legacy = Organisation.objects.create(
        name="Eve\r\nBcc: everyone@example.org", category=category("civil-society"), country=country("SEN")
    )
    member = MembershipFactory(organisation=legacy, role=Membership.Role.FOCAL_POINT)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.membership_decided(member)
    [mail] = mailoutbox
    assert mail.subject == "[Concord] You are now a member of Eve Bcc: everyone@example.org"
    assert mail.bcc == []
