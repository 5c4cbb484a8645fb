from django.urls import path

from edcluster.mobility import (
    views,
    views_case,
    views_dashboard,
    views_letters,
    views_office,
    views_partner,
    views_signup,
    views_stay,
    views_wizard,
)

app_name = "mobility"
urlpatterns = [
    path("", views.intake_list, name="home"),
    path("sign-up/", views_signup.signup, name="signup"),
    path("intakes/<int:intake_id>/", views.intake_detail, name="intake"),
    path("intakes/<int:intake_id>/apply/", views_wizard.start, name="apply"),
    path("intakes/<int:intake_id>/apply/<slug:step>/", views_wizard.intake_step, name="apply_step"),
    path(
        "applications/<int:application_id>/apply/<slug:step>/",
        views_wizard.draft_step,
        name="wizard",
    ),
    path(
        "applications/<int:application_id>/apply/documents/<int:document_id>/",
        views_wizard.draft_upload,
        name="wizard_upload",
    ),
    path("profile/", views.profile, name="profile"),
    path("applications/", views.my_applications, name="mine"),
    path("applications/<int:application_id>/", views.application_page, name="application"),
    path("applications/<int:application_id>/move/", views.application_move, name="move"),
    path(
        "applications/<int:application_id>/documents/<int:document_id>/upload/",
        views.document_upload,
        name="upload",
    ),
    path(
        "applications/<int:application_id>/documents/<int:document_id>/check/",
        views_office.document_check,
        name="check",
    ),
    path(
        "applications/<int:application_id>/documents/<int:document_id>/file/",
        views.document_file,
        name="file",
    ),
    path("applications/<int:application_id>/messages/", views_case.message_post, name="message"),
    path("applications/<int:application_id>/nominate/", views_case.nominate, name="nominate"),
    path(
        "applications/<int:application_id>/letters/<str:kind>/",
        views_letters.letter,
        name="letter",
    ),
    path("applications/<int:application_id>/score/", views_case.score, name="score"),
    path("applications/<int:application_id>/bed/", views_stay.offer, name="stay_offer"),
    path("applications/<int:application_id>/bed/answer/", views_stay.answer, name="stay_answer"),
    path("applications/<int:application_id>/buddy/", views_stay.buddy, name="stay_buddy"),
    path("applications/<int:application_id>/delete/", views_case.erase, name="erase"),
    path("my-data/", views_case.own_data, name="own_data"),
    path("intakes/<int:intake_id>/review/", views_office.intake_review, name="review"),
    path("cases/", views_office.cases, name="cases"),
    path("cases/move/", views_office.bulk_move, name="bulk_move"),
    path("cases/deadlines/", views_office.board, name="board"),
    path("flows/", views_office.flows, name="flows"),
    path("flows/<str:format>/", views_office.flows_export, name="flows_export"),
    path("dashboard/", views_dashboard.dashboard_page, name="dashboard"),
    path(
        "dashboard/<str:table>/<str:format>/",
        views_dashboard.dashboard_export,
        name="dashboard_export",
    ),
    path("nominations/", views_partner.nominations, name="nominations"),
]
