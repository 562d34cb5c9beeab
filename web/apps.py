from django.apps import AppConfig


class WebConfig(AppConfig):
    """What every page of the site shares, below every app: formats, template tags, request middleware, downloads.

    It imports none of the apps: they build on it (DESIGN.md, Layout)."""

    name = "web"
