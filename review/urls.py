from django.urls import path

from review import console_views

app_name = "review"
urlpatterns = [
    path("moderation/inputs/<int:pk>/coding/", console_views.coding, name="coding"),
    path(
        "moderation/inputs/<int:pk>/coding/<int:coding_pk>/remove/",
        console_views.coding_remove,
        name="coding_remove",
    ),
]
