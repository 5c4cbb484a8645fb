from django.urls import path

from edcluster.projects import views, views_lines, views_particulars

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("from-proposal/<int:proposal_id>/", views.project_from_proposal, name="from_proposal"),
    path("<int:project_id>/", views.project_detail, name="project"),
    path("<int:project_id>/edit/", views.project_edit, name="edit"),
    path("<int:project_id>/status/", views.project_status, name="status"),
    path("<int:project_id>/programme/", views_particulars.programme_edit, name="programme"),
    path("<int:project_id>/laboratory/", views_particulars.laboratory_edit, name="laboratory"),
    path(
        "<int:project_id>/laboratory/outputs/",
        views_particulars.laboratory_output,
        name="laboratory_output",
    ),
    path("<int:project_id>/<str:kind>/", views_lines.line_add, name="line_add"),
    path(
        "<int:project_id>/<str:kind>/<int:line_id>/done/",
        views_lines.line_done,
        name="line_done",
    ),
    path(
        "<int:project_id>/<str:kind>/<int:line_id>/remove/",
        views_lines.line_remove,
        name="line_remove",
    ),
]
