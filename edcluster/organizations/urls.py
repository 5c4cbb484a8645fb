from django.urls import path

from edcluster.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("join/", views.join, name="join"),
    path("review/", views.review, name="review"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/status/", views.change_status, name="status"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:user_id>/remove/", views.member_remove, name="member_remove"),
]
