from django.urls import path

from edcluster.sales import views

app_name = "sales"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("new/", views.order_new, name="new"),
    path("from-offer/<int:offer_id>/", views.order_from_offer, name="from_offer"),
    path("reports/", views.report_page, name="reports"),
    path("<int:order_id>/", views.order_detail, name="order"),
    path("<int:order_id>/edit/", views.order_edit, name="edit"),
    path("<int:order_id>/sellers/", views.sellers_edit, name="sellers"),
    path("<int:order_id>/lines/", views.line_add, name="line_add"),
    path("<int:order_id>/lines/<int:line_id>/remove/", views.line_remove, name="line_remove"),
    path("<int:order_id>/status/", views.order_status, name="status"),
    path("<int:order_id>/payments/", views.payment_add, name="payment"),
]
