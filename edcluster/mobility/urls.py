from django.urls import path

from edcluster.mobility import views, views_office

app_name = "mobility"
urlpatterns = [
    path("", views.intake_list, name="home"),
    path("intakes/<int:intake_id>/", views.intake_detail, name="intake"),
    path("intakes/<int:intake_id>/apply/", views.apply, name="apply"),
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
    path("cases/", views_office.cases, name="cases"),
    path("flows/", views_office.flows, name="flows"),
]
