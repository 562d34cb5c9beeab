"""The syntheses: the console pages where the secretariat writes them and chooses their quotes."""

from django.urls import path

from review import synthesis_views

BASE = "moderation/review/<slug:slug>/syntheses/"

urlpatterns = [
    path(BASE, synthesis_views.syntheses, name="syntheses"),
    path(f"{BASE}question/<int:number>/", synthesis_views.synthesis_question, name="synthesis_question"),
    path(f"{BASE}issue/<int:code_pk>/", synthesis_views.synthesis_issue, name="synthesis_issue"),
    path(f"{BASE}<int:pk>/quotes/", synthesis_views.quote_add, name="synthesis_quote_add"),
    path(f"{BASE}<int:pk>/quotes/<int:quote_pk>/move/", synthesis_views.quote_move, name="synthesis_quote_move"),
    path(f"{BASE}<int:pk>/quotes/<int:quote_pk>/remove/", synthesis_views.quote_remove, name="synthesis_quote_remove"),
]
