from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction

from outbox.services import enqueue


class AccountAdapter(DefaultAccountAdapter):
    """Stores what Concord's sign-up form asks beyond e-mail and password, and sends allauth's e-mails as follow-ups."""

    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data["full_name"].strip()
        user.preferred_language = form.cleaned_data["preferred_language"]
        user.time_zone = form.cleaned_data["time_zone"]
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Address confirmations, password resets and security notices, written now and sent by a worker once the
        request's change commits (outbox): a mail server that is slow or down delays the e-mail, never the page,
        and the sweep sends it once the server answers again."""
        from accounts import tasks

        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        with transaction.atomic():
            enqueue(tasks.email_send, email, message.subject, message.body)
