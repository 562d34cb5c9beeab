"""A receipt is proof: every time it shows says the zone it is in, truly, on the page, in the e-mail and in the PDF.

Read by focal points in Cairo, Shanghai and Lima, for an input sent at a known moment: each "date, time zone" the
reader sees must name that moment (or the deadline), and no time may stand without its zone."""

import io
import re
from datetime import UTC, datetime, timedelta, timezone
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone as django_timezone
from django.utils import translation
from pypdf import PdfReader

from accounts.models import Membership
from consultations import services
from consultations.models import Consultation, LateGrant
from reports.compilation import jobs
from tests.factories import InputFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 12, 6, 0, 58, 7, tzinfo=UTC)
DEADLINE = datetime(2027, 1, 6, 0, 0, tzinfo=UTC)
ZONES = ["Africa/Cairo", "Asia/Shanghai", "America/Lima"]
ANSWERS = {1: "Our view of enhanced cooperation.", 2: "Each stakeholder in its role."}

# "6 December 2026, 02:58 UTC+02:00", "5 December 2026, 19:58:07 UTC-05:00", or in Geneva: "…, 01:58 in Geneva
# (UTC+01:00)": a date, a time, then (a few words on) the zone it is in.
CLAIM = re.compile(
    r"(?P<day>\d{1,2} [A-Z][a-z]+ \d{4}), (?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
    r"(?P<words>[^\d]{0,20}?)(?P<zone>UTC(?P<offset>[+-]\d{2}:\d{2})?)"
)
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}|\b(?:a\.m\.|p\.m\.|midnight|noon)\b")


def claims(text: str) -> list[datetime]:
    """The moments a text names, each read with the zone it says, after checking every time of day has one."""
    text = " ".join(re.sub(r"https?://\S+", " ", text).split())  # a port is no time of day
    found = list(CLAIM.finditer(text))
    stated = {match.start("time") for match in found} | {match.start("offset") + 1 for match in found}
    bare = [m.group() for m in TIME_OF_DAY.finditer(text) if m.start() not in stated]
    assert not bare, f"times without their zone: {bare} in {text!r}"
    moments = []
    for match in found:
        offset = match["offset"] or "+00:00"
        hours, minutes = int(offset[1:3]), int(offset[4:])
        sign = -1 if offset[0] == "-" else 1
        zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
        shape = "%d %B %Y %H:%M:%S" if match["time"].count(":") == 2 else "%d %B %Y %H:%M"
        moments.append(datetime.strptime(f"{match['day']} {match['time']}", shape).replace(tzinfo=zone))
    return moments


def assert_true_to(text: str, *moments: datetime, expected: int) -> None:
    said = claims(text)
    assert len(said) >= expected, f"{said} in {text!r}"
    for moment in said:  # to the minute, or to the second when the seconds are shown
        assert any(moment == m or moment == m.replace(second=0) for m in moments), f"{moment} in {text!r}"


@pytest.fixture
def readers(verified):
    """Three focal points of the organisation, reading English, in Cairo, Shanghai and Lima."""
    users = []
    for zone in ZONES:
        user = UserFactory(email=f"{zone.split('/')[1].lower()}@example.org", time_zone=zone, preferred_language="en")
        MembershipFactory(user=user, organisation=verified, role=Membership.Role.FOCAL_POINT)
        users.append(user)
    return users


@pytest.fixture
def sent(consultation, verified, readers, mailoutbox, django_capture_on_commit_callbacks):
    """The input, sent at SENT by the reader in Cairo, before a deadline of DEADLINE."""
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=DEADLINE, opens_at=SENT - timedelta(days=30))
    consultation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        submission = InputFactory(
            consultation=consultation, organisation=verified, answers=ANSWERS, user=readers[0], now=SENT
        )
    assert submission.current_version.submitted_at == SENT
    return submission


def receipt_text(page: str) -> str:
    article = page[page.index('<article class="receipt') : page.index("</article>")]
    return unescape(re.sub(r"<[^>]+>", " ", article))


@pytest.mark.parametrize("zone", ZONES)
def test_it_shows_on_the_receipt_page_each_time_in_the_zone_it_names(client, sent, readers, zone):
    reader = next(user for user in readers if user.time_zone == zone)
    client.force_login(reader)
    page = client.get(reverse("consultations:submission_receipt", args=[sent.consultation.slug, sent.organisation_id]))
    text = receipt_text(page.content.decode())
    assert_true_to(text, SENT, expected=2)  # in the reader's zone (and Geneva's), and in UTC to the second
    assert "6 December 2026, 00:58:07 UTC" in text


@pytest.mark.parametrize("zone", ZONES)
def test_it_writes_in_the_receipt_email_each_time_in_the_zone_it_names(sent, readers, mailoutbox, zone):
    reader = next(user for user in readers if user.time_zone == zone)
    (mail,) = [m for m in mailoutbox if m.to == [reader.email]]
    assert_true_to(mail.body, SENT, DEADLINE, expected=2)  # when it was received, and until when it may change
    assert re.search(r"6 January 2027, 00:00 UTC|\d January 2027, \d\d:\d\d UTC[+-]", mail.body)


@pytest.mark.parametrize("zone", ZONES)
def test_it_prints_in_the_inputs_own_pdf_each_time_in_the_zone_it_names(sent, readers, settings, tmp_path, zone):
    settings.MEDIA_ROOT = tmp_path / "media"
    reader = next(user for user in readers if user.time_zone == zone)
    with translation.override(reader.preferred_language), django_timezone.override(reader.time_zone):
        path = jobs.single_input_pdf(sent, edition="complete", cache_dir=tmp_path / f"cache-{zone.split('/')[1]}")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert_true_to(text, SENT, expected=1)


def test_it_says_in_the_readers_language_and_zone_when_the_deadline_passed(consultation, verified, readers):
    Consultation.objects.filter(pk=consultation.pk).update(closes_at=DEADLINE, opens_at=SENT - timedelta(days=30))
    sender = readers[2]  # in Lima
    submission = InputFactory(
        consultation=consultation, organisation=verified, answers=ANSWERS, user=sender, draft=True
    )
    late = DEADLINE + timedelta(minutes=5)
    with translation.override("en"), django_timezone.override(sender.time_zone), pytest.raises(ValidationError) as no:
        services.submission_submit(user=sender, submission=submission, declaration=True, now=late)
    (message,) = no.value.messages
    assert "5 January 2027, 19:00 UTC-05:00" in message and "5 January 2027, 19:05 UTC-05:00" in message
    assert_true_to(message, DEADLINE, late, expected=2)
    with translation.override("fr"), django_timezone.override("UTC"), pytest.raises(ValidationError) as no:
        services.submission_submit(user=sender, submission=submission, declaration=True, now=late)
    assert "6 janvier 2027, 00:00 UTC" in no.value.messages[0]


def test_it_names_a_late_grant_by_its_time_in_utc(sent, moderator):
    cairo = datetime(2027, 1, 10, 14, 0, tzinfo=ZoneInfo("Africa/Cairo"))  # as a form in Cairo time gives it
    grant = LateGrant(submission=sent, granted_by=moderator, until=cairo, reason="A national holiday.")
    with translation.override("en"):
        assert str(grant).endswith("late until 10 January 2027, 12:00 UTC")
