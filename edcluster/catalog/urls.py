from django.urls import path

from edcluster.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("<slug:slug>/", views.product_detail, name="product"),
]
