from django.urls import path

from edcluster.sales.views import documents, licences, orders, public

app_name = "sales"
urlpatterns = [
    path("", orders.order_list, name="list"),
    path("new/", orders.order_new, name="new"),
    path("from-offer/<int:offer_id>/", orders.order_from_offer, name="from_offer"),
    path("reports/", orders.report_page, name="reports"),
    path("reports/publish/", public.publish, name="publish"),
    path("public/", public.public_page, name="public"),
    path("order-training/<slug:slug>/", orders.order_training, name="order_training"),
    path("licences/", licences.licence_list, name="licences"),
    path("licences/new/", licences.licence_new, name="licence_new"),
    path("licences/<int:licence_id>/", licences.licence_detail, name="licence"),
    path("licences/<int:licence_id>/edit/", licences.licence_edit, name="licence_edit"),
    path(
        "licences/<int:licence_id>/activate/",
        licences.licence_activate,
        name="licence_activate",
    ),
    path("licences/<int:licence_id>/end/", licences.licence_end, name="licence_end"),
    path("<int:order_id>/", orders.order_detail, name="order"),
    path("<int:order_id>/edit/", orders.order_edit, name="edit"),
    path("<int:order_id>/sellers/", orders.sellers_edit, name="sellers"),
    path("<int:order_id>/lines/", orders.line_add, name="line_add"),
    path("<int:order_id>/lines/<int:line_id>/remove/", orders.line_remove, name="line_remove"),
    path("<int:order_id>/status/", orders.order_status, name="status"),
    path("<int:order_id>/payments/", orders.payment_add, name="payment"),
    path("<int:order_id>/documents/", documents.document_add, name="document_add"),
    path(
        "<int:order_id>/documents/<int:document_id>/",
        documents.document_download,
        name="document",
    ),
    path(
        "<int:order_id>/documents/<int:document_id>/remove/",
        documents.document_remove,
        name="document_remove",
    ),
]
