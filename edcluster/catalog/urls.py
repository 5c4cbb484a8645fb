from django.urls import path

from edcluster.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("new/", views.product_new, name="new"),
    path("review/", views.review, name="review"),
    path("<slug:slug>/", views.product_detail, name="product"),
    path("<slug:slug>/edit/", views.product_edit, name="edit"),
    path("<slug:slug>/review/", views.product_review, name="product_review"),
]
