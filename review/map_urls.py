"""The map of issues to mechanisms: its console pages, and the page where an organisation answers an accuracy check."""

from django.urls import path

from review import map_views

MAP = "moderation/review/<slug:slug>/map/"

urlpatterns = [
    path(MAP, map_views.map_page, name="map"),
    path(f"{MAP}mechanisms/add/", map_views.mechanism_add, name="mechanism_add"),
    path(f"{MAP}mechanisms/<int:pk>/", map_views.mechanism_edit, name="mechanism_edit"),
    path(f"{MAP}entries/add/", map_views.entry_add, name="map_entry_add"),
    path(f"{MAP}entries/<int:pk>/", map_views.entry_page, name="map_entry"),
    path(f"{MAP}entries/<int:pk>/edit/", map_views.entry_edit, name="map_entry_edit"),
    path(f"{MAP}entries/<int:pk>/remove/", map_views.entry_remove, name="map_entry_remove"),
    path(f"{MAP}entries/<int:pk>/check/", map_views.accuracy_ask, name="accuracy_ask"),
    # No account: the signed token is the only key (review.issue_map.accuracy_check_for).
    path("accuracy/<str:token>/", map_views.accuracy_answer, name="accuracy_answer"),
]
