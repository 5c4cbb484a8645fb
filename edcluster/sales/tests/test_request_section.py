"""The employer's request page shows, in sales' section, "Create an order" on each accepted
offer to the seller's editors until an order comes from it, then the order to whoever reads
it: the seller's editor and the buying employer's staff; an outsider sees neither."""

from decimal import Decimal

import pytest
from django.test import Client

from edcluster.accounts.models import User
from edcluster.sales import services
from edcluster.sales.tests.factories import accepted_offer, member_buyer

pytestmark = pytest.mark.django_db


def page_of(user, offer) -> str:
    client = Client()
    client.force_login(user)
    answer = client.get(f"/en/demand/requests/{offer.request_id}/")
    assert answer.status_code == 200
    return answer.content.decode()


def test_create_an_order_on_the_accepted_offer_then_the_order(
    organization, member_editor, outsider
):
    offer = accepted_offer(organization, member_editor)
    hr = User.objects.get(email="hr@steppe.example")
    create = f'href="/en/sales/from-offer/{offer.pk}/"'
    assert create in page_of(member_editor, offer)
    assert "orders-from-offers" not in page_of(hr, offer)  # the buyer does not sell it
    assert "orders-from-offers" not in page_of(outsider, offer)

    order = services.order_create(
        actor=member_editor,
        buyer=member_buyer(offer.request.organization),
        sellers=[(organization, Decimal(100))],
        number="KZ-1",
        origin_offer=offer,
    )
    seller_page, buyer_page = page_of(member_editor, offer), page_of(hr, offer)
    assert create not in seller_page
    for page in (seller_page, buyer_page):
        assert f'<a href="/en/sales/{order.pk}/">Order KZ-1</a>' in page
    assert "orders-from-offers" not in page_of(outsider, offer)
