"""Whatever is posted to any form of the site (text, lists, files), by anyone who may open it: never a server
error, and a form that refuses what it was sent (it answers with the page again, or an error) has changed nothing.
The text includes what no form should take: NUL, halves of surrogate pairs, line breaks in names, and far more
characters than any field holds; whatever is taken, no name is ever stored with a line break in it.

The forms are not listed here: they are found on every page of the site (tests/security/test_permission_matrix.py
opens each one) that the person can open, with the names of their fields, so a new form is explored as soon as a
page shows it. The Django admin's own forms are left to Django.
"""

from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import Organisation, User
from reports.models import Nomination
from tests.files import docx_bytes, pdf_bytes
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

# Names broken over lines, as a header injection or a paste from a spreadsheet cell would write them.
LINE_BREAKS = ["Eve\r\nBcc: everyone@example.org", "Amina\nDiallo", "Sahel\rNetwork", "Tab\there", "Next\x85line"]
# Text that is not text: NUL, which PostgreSQL cannot hold, and halves of surrogate pairs, which no encoding can.
NOT_TEXT = ["\x00", "Amina\x00Diallo", "\ud800", "Sahel\udfffNetwork", "\udbff\udc00"]
OVERSIZED = "word " * 60_000  # 300,000 characters: more than any answer may hold

value = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),  # any character, NUL too
    st.sampled_from(["", "0", "1", "-1", "99999999999999999999", "on", "true", "2013-02-28", "1' OR '1'='1"]),
    st.sampled_from(["{{ 7|add:7 }}", "{% debug %}", "../../etc/passwd", "<script>alert(1)</script>", "a@b.c"]),
    st.sampled_from([*LINE_BREAKS, *NOT_TEXT, OVERSIZED]),
)
# Fields that hold a person's or an organisation's name are sent line breaks more often.
NAME_FIELDS = {"full_name", "name", "acronym"}
name_value = st.one_of(st.sampled_from(LINE_BREAKS), value)

# A file as a browser sends it: any name, any bytes, or a document of a kind the site takes.
upload = st.tuples(
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=20),
    st.one_of(
        st.binary(max_size=400),
        st.sampled_from([pdf_bytes(), docx_bytes(), b"organisation,category\nA,b\n", b"\xef\xbb\xbfname\n"]),
    ),
).map(lambda file: SimpleUploadedFile(file[0], file[1]))


class Forms(HTMLParser):
    """The POST forms of a page: {action: {field names}}; file fields' names are also in `files`, and what the
    page shows in each field (its value, the option selected, the box ticked, the text) in `shown`."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url, self.found, self.current, self.files = page_url, {}, None, set()
        self.shown, self.showing, self.field = {}, {}, None  # self.field: the <select> or <textarea> being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            self.current = self.found.setdefault(action, set())
            self.showing = self.shown.setdefault(action, {})
        elif tag in ("input", "select", "textarea", "button") and self.current is not None and attrs.get("name"):
            name, kind = attrs["name"], attrs.get("type", "text")
            self.current.add(name)
            if kind == "file":
                self.files.add(name)
            elif (tag == "input" and kind not in ("checkbox", "radio", "submit")) or "checked" in attrs:
                self.showing.setdefault(name, attrs.get("value") or ("on" if "checked" in attrs else ""))
            self.field = name if tag in ("select", "textarea") else None
        elif tag == "option" and self.field is not None and ("selected" in attrs or self.field not in self.showing):
            self.showing[self.field] = attrs.get("value", "")

    def handle_data(self, data):
        if self.field is not None and self.lasttag == "textarea":
            self.showing[self.field] = self.showing.get(self.field, "") + data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        if tag in ("select", "textarea"):
            self.field = None


def forms_for(client, world, role):
    """Every POST form on the pages `role` can open, outside the admin: {action: sorted field names}, the names of
    the file fields, and what the pages show in the fields: {action: {name: value}}."""
    found, files, shown = {}, set(), {}
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
                kept = fields - {"csrfmiddlewaretoken"}
                found.setdefault(action, set()).update(kept)
                shown.setdefault(action, {}).update((k, v) for k, v in parser.shown[action].items() if k in kept)
    return {action: sorted(fields) for action, fields in found.items()}, files, shown


def has_surrogate(value):
    return isinstance(value, str) and any("\ud800" <= character <= "\udfff" for character in value)


def post(client, action, values):
    """Post as a browser would. Text with halves of surrogate pairs, which no browser can encode, goes URL-encoded
    byte for byte, as a hand-made request would send it (with the names of any files, as a form without
    enctype sends them)."""
    pairs = [(name, item) for name, sent in values.items() for item in (sent if isinstance(sent, list) else [sent])]
    if not any(has_surrogate(item) for _name, item in pairs):
        return client.post(action, values)
    body = urlencode(
        [(name, item.name if hasattr(item, "read") else item.encode("utf-8", "surrogatepass")) for name, item in pairs]
    )
    return client.post(action, body, content_type="application/x-www-form-urlencoded")


def names_with_line_breaks():
    """Every stored name of a person or an organisation that is not on one line."""
    broken = r"[\r\n]"
    return [
        *User.objects.filter(full_name__regex=broken).values_list("full_name"),
        *Organisation.objects.filter(Q(name__regex=broken) | Q(acronym__regex=broken)).values_list("name", "acronym"),
        *Nomination.objects.filter(name__regex=broken).values_list("name"),
    ]


def shown(values):
    """The posted values for a failure's message, each cut short (one of them may be 300,000 characters)."""
    return {name: repr(sent)[:200] for name, sent in values.items()}


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
    forms, file_fields, shown = forms_for(client, world, role)
    assert len(forms) >= {"focal_point": 5, "moderator": 10, "chair": 5, "superuser": 10}[role], sorted(forms)

    @EXPLORE
    @given(data=st.data())
    def post_anything(data):
        action = data.draw(st.sampled_from(sorted(forms)), label="form")
        fields = forms[action]
        any_value = st.one_of(value, st.lists(value, max_size=3))
        optional = dict.fromkeys(fields, any_value)
        optional |= {name: st.one_of(any_value, upload) for name in file_fields.intersection(fields)}
        optional |= dict.fromkeys(NAME_FIELDS.intersection(fields), name_value)
        anything = st.fixed_dictionaries({}, optional=optional)
        # Or the form as the page shows it, with one or two fields changed: a post that may well be taken, so that
        # what it writes is checked too.
        changes = st.lists(st.sampled_from(fields), min_size=1, max_size=2, unique=True).flatmap(
            lambda names: st.fixed_dictionaries({name: optional[name] for name in names})
        )
        as_shown = changes.map(lambda changed: {**shown[action], **changed})
        values = data.draw(st.one_of(anything, as_shown) if fields else anything, label="fields")
        before = data_state()
        response = post(client, action, values)
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (action, shown(values), response.status_code)
        if response.status_code != HTTPStatus.FOUND:  # refused or shown again: nothing may have changed
            assert data_state() == before, (action, shown(values), response.status_code)
        assert not names_with_line_breaks(), (action, shown(values))

    post_anything()
