from django.urls import path, register_converter

from reports import console_views, views


class PopulationKind:
    regex = "consultations|working-groups"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PopulationKind, "kind")

app_name = "reports"
urlpatterns = [
    path("moderation/balance/<kind:kind>/<slug:slug>/", console_views.balance_report, name="balance_report"),
    path("moderation/balance/<kind:kind>/<slug:slug>/refresh/", console_views.balance_refresh, name="balance_refresh"),
    path("moderation/working-groups/", console_views.working_groups, name="working_groups_console"),
    path("moderation/working-groups/<slug:slug>/", console_views.working_group, name="working_group_console"),
    path(
        "moderation/working-groups/<slug:slug>/check/",
        console_views.working_group_check,
        name="working_group_check",
    ),
    path("working-groups/<slug:slug>/nominate/", views.nominate, name="nominate"),
    path("moderation/compilations/<slug:slug>/", console_views.compilations, name="compilations"),
    path("moderation/compilation/<int:pk>/progress/", console_views.compilation_progress, name="compilation_progress"),
    path("moderation/compilation/<int:pk>/download/", console_views.compilation_download, name="compilation_download"),
    path("consultations/<slug:slug>/inputs/<str:reference>/pdf/", views.public_input_pdf, name="public_input_pdf"),
    path("consultations/<slug:slug>/input/<int:organisation_pk>/pdf/", views.submission_pdf, name="submission_pdf"),
    path(
        "consultations/<slug:slug>/compilations/<int:pk>/",
        views.public_compilation_download,
        name="public_compilation_download",
    ),
]
