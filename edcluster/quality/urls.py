from django.urls import path

from edcluster.quality import views, views_feedback

app_name = "quality"
urlpatterns = [
    path("", views.home, name="home"),
    path("criteria/", views.criteria, name="criteria"),
    path("assign/", views.assign, name="assign"),
    path("assign/products/", views.product_options, name="product_options"),
    path("assignments/<int:assignment_id>/", views.review, name="review"),
    path("runs/<int:offering_id>/", views_feedback.run_feedback, name="run"),
    path("offers/<int:offer_id>/rate/", views_feedback.rate_offer, name="rate"),
    path("orders/<int:order_id>/rate/", views_feedback.rate_order, name="rate_order"),
    path("f/<str:token>/", views_feedback.answer, name="answer"),
]
