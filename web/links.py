"""Links that name their language: /consultations/wgec-2013/?lang=fr opens the page in French.

accounts.middleware reads the parameter; the language switcher and the pages' alternate links write it.
"""

LANGUAGE_PARAMETER = "lang"


def address_in(request, language=None) -> str:
    """This page's address with ?lang= set to `language`, or without it (for the language switcher's return)."""
    query = request.GET.copy()
    query.pop(LANGUAGE_PARAMETER, None)
    if language:
        query[LANGUAGE_PARAMETER] = language
    return f"{request.path}?{query.urlencode()}" if query else request.path


def other_parameters(request) -> list[tuple[str, str]]:
    """This page's query parameters but ?lang=, as (name, value) pairs: a GET language form keeps the filters."""
    return [(name, value) for name, values in request.GET.lists() if name != LANGUAGE_PARAMETER for value in values]
