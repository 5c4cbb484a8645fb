from django.urls import path

from edcluster.matching import views

app_name = "matching"
urlpatterns = [
    path("coverage/", views.postings_coverage, name="coverage"),
    path("gaps/", views.gaps_page, name="gaps"),
    path("gaps.<str:format>", views.gaps_export, name="gaps_export"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path(
        "proposals/<int:proposal_id>/<str:action>/", views.proposal_decide, name="proposal_decide"
    ),
    path("offers/", views.offers, name="offers"),
    path("offers/<int:offer_id>/decline/", views.offer_decline, name="offer_decline"),
    path("offers/<int:offer_id>/decide/", views.offer_decide, name="offer_decide"),
    path("requests/<int:request_id>/ask/", views.offer_ask, name="offer_ask"),
    path("requests/<int:request_id>/offer/", views.offer_make, name="offer_make"),
    path("products/<slug:slug>/skills/", views.skill_add, name="skill_add"),
    path("products/<slug:slug>/skills/<int:skill_id>/", views.skill_decide, name="skill_decide"),
]
