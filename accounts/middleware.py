import zoneinfo

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

LANGUAGES = {code for code, _name in settings.LANGUAGES}
LANGUAGE_PARAMETER = "lang"  # /consultations/wgec-2013/?lang=fr


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
