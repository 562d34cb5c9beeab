"""What every request passes through: the client's real address, the content policy, bytes that are not text,
posting limits. (What is about accounts, idle staff sessions, is in accounts/middleware.py.)

The middleware here runs on every page; the rules are small pure functions beside it so a test can call them.
"""

import functools
import ipaddress
from http import HTTPStatus
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIRequest
from django.http import UnreadablePostError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from web.signals import request_refused

# Every script and style comes from the site's own static files: nothing inline, nothing from elsewhere.
# img-src allows data: for the QR code of the two-factor set-up page, drawn as an inline SVG image.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WINDOW_SECONDS = 60
IPV6_PREFIX = 64  # one household or server is given a /64: count it as one address, as allauth's limits do


# --- The client's address -------------------------------------------------------------------------------------


@functools.cache
def trusted_networks(entries):
    """TRUSTED_PROXIES as networks; a wrong entry stops the start-up with a clear error."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an IP address or network")
    return tuple(networks)


def _ip(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(peer, forwarded_for, networks):
    """The address of whoever sent the request: walking X-Forwarded-For from the right, the first hop that is not
    one of our proxies. Hops further left were written by the client and prove nothing."""
    address = peer
    hops = forwarded_for.split(",") if forwarded_for else []
    while hops:
        current = _ip(address)
        if current is None or not any(current in network for network in networks):
            break
        hop = _ip(hops.pop())
        if hop is None:  # a proxy of ours wrote something that is not an address: keep the last one vouched for
            break
        address = str(hop)
    return address


class ClientAddressMiddleware:
    """Sets REMOTE_ADDR to the client's address when the request came through a trusted proxy (nginx).

    Everything downstream reads REMOTE_ADDR: allauth's rate limits, the posting limits, the sign-in log.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        trusted_networks(tuple(settings.TRUSTED_PROXIES))

    def __call__(self, request):
        networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
        if networks:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""), networks
            )
        return self.get_response(request)


# --- Content security policy ----------------------------------------------------------------------------------


class ContentSecurityPolicyMiddleware:
    """Every response forbids inline scripts and styles, foreign sources and framing.

    In development only, Django's own error pages (which need inline styles and scripts) are left without it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not (settings.DEBUG and response.status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.INTERNAL_SERVER_ERROR)):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


# --- Bytes that are not text ---------------------------------------------------------------------------------

FORM_URLENCODED = "application/x-www-form-urlencoded"


def is_readable(raw: bytes, encoding: str = "utf-8") -> bool:
    """Whether `raw`, percent-decoded, is text a database can hold: valid in its encoding (no lone surrogate, no
    broken sequence) and without NUL, which PostgreSQL refuses in any query."""
    try:
        return "\x00" not in unquote_to_bytes(raw).decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False


def _query_bytes(request) -> bytes:
    """The query string as it was sent: WSGI hands its bytes over as latin-1 text, ASGI as UTF-8 text."""
    query = request.META.get("QUERY_STRING", "")
    if isinstance(request, WSGIRequest):
        return query.encode("latin-1", errors="replace")
    return query.encode("utf-8", errors="surrogatepass")


def _address_is_readable(request) -> bool:
    # Django hands the path over decoded, with any byte that is not UTF-8 percent-encoded again: decoding it once
    # more finds those, and the NUL.
    return is_readable(request.path.encode("utf-8", errors="surrogatepass")) and is_readable(_query_bytes(request))


def _form_is_readable(request) -> bool:
    """No NUL in a posted form's field names and values, nor in its files' names; a URL-encoded body is also text.

    The form is parsed as Django's CSRF check parses it: a file upload is streamed to its handlers, never read
    whole, and Django's limits on the size and number of fields apply (past them, Django answers 400 itself).
    """
    try:
        fields, files = request.POST, request.FILES
    except UnreadablePostError:  # the client went away in the middle of the body
        return False
    texts = [*fields, *(value for _name, values in fields.lists() for value in values)]
    texts += [*files, *(upload.name or "" for _name, uploads in files.lists() for upload in uploads)]
    if any("\x00" in text for text in texts):
        return False
    if request.content_type == FORM_URLENCODED:  # Django decoded it replacing what is not text: the bytes tell
        return is_readable(request.body, request.encoding or settings.DEFAULT_CHARSET)
    return True


def bad_request(request, message):
    """The 400 page, with what was wrong."""
    return render(request, "400.html", {"message": message}, status=HTTPStatus.BAD_REQUEST)


def not_text(request):
    return bad_request(
        request,
        gettext(
            "The address or the form held characters that are not text (such as a NUL byte). "
            "Nothing was saved: go back, check what you entered and try again."
        ),
    )


class BadBytesMiddleware:
    """Refuses with 400 a request whose address, query string or form holds a NUL or bytes that are not text
    (half of a surrogate pair, a broken UTF-8 sequence), before anything reads them: PostgreSQL would answer any
    query carrying a NUL with an error. An uploaded file's content is not looked at: any bytes may be in a file.

    The address is checked first of all; the form just before the views and the CSRF check read it, once the
    posting limits have counted the post, so that a post over them is refused without its files being parsed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request) if _address_is_readable(request) else not_text(request)

    def process_view(self, request, view, args, kwargs):
        return None if _form_is_readable(request) else not_text(request)


# --- Posting limits -------------------------------------------------------------------------------------------


def address_key(address):
    """The address posts are counted under: IPv6 addresses by their /64 network."""
    ip = _ip(address or "")
    if ip is None:
        return address or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def _count(key):
    """One more post under key in the current window; the new total."""
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between the two calls
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        return 1


def posts_over_limit(request, now):
    """Count this post for its user and its address; True when either has gone past its allowance this minute.

    A limit of 0 counts nothing.
    """
    window = int(now // WINDOW_SECONDS)
    counts = []
    if settings.FORM_POSTS_PER_MINUTE_PER_ADDRESS > 0:
        key = f"concord:posts:address:{address_key(request.META.get('REMOTE_ADDR'))}:{window}"
        counts.append((key, settings.FORM_POSTS_PER_MINUTE_PER_ADDRESS))
    if settings.FORM_POSTS_PER_MINUTE_PER_USER > 0 and request.user.is_authenticated:
        counts.append((f"concord:posts:user:{request.user.pk}:{window}", settings.FORM_POSTS_PER_MINUTE_PER_USER))
    over = [_count(key) > limit for key, limit in counts]  # every count goes up, even when the first is over
    return any(over)


def too_many_requests(request, retry_after):
    """The 429 page: what happened, that nothing was saved, and when to try again."""
    response = render(request, "429.html", {"retry_after": retry_after}, status=HTTPStatus.TOO_MANY_REQUESTS)
    response["Retry-After"] = str(retry_after)
    return response


class FormPostRateLimitMiddleware:
    """Refuses, before any view runs, the posts of a user or an address beyond their allowance for the minute.

    allauth's own limits on sign-up, sign-in and password reset still apply on top. Every request refused, by these
    limits or by allauth's, is told with `request_refused` (accounts writes the refused sign-ins in its log).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in CHANGING_METHODS:
            now = timezone.now().timestamp()
            if posts_over_limit(request, now):
                response = too_many_requests(request, WINDOW_SECONDS - int(now % WINDOW_SECONDS))
                request_refused.send(sender=self.__class__, request=request)
                return response
        response = self.get_response(request)
        if response.status_code == HTTPStatus.TOO_MANY_REQUESTS:  # allauth's limits, all counted by the minute
            response.headers.setdefault("Retry-After", str(WINDOW_SECONDS))
            request_refused.send(sender=self.__class__, request=request)
        return response
