"""The report's pages: the console's (under moderation/) and the members' (under working-groups/)."""

from django.urls import path, register_converter

from groups import console_views, views


class Action:
    regex = "edit|up|down|split|merge|delete|status|propose|withdraw"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class RoundAction:
    regex = "close|late|on-time"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(Action, "paragraph_action")
register_converter(RoundAction, "round_action")

app_name = "groups"
CONSOLE = "moderation/working-groups/<slug:slug>/"
REPORT = f"{CONSOLE}reports/<int:pk>/"
urlpatterns = [
    path("moderation/reports/", console_views.index, name="index"),
    path(f"{CONSOLE}reports/", console_views.reports, name="reports"),
    path(f"{CONSOLE}members/<int:member_pk>/account/", console_views.seat_link, name="seat_link"),
    path(f"{CONSOLE}observers/", console_views.observer_add, name="observer_add"),
    path(REPORT, console_views.report, name="report"),
    path(f"{REPORT}sections/", console_views.section_add, name="section_add"),
    path(f"{REPORT}paragraphs/", console_views.paragraph_add, name="paragraph_add"),
    path(
        f"{REPORT}paragraphs/<int:version_pk>/<paragraph_action:action>/",
        console_views.paragraph_change,
        name="paragraph_change",
    ),  # fmt: skip
    path(f"{REPORT}publish/", console_views.publish, name="publish"),
    path(f"{REPORT}drafts/<int:number>/", console_views.draft, name="draft"),
    path(f"{REPORT}drafts/<int:number>/rounds/", console_views.round_open, name="round_open"),
    path(f"{REPORT}drafts/<int:number>/document/", console_views.report_document, name="report_document"),
    path(f"{REPORT}rounds/<int:round_pk>/<round_action:action>/", console_views.round_change, name="round_change"),
    path(f"{REPORT}history/<int:paragraph_pk>/", console_views.paragraph_history, name="paragraph_history"),
    path("working-groups/<slug:slug>/reports/<int:pk>/drafts/<int:number>/", views.member_draft, name="member_draft"),
    path(
        "working-groups/<slug:slug>/reports/<int:pk>/drafts/<int:number>/paragraphs/<int:version_pk>/comment/",
        views.comment,
        name="comment",
    ),  # fmt: skip
]
