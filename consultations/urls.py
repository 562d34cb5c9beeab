from django.urls import path

from consultations import console_views, views

app_name = "consultations"
urlpatterns = [
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/<slug:slug>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<slug:slug>/input/<int:organisation_pk>/", views.submission_edit, name="submission_edit"),
    path(
        "consultations/<slug:slug>/input/<int:organisation_pk>/receipt/",
        views.submission_receipt,
        name="submission_receipt",
    ),
    path(
        "consultations/<slug:slug>/input/<int:organisation_pk>/withdraw/",
        views.submission_withdraw,
        name="submission_withdraw",
    ),
    path(
        "consultations/<slug:slug>/input/<int:organisation_pk>/reopen/",
        views.submission_reopen,
        name="submission_reopen",
    ),
    path("consultations/<slug:slug>/inputs/", views.public_inputs, name="public_inputs"),
    path("consultations/<slug:slug>/inputs.<str:fmt>", views.public_export, name="public_export"),
    path("consultations/<slug:slug>/inputs/<str:reference>/", views.public_input, name="public_input"),
    path("consultations/<slug:slug>/questions/<int:number>/", views.question_answers, name="question_answers"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("moderation/", console_views.dashboard, name="moderation_index"),
    path("moderation/inputs/", console_views.queue, name="moderation_queue"),
    path("moderation/inputs/next/", console_views.take_next, name="moderation_next"),
    path("moderation/inputs/bulk/", console_views.bulk, name="moderation_bulk"),
    path("moderation/inputs/<int:pk>/", console_views.review, name="moderation_review"),
    path("moderation/inputs/<int:pk>/assign/", console_views.assign, name="moderation_assign"),
    path("moderation/audit/", console_views.audit, name="moderation_audit"),
    path("moderation/<slug:slug>/record/", console_views.record, name="moderation_record"),
    path("moderation/<slug:slug>/import/", console_views.import_sheet, name="moderation_import"),
    path("moderation/<slug:slug>/export.<str:fmt>", console_views.export, name="moderation_export"),
]
