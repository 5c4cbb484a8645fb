"""Matching's records in the operators' admin."""

import pytest

from edcluster.matching.tests import factories

PAGES = ["productskill", "productlinking", "proposal", "offer", "productdemand"]


@pytest.mark.parametrize("model", PAGES)
def test_operators_manage_matchings_records_and_nobody_else(
    market, model, operator_client, member_admin_client
):
    factories.proposal(skills=[market["skills"]["python"]])
    factories.product_demand(product=market["products"]["P1"], postings=7)
    listing = operator_client.get(f"/en/admin/matching/{model}/")
    assert listing.status_code == 200
    assert member_admin_client.get(f"/en/admin/matching/{model}/").status_code in (302, 403)


def test_an_operator_opens_a_proposal_and_an_offer(market, operator_client):
    proposal = factories.proposal(skills=[market["skills"]["python"]], title_en="Python course")
    offer = factories.offer(request=market["request"], product=market["products"]["P1"])
    page = operator_client.get(f"/en/admin/matching/proposal/{proposal.pk}/change/")
    assert page.status_code == 200
    assert "Python course" in page.content.decode()
    assert operator_client.get(f"/en/admin/matching/offer/{offer.pk}/change/").status_code == 200
