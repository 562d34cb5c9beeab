"""seed_demo prints the address the site is served at: `make run PORT=8101` sets SITE_URL to it."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_prints_the_address_of_the_site(settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()
    assert "sign in at http://127.0.0.1:8101/accounts/login/" in printed
    assert "The demo consultation: http://127.0.0.1:8101/consultations/wgec-2013/" in printed
    assert "The demo working group (console): http://127.0.0.1:8101/moderation/working-groups/wgec/" in printed
    assert ":8000" not in printed
