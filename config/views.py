"""Pages of the site as a whole, above its apps: the front page."""

from django.shortcuts import render

from accounts.queries import memberships_of
from consultations.queries import front_page_consultations


def home(request):
    """The front page: the consultations open now and those published, then how to take part."""
    open_now, published = front_page_consultations()
    context = {
        "memberships": memberships_of(request.user) if request.user.is_authenticated else [],
        "open_consultations": open_now,
        "published_consultations": published,
    }
    return render(request, "home.html", context)
