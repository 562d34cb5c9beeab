from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Stores what Concord's sign-up form asks beyond e-mail and password."""

    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data["full_name"].strip()
        user.preferred_language = form.cleaned_data["preferred_language"]
        user.time_zone = form.cleaned_data["time_zone"]
        return super().save_user(request, user, form, commit=commit)
