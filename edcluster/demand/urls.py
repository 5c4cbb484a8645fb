from django.urls import path

from edcluster.demand import views

app_name = "demand"
urlpatterns = [
    path("", views.postings, name="postings"),
    path("postings/<int:posting_id>/", views.posting_detail, name="posting"),
    path("ingest/", views.ingest, name="ingest"),
    path("analytics/", views.analytics_page, name="analytics"),
    path("analytics/<str:report>.<str:format>", views.analytics_export, name="analytics_export"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("requests/<int:request_id>/edit/", views.request_edit, name="request_edit"),
    path("requests/<int:request_id>/status/", views.request_status, name="request_status"),
]
