"""Whatever is posted to any form of the site (text, lists, files), by anyone who may open it: never a server
error, and a form that refuses what it was sent (it answers with the page again, or an error) has changed nothing.

The forms are not listed here: they are found on every page of the site (tests/security/test_permission_matrix.py
opens each one) that the person can open, with the names of their fields, so a new form is explored as soon as a
page shows it. The Django admin's own forms are left to Django.
"""

from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.consultations.conftest import docx_bytes, pdf_bytes
from tests.reliability.test_stakeholder_forms import EXPLORE as STAKEHOLDER_FORMS
from tests.security import test_permission_matrix as matrix
from tests.security.test_permission_matrix import OK, cases, expected_for, url_for

# The matrix's fixtures: the cast and what they act on, and the media folder they use.
world, media_root, _media = matrix.world, matrix.media_root, matrix._media

pytestmark = pytest.mark.django_db

EXPLORE = settings(STAKEHOLDER_FORMS, max_examples=120)  # the same, over more forms
# Forms whose purpose is to end the visit: sending them anything signs the person out, as it should.
LEAVING = {"/accounts/logout/"}
# What a refused form may still write: the session (messages, the staff activity clock), sign-in events.
NOT_THE_DATA = {"django_session", "accounts_loginevent"}

value = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=200),
    st.sampled_from(["", "0", "1", "-1", "99999999999999999999", "on", "true", "2013-02-28", "1' OR '1'='1"]),
    st.sampled_from(["{{ 7|add:7 }}", "{% debug %}", "../../etc/passwd", "<script>alert(1)</script>", "a@b.c"]),
)

# A file as a browser sends it: any name, any bytes, or a document of a kind the site takes.
upload = st.tuples(
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00/"), min_size=1, max_size=20),
    st.one_of(
        st.binary(max_size=400),
        st.sampled_from([pdf_bytes(), docx_bytes(), b"organisation,category\nA,b\n", b"\xef\xbb\xbfname\n"]),
    ),
).map(lambda file: SimpleUploadedFile(file[0], file[1]))


class Forms(HTMLParser):
    """The POST forms of a page: {action: {field names}}; file fields' names are also in `files`."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url, self.found, self.current, self.files = page_url, {}, None, set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            self.current = self.found.setdefault(action, set())
        elif tag in ("input", "select", "textarea", "button") and self.current is not None and attrs.get("name"):
            self.current.add(attrs["name"])
            if attrs.get("type") == "file":
                self.files.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def forms_for(client, world, role):
    """Every POST form on the pages `role` can open, outside the admin: {action: sorted field names}, and the
    names of the file fields."""
    found, files = {}, set()
    for case, name, arguments, overrides in cases():
        if name.startswith("admin:") or expected_for(case)[role] != OK:
            continue
        url = url_for(name, arguments, overrides, world)
        response = client.get(url)
        if response.streaming or not response["Content-Type"].startswith("text/html"):
            continue
        parser = Forms(url)
        parser.feed(response.content.decode())
        files |= parser.files
        for action, fields in parser.found.items():
            if urlsplit(action).path not in LEAVING and not urlsplit(action).path.startswith("/admin/"):
                found.setdefault(action, set()).update(fields - {"csrfmiddlewaretoken"})
    return {action: sorted(fields) for action, fields in found.items()}, files


def data_state():
    """Every row of the site's own tables, as they are now."""
    state = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if model._meta.app_label in ("accounts", "consultations", "reports", "outbox", "auth", "mfa", "account") and (
            table not in NOT_THE_DATA
        ):
            state[table] = list(model.objects.order_by("pk").values_list())
    return state


@pytest.mark.parametrize("role", ["focal_point", "moderator", "chair", "superuser"])
def test_no_form_answers_a_server_error_or_half_a_change(client, world, role, settings):
    # The limits on posting would answer most of these posts with 429 (tests/security/test_rate_limits.py).
    settings.FORM_POSTS_PER_MINUTE_PER_USER = settings.FORM_POSTS_PER_MINUTE_PER_ADDRESS = 0
    settings.ACCOUNT_RATE_LIMITS = False
    client.raise_request_exception = False
    client.force_login(world.cast[role])
    forms, file_fields = forms_for(client, world, role)
    assert len(forms) >= {"focal_point": 5, "moderator": 10, "chair": 5, "superuser": 10}[role], sorted(forms)

    @EXPLORE
    @given(data=st.data())
    def post_anything(data):
        action = data.draw(st.sampled_from(sorted(forms)), label="form")
        fields = forms[action]
        any_value = st.one_of(value, st.lists(value, max_size=3))
        optional = {name: (st.one_of(any_value, upload) if name in file_fields else any_value) for name in fields}
        values = data.draw(st.fixed_dictionaries({}, optional=optional), label="fields")
        before = data_state()
        response = client.post(action, values)
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (action, values, response.status_code)
        if response.status_code != HTTPStatus.FOUND:  # refused or shown again: nothing may have changed
            assert data_state() == before, (action, values, response.status_code)

    post_anything()
