from django.urls import path

from accounts import console_views, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/join/", views.organisation_join, name="organisation_join"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/join/", views.membership_request, name="membership_request"),
    path("memberships/<int:pk>/decide/", views.membership_decide, name="membership_decide"),
    path("moderation/organisations/", console_views.organisations, name="moderation_organisations"),
    path("moderation/organisations/<int:pk>/", console_views.organisation, name="moderation_organisation"),
    path(
        "moderation/organisations/<int:pk>/decide/",
        console_views.organisation_decide,
        name="moderation_organisation_decide",
    ),
]
