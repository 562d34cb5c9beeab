"""What accounts adds to every request: the user's language and time zone, and the staff's safeguards (two-factor
authentication before the staff pages, signing out after idling). The site-wide middleware is in web/security.py."""

import zoneinfo

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from web.links import LANGUAGE_PARAMETER

LANGUAGES = {code for code, _name in settings.LANGUAGES}
STAFF_LAST_SEEN = "staff_last_seen"
STAFF_LAST_SEEN_PRECISION = 60  # seconds: the session is written at most once a minute


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def user_language_activate(request, user):
    """Speak the user's preferred language for the rest of this request (English if it is not one of ours)."""
    language = user.preferred_language
    translation.activate(language if language in LANGUAGES else settings.LANGUAGE_CODE)
    request.LANGUAGE_CODE = translation.get_language()


class UserPreferencesMiddleware:
    """Show pages in the language a link asks for (?lang=fr), else the signed-in user's, in their time zone.

    A link in a language is what a secretariat sends to French-speaking respondents: it opens the page in French
    whatever the browser says, and a visitor who is not signed in keeps French from then on (the language
    cookie). A signed-in user's own choice, in their profile, is left as it is. An unknown code is ignored.

    A message is written during an action and shown on the page after it, so an action speaks that page's
    language: a signed-in user's form is answered in their own language whatever the link said (the page after
    has no ?lang=); signing in switches to the user's language (accounts.adapter); signing out keeps, for the
    visitor, the language "You have signed out." was written in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        linked = request.GET.get(LANGUAGE_PARAMETER, "").lower()
        if signed_in:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        if linked in LANGUAGES and not (signed_in and request.method not in SAFE_METHODS):
            translation.activate(linked)
            request.LANGUAGE_CODE = linked
        elif signed_in:
            user_language_activate(request, user)
        try:
            response = self.get_response(request)
        finally:
            timezone.deactivate()
        signed_out = signed_in and not request.user.is_authenticated
        if (linked in LANGUAGES and not signed_in) or signed_out:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                translation.get_language(),
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class StaffMFARequiredMiddleware:
    """Staff pages open only once the staff member has two-factor authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith(settings.STAFF_URL_PREFIXES)
            and user.is_authenticated
            and user.is_staff
            and not is_mfa_enabled(user)
        ):
            messages.warning(request, _("Set up two-factor authentication before opening the staff pages."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)


# --- Idle staff sessions --------------------------------------------------------------------------------------


def _is_staff(user):
    return user.is_authenticated and user.is_staff


def staff_session_start(request):
    """Mark the staff session active now."""
    request.session[STAFF_LAST_SEEN] = int(timezone.now().timestamp())


def staff_signed_in(sender, request, user, **kwargs):
    """A staff session starts active at sign-in, so its first page need not write the session."""
    if user.is_staff and getattr(request, "session", None) is not None:
        staff_session_start(request)


class StaffSessionIdleMiddleware:
    """Signs a staff member out after STAFF_SESSION_IDLE_MINUTES without a request; other sessions keep Django's
    usual expiry. The last activity is kept in the session, refreshed at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        idle_seconds = settings.STAFF_SESSION_IDLE_MINUTES * 60
        if idle_seconds <= 0:
            return self.get_response(request)
        if _is_staff(request.user):
            last_seen = request.session.get(STAFF_LAST_SEEN)
            if last_seen is not None and timezone.now().timestamp() - last_seen > idle_seconds:
                return self._sign_out(request)
        response = self.get_response(request)
        if _is_staff(request.user):
            last_seen = request.session.get(STAFF_LAST_SEEN)
            if last_seen is None or timezone.now().timestamp() - last_seen >= STAFF_LAST_SEEN_PRECISION:
                staff_session_start(request)
        return response

    def _sign_out(self, request):
        request.signed_out_for_inactivity = True
        logout(request)
        minutes = settings.STAFF_SESSION_IDLE_MINUTES
        messages.info(
            request,
            ngettext(
                "You were signed out after %(minutes)d minute without activity. Sign in again to continue.",
                "You were signed out after %(minutes)d minutes without activity. Sign in again to continue.",
                minutes,
            )
            % {"minutes": minutes},
        )
        return redirect_to_login(request.get_full_path())
