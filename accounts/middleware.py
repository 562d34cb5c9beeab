import zoneinfo

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

LANGUAGES = {code for code, _name in settings.LANGUAGES}


class UserPreferencesMiddleware:
    """Show pages in the signed-in user's language and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            language = user.preferred_language
            translation.activate(language if language in LANGUAGES else settings.LANGUAGE_CODE)  # else English
            request.LANGUAGE_CODE = translation.get_language()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


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
