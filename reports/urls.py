from django.urls import path, register_converter

from reports import views


class PopulationKind:
    regex = "consultations|working-groups"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PopulationKind, "kind")

urlpatterns = [
    path("moderation/balance/<kind:kind>/<slug:slug>/", views.balance, name="balance_report"),
    path("moderation/balance/<kind:kind>/<slug:slug>/refresh/", views.balance_refresh, name="balance_refresh"),
    path("moderation/working-groups/", views.working_groups, name="working_groups_console"),
    path("moderation/working-groups/<slug:slug>/", views.working_group, name="working_group_console"),
    path("moderation/working-groups/<slug:slug>/check/", views.working_group_check, name="working_group_check"),
    path("working-groups/<slug:slug>/nominate/", views.nominate, name="nominate"),
    path("moderation/compilations/<slug:slug>/", views.compilations_page, name="compilations"),
    path("moderation/compilation/<int:pk>/progress/", views.compilation_progress, name="compilation_progress"),
    path("moderation/compilation/<int:pk>/download/", views.compilation_download, name="compilation_download"),
    path("consultations/<slug:slug>/inputs/<str:reference>/pdf/", views.public_input_pdf, name="public_input_pdf"),
    path("consultations/<slug:slug>/input/<int:organisation_pk>/pdf/", views.submission_pdf, name="submission_pdf"),
    path(
        "consultations/<slug:slug>/compilations/<int:pk>/",
        views.public_compilation_download,
        name="public_compilation_download",
    ),
]
