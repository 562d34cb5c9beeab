from django.urls import path

from consultations import exports, moderation, views

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
    path("consultations/<slug:slug>/inputs.<str:fmt>", exports.public_export, name="public_export"),
    path("consultations/<slug:slug>/inputs/<str:reference>/", views.public_input, name="public_input"),
    path("consultations/<slug:slug>/questions/<int:number>/", views.question_answers, name="question_answers"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("moderation/", moderation.dashboard, name="moderation_index"),
    path("moderation/inputs/", moderation.queue, name="moderation_queue"),
    path("moderation/inputs/next/", moderation.take_next, name="moderation_next"),
    path("moderation/inputs/bulk/", moderation.bulk, name="moderation_bulk"),
    path("moderation/inputs/<int:pk>/", moderation.review, name="moderation_review"),
    path("moderation/inputs/<int:pk>/assign/", moderation.assign, name="moderation_assign"),
    path("moderation/audit/", moderation.audit, name="moderation_audit"),
    path("moderation/<slug:slug>/record/", moderation.record, name="moderation_record"),
    path("moderation/<slug:slug>/import/", moderation.import_sheet, name="moderation_import"),
    path("moderation/<slug:slug>/export.<str:fmt>", exports.console_export, name="moderation_export"),
]
