from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from accounts import console
from web.signals import request_refused


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        # Imported once the models are ready: these modules import models, and this one is read before them.
        from allauth.mfa.signals import authentication_failed

        from accounts import login_events, middleware
        from accounts.roles import sync_roles

        post_migrate.connect(sync_roles, sender=self)
        user_logged_in.connect(login_events.signed_in, dispatch_uid="concord-login-event-signed-in")
        user_logged_in.connect(middleware.staff_signed_in, dispatch_uid="concord-staff-session-start")
        user_logged_out.connect(login_events.signed_out, dispatch_uid="concord-login-event-signed-out")
        user_login_failed.connect(login_events.sign_in_failed, dispatch_uid="concord-login-event-failed")
        authentication_failed.connect(login_events.second_factor_failed, dispatch_uid="concord-login-event-mfa")
        request_refused.connect(login_events.request_refused, dispatch_uid="concord-login-event-refused")
        console.navigation_add(order=30, label=_("Organisations"), url_name="accounts:moderation_organisations")
