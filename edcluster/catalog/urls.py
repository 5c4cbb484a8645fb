from django.urls import path

from edcluster.catalog import views, views_exchange, views_runs

app_name = "catalog"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("new/", views.product_new, name="new"),
    path("review/", views.review, name="review"),
    path("export/<str:format>/", views_exchange.export, name="export"),
    path("import/", views_exchange.import_new, name="import"),
    path(
        "import/template.<str:format>",
        views_exchange.import_template,
        name="import_template",
    ),
    path("import/<int:run_id>/", views_exchange.import_run, name="import_run"),
    path("import/<int:run_id>/confirm/", views_exchange.import_confirm, name="import_confirm"),
    path("import/<int:run_id>/resume/", views_exchange.import_resume, name="import_resume"),
    path("import/<int:run_id>/retry/", views_exchange.import_retry, name="import_retry"),
    path("<slug:slug>/", views.product_detail, name="product"),
    path("<slug:slug>/edit/", views.product_edit, name="edit"),
    path("<slug:slug>/review/", views.product_review, name="product_review"),
    path("<slug:slug>/revision/", views.product_revision, name="revision"),
    path("<slug:slug>/runs/", views_runs.offering_add, name="offering_add"),
    path("<slug:slug>/runs/<int:offering_id>/", views_runs.offering_edit, name="offering_edit"),
    path(
        "<slug:slug>/runs/<int:offering_id>/cancel/",
        views_runs.offering_cancel,
        name="offering_cancel",
    ),
    path("<slug:slug>/enquire/", views_runs.enquire, name="enquire"),
    path(
        "<slug:slug>/enquiries/<int:enquiry_id>/answered/",
        views_runs.enquiry_answered,
        name="enquiry_answered",
    ),
]
