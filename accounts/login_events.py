"""The sign-in log: sign-ins, sign-outs, failed attempts, wrong two-factor codes and refused attempts.

Each event is one append-only LoginEvent row with the client's address (as ClientAddressMiddleware resolved it)
and browser. Django, allauth and the posting limits report the events; the receivers below only write them down.
"""

import ipaddress

from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse

from accounts.models import LoginEvent

# One "refused" event per address and minute: a flood of refused attempts must not flood the log as well.
REFUSED_EVENT_EVERY_SECONDS = 60
SIGN_IN_URL_NAMES = ("account_login", "mfa_authenticate", "account_reauthenticate", "mfa_reauthenticate")


def _address(request):
    value = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def login_event_record(*, request, kind, user=None, email=""):
    """Write one event; the address and browser come from the request (none for a sign-in made in code)."""
    meta = request.META if request is not None else {}
    if user is not None and not email:
        email = user.email
    return LoginEvent.objects.create(
        kind=kind,
        user=user,
        email=email[: LoginEvent._meta.get_field("email").max_length],
        address=_address(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[: LoginEvent.USER_AGENT_LENGTH],
    )


def _email_given(request):
    """The address typed on the sign-in form, if the request body can be read at all and it is text.

    A post refused by the posting limits has not been checked for NUL yet (web.security.BadBytesMiddleware)."""
    try:
        given = request.POST.get("login", "").strip()
    except (SuspiciousOperation, MultiPartParserError, UnreadablePostError):
        return ""
    return "" if "\x00" in given else given


def record_refused_attempt(request):
    """A sign-in attempt refused by a rate limit: logged once a minute per address, with the e-mail address tried."""
    if cache.add(f"concord:login-events:refused:{_address(request)}", 1, timeout=REFUSED_EVENT_EVERY_SECONDS):
        login_event_record(request=request, kind=LoginEvent.Kind.RATE_LIMITED, email=_email_given(request))


# --- Receivers, connected in AccountsConfig.ready() -----------------------------------------------------------


def signed_in(sender, request, user, **kwargs):
    login_event_record(request=request, kind=LoginEvent.Kind.SIGNED_IN, user=user)


def signed_out(sender, request, user, **kwargs):
    if user is None:  # signing out without being signed in
        return
    idle = getattr(request, "signed_out_for_inactivity", False)
    kind = LoginEvent.Kind.IDLE_SIGNED_OUT if idle else LoginEvent.Kind.SIGNED_OUT
    login_event_record(request=request, kind=kind, user=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    email = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    login_event_record(request=request, kind=LoginEvent.Kind.FAILED, email=str(email))


def second_factor_failed(sender, request, user, **kwargs):
    login_event_record(request=request, kind=LoginEvent.Kind.MFA_FAILED, user=user)


def request_refused(sender, request, **kwargs):
    """A request refused with 429 (web.security's posting limits, or allauth's): logged when it was a sign-in."""
    if request.path_info in {reverse(name) for name in SIGN_IN_URL_NAMES}:
        record_refused_attempt(request)
