"""The allauth adapter: how sign-up, sign-in and allauth's e-mails work on Concord."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from accounts import login_events, tasks
from accounts.middleware import user_language_activate
from accounts.models import User
from outbox.services import enqueue
from web.links import LANGUAGE_PARAMETER


class AccountAdapter(DefaultAccountAdapter):
    """The site's allauth adapter (settings.ACCOUNT_ADAPTER): stores what Concord's sign-up form asks beyond e-mail
    and password, speaks the user's language, sends allauth's e-mails as follow-ups, and logs the attempts allauth
    refuses after too many failures, whether of a password or of a two-factor code (allauth sends no signal for
    those)."""

    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data["full_name"].strip()
        user.preferred_language = form.cleaned_data["preferred_language"]
        user.time_zone = form.cleaned_data["time_zone"]
        return super().save_user(request, user, form, commit=commit)

    def get_signup_redirect_url(self, request):
        """Signed up and confirmed, the newcomer goes on to the next step: register her organisation or join it."""
        return reverse("accounts:organisation_list")

    def respond_email_verification_sent(self, request, user):
        """The page saying the e-mail is sent, in the language the request speaks (the one chosen on the sign-up
        form), which the visitor then keeps: accounts.middleware remembers a ?lang= for someone not signed in."""
        query = urlencode({LANGUAGE_PARAMETER: translation.get_language()})
        return HttpResponseRedirect(f"{reverse('account_email_verification_sent')}?{query}")

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's e-mails in the language of the account they are for, whichever page sends them."""
        with translation.override(self.recipient_language(email, context)):
            return super().render_mail(template_prefix, email, context, headers=headers)

    def recipient_language(self, email, context) -> str:
        """The preferred language of the e-mail's account; for an address without one, the page's."""
        user = context.get("user")
        if not getattr(user, "preferred_language", "") and isinstance(email, str):
            user = User.objects.filter(email__iexact=email).only("preferred_language").first()
        return getattr(user, "preferred_language", "") or translation.get_language()

    def login(self, request, user):
        """Signed in, the pages are in the user's language: so is "Successfully signed in as …", written next."""
        super().login(request, user)
        user_language_activate(request, user)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Address confirmations, password resets and security notices, written now and sent by a worker once the
        request's change commits (outbox): a mail server that is slow or down delays the e-mail, never the page,
        and the sweep sends it once the server answers again."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        with transaction.atomic():
            enqueue(tasks.email_send, email, message.subject, message.body)

    def validation_error(self, code, *args):
        if code == "too_many_login_attempts" and self.request is not None:
            login_events.record_refused_attempt(self.request)
        return super().validation_error(code, *args)
