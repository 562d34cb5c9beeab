"""The console's navigation, as every app has added to it (accounts.console)."""

from django import template

from accounts import console

register = template.Library()


@register.simple_tag
def console_navigation():
    return console.navigation()
