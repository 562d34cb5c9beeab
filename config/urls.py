from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from accounts import views as accounts_views
from config.health import healthz
from config.views import home

# The admin signs in through allauth's login: its rate limits and MFA apply.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = _("Concord administration")
admin.site.site_title = "Concord"


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def favicon(request):
    """Browsers that still ask for /favicon.ico are sent to the SVG icon (not for good: its hashed name changes)."""
    # Looked up per request: at import, before collectstatic has written the manifest, it would stop the checks.
    return redirect(static("favicon.svg"))


urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("consultations.urls")),
    path("", include("reports.urls")),
    path("", include("review.urls")),
    path("", include("groups.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", accounts_views.language_set, name="set_language"),
]
