"""The secretariat's console is made of every app's pages: each adds its own to the console's navigation, in its
AppConfig.ready(), and accounts, which keeps who may open the console (roles.console_required), draws it
(templates/accounts/moderation/_nav.html) without naming the apps above it."""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavigationLink:
    """One entry of the console's navigation: a URL name (with its namespace) and an optional query string."""

    order: int  # the entries are shown by this number, smallest first
    label: str | Promise
    url_name: str
    query: str = ""


NAVIGATION: list[NavigationLink] = []


def navigation_add(*, order: int, label, url_name: str, query: str = "") -> None:
    """Add a page to the console's navigation; adding the same page again changes nothing."""
    link = NavigationLink(order, label, url_name, query)
    if all(known.url_name != url_name for known in NAVIGATION):
        NAVIGATION.append(link)
        NAVIGATION.sort(key=lambda known: known.order)


def navigation() -> list[NavigationLink]:
    return list(NAVIGATION)
