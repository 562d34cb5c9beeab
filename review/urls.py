from django.urls import path

from review import console_views, map_urls, summary_views, synthesis_urls, views

app_name = "review"
urlpatterns = [
    path("moderation/review/", console_views.index, name="index"),
    path("moderation/review/<slug:slug>/", console_views.consultation, name="consultation"),
    path("moderation/review/<slug:slug>/assign/", console_views.assign, name="assign"),
    path("moderation/review/<slug:slug>/reconcile/", console_views.reconcile, name="reconcile"),
    path("moderation/review/<slug:slug>/register/", console_views.register_page, name="register"),
    path("moderation/review/<slug:slug>/register.csv", console_views.register_csv, name="register_csv"),
    path("moderation/review/<slug:slug>/register/publish/", console_views.register_publish, name="register_publish"),
    path("moderation/review/<slug:slug>/summary/", summary_views.summary, name="summary"),
    path("consultations/<slug:slug>/issues/", views.public_register, name="public_register"),
    path("consultations/<slug:slug>/issues.csv", views.public_register_csv, name="public_register_csv"),
    path("moderation/inputs/<int:pk>/coding/", console_views.coding, name="coding"),
    path("moderation/inputs/<int:pk>/coding/done/", console_views.assignment_done, name="assignment_done"),
    path(
        "moderation/inputs/<int:pk>/coding/<int:coding_pk>/remove/",
        console_views.coding_remove,
        name="coding_remove",
    ),
]
urlpatterns += map_urls.urlpatterns + synthesis_urls.urlpatterns
