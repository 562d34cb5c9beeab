"""The site's icon: linked from every page, and /favicon.ico sends the browsers that still ask for it there."""

from http import HTTPStatus
from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static

ICON_LINK = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


def test_it_draws_the_icon_in_the_sites_own_blue():
    svg = ElementTree.parse(finders.find("favicon.svg")).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 32 32"
    assert "#005a9c" in {element.get("fill") for element in svg.iter()}  # --accent in static/css/concord.css


@pytest.mark.django_db
def test_it_links_the_icon_from_the_pages_of_the_site(client):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    assert ICON_LINK in response.content.decode()


@pytest.mark.parametrize("template", ["429.html", "403_csrf.html"])
def test_it_links_the_icon_from_the_pages_without_the_sites_navigation(template):
    assert ICON_LINK in render_to_string(template)


@pytest.mark.django_db
def test_it_sends_a_request_for_favicon_ico_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == HTTPStatus.FOUND  # not permanent: the icon's hashed name changes with it
    assert response["Location"] == static("favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]
