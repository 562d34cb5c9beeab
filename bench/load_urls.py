"""Concord's URLconf plus one view answering "ok" through the same middleware: bench/load.py's baseline."""

from django.http import HttpResponse
from django.urls import include, path


def baseline(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/baseline/", baseline),
    path("", include("config.urls")),
]
