"""The home page leads to the consultations open now, and to those whose inputs are published."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation

pytestmark = pytest.mark.django_db


def make(slug, status, opens_in_days, closes_in_days, **fields):
    now = timezone.now()
    return Consultation.objects.create(
        title=f"Consultation {slug}",
        slug=slug,
        reference=slug.upper(),
        summary="A summary.",
        consent_clause="How inputs are published.",
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
        status=status,
        **fields,
    )


@pytest.fixture
def others(consultation):
    """Beside the open one: a published one, one closed, a draft, and one open later or earlier than now."""
    return {
        "published": make("wgec-2012", Consultation.Status.PUBLISHED, -400, -300),
        "closed": make("wgec-2014", Consultation.Status.CLOSED, -30, -1),
        "draft": make("wgec-2015", Consultation.Status.DRAFT, -5, 5),
        "later": make("wgec-2016", Consultation.Status.OPEN, 5, 20),
        "over": make("wgec-2011", Consultation.Status.OPEN, -20, -1),
    }


def section(page, heading_id):
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_it_lists_the_consultations_open_now_and_those_published(client, consultation, others):
    page = client.get(reverse("home")).content.decode()

    open_now = section(page, "open-consultations")
    assert f'href="{consultation.get_absolute_url()}"' in open_now
    assert "Questionnaire on enhanced cooperation" in open_now
    assert f'<time datetime="{timezone.localtime(consultation.closes_at).isoformat()}"' in open_now
    published = section(page, "published-consultations")
    assert f'href="{others["published"].get_absolute_url()}"' in published
    for hidden in ("closed", "draft", "later", "over"):
        assert others[hidden].slug not in page
    # Above the explanation of how to take part.
    assert page.index('id="open-consultations"') < page.index("How to take part")


def test_it_gives_each_title_in_the_reader_s_language(client, consultation):
    consultation.translations = {"fr": {"title": "Questionnaire sur la coopération renforcée"}}
    consultation.save()

    page = client.get(reverse("home"), {"lang": "fr"}).content.decode()

    assert "Questionnaire sur la coopération renforcée" in section(page, "open-consultations")


def test_it_says_when_no_consultation_is_open(client, db):
    make("wgec-2012", Consultation.Status.PUBLISHED, -400, -300)

    page = client.get(reverse("home")).content.decode()

    assert "No consultation is open now." in section(page, "open-consultations")


def test_it_reads_the_consultations_in_one_query(
    client, focal_point, consultation, others, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(focal_point)
    client.get(reverse("home"))  # the session's first reads are not the page's
    # The session (read from the cache instead with a shared CACHE_URL), its user, the user's memberships, the
    # consultations.
    with django_assert_max_num_queries(4):
        client.get(reverse("home"))
    client.logout()
    with django_assert_num_queries(1):  # the consultations
        client.get(reverse("home"))
