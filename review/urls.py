from django.urls import path

from review import console_views

app_name = "review"
urlpatterns = [
    path("moderation/review/", console_views.index, name="index"),
    path("moderation/review/<slug:slug>/", console_views.consultation, name="consultation"),
    path("moderation/review/<slug:slug>/assign/", console_views.assign, name="assign"),
    path("moderation/review/<slug:slug>/reconcile/", console_views.reconcile, name="reconcile"),
    path("moderation/inputs/<int:pk>/coding/", console_views.coding, name="coding"),
    path("moderation/inputs/<int:pk>/coding/done/", console_views.assignment_done, name="assignment_done"),
    path(
        "moderation/inputs/<int:pk>/coding/<int:coding_pk>/remove/",
        console_views.coding_remove,
        name="coding_remove",
    ),
]
