from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as accounts_views
from config.health import healthz

# The admin signs in through allauth's login: its rate limits and MFA apply.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = _("Concord administration")
admin.site.site_title = "Concord"

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("consultations.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", accounts_views.language_set, name="set_language"),
]
