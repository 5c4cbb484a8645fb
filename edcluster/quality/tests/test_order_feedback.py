"""Employers' feedback per order: by the buyer's staff alone, once the training is delivered,
once per order, recorded for each of the order's products and counted in their indices."""

from decimal import Decimal

import pytest
from django.utils import timezone

from edcluster.demand.tests.factories import request_make
from edcluster.matching.models import Offer
from edcluster.matching.tests.factories import offer
from edcluster.quality import selectors, services
from edcluster.quality.models import EmployerFeedback, QualityIndex
from edcluster.quality.tests.factories import product_make
from edcluster.sales import services as sales_services
from edcluster.sales.models import Line
from edcluster.sales.tests.factories import member_buyer, order_make

pytestmark = pytest.mark.django_db


def _order(seller, buyer, *, status: str = "delivered", products=None, origin=None):
    """An order of `buyer` for one or more of `seller`'s products, moved to `status`."""
    first, *more = products or [product_make(seller)]
    order = order_make(first, buyer=member_buyer(buyer), signed_on=None)
    for product in more:
        sales_services.line_add(
            order=order,
            actor=None,
            product=product,
            quantity=Decimal(5),
            unit=Line.Unit.LEARNERS,
            unit_price=Decimal("100.00"),
            currency="RUB",
        )
    if origin is not None:
        order.origin_offer = origin
        order.save(update_fields=["origin_offer"])
    order = sales_services.order_move(order=order, actor=None, to="signed", on=timezone.localdate())
    if status != "signed":
        order = sales_services.order_move(
            order=order, actor=None, to=status, on=timezone.localdate()
        )
    return order


def _url(order) -> str:
    return f"/api/quality/orders/{order.pk}/feedback"


def test_the_buyer_rates_a_delivered_order_once_for_each_of_its_products(
    organization, other_organization, outsider
):
    products = [product_make(organization), product_make(organization, title_en="Second")]
    order = _order(organization, other_organization, products=products)
    rows = services.order_feedback_give(order=order, actor=outsider, rating=4, comment=" Good ")
    assert sorted(row.product_id for row in rows) == sorted(p.pk for p in products)
    assert {(row.rating, row.comment, row.offer_id) for row in rows} == {(4, "Good", None)}
    with pytest.raises(services.QualityConflict):
        services.order_feedback_give(order=order, actor=outsider, rating=1)
    assert EmployerFeedback.objects.filter(order=order).count() == 2
    assert selectors.orders_to_rate(user=outsider).count() == 0


@pytest.mark.parametrize("status", ["signed", "cancelled"])
def test_an_order_not_delivered_is_not_rated(organization, other_organization, outsider, status):
    order = _order(organization, other_organization, status=status)
    assert not selectors.may_rate_order(user=outsider, order=order)
    with pytest.raises(services.QualityConflict):
        services.order_feedback_give(order=order, actor=outsider, rating=5)
    assert not EmployerFeedback.objects.exists()


@pytest.mark.parametrize("status", ["delivered", "paid", "closed"])
def test_delivered_paid_and_closed_orders_are_rated(
    organization, other_organization, outsider, status
):
    if status == "closed":
        order = _order(organization, other_organization, status="paid")
        order = sales_services.order_move(
            order=order, actor=None, to="closed", on=timezone.localdate()
        )
    else:
        order = _order(organization, other_organization, status=status)
    assert selectors.orders_to_rate(user=outsider).get() == order
    services.order_feedback_give(order=order, actor=outsider, rating=5)
    assert EmployerFeedback.objects.filter(order=order).count() == 1


def test_the_index_counts_the_order_feedback(organization, other_organization, outsider):
    product = product_make(organization)
    order = _order(organization, other_organization, products=[product])
    assert not QualityIndex.objects.filter(product=product).exists()
    services.order_feedback_give(order=order, actor=outsider, rating=2)
    index = QualityIndex.objects.get(product=product)
    assert index.inputs["employers"]["n"] == 1
    assert Decimal(index.inputs["employers"]["mean"]) == 2
    assert index.value is None  # employers alone are not enough data


def test_an_order_from_a_rated_offer_is_not_rated_twice(organization, other_organization, outsider):
    product = product_make(organization)
    accepted = offer(
        request=request_make(other_organization), product=product, status=Offer.Status.ACCEPTED
    )
    services.employer_feedback_give(offer=accepted, actor=outsider, rating=5)
    order = _order(organization, other_organization, products=[product], origin=accepted)
    with pytest.raises(services.QualityConflict):
        services.order_feedback_give(order=order, actor=outsider, rating=3)
    other = product_make(organization, title_en="Other")
    second = offer(
        request=request_make(other_organization), product=other, status=Offer.Status.ACCEPTED
    )
    rated = _order(organization, other_organization, products=[other], origin=second)
    services.order_feedback_give(order=rated, actor=outsider, rating=3)
    with pytest.raises(services.QualityConflict):
        services.employer_feedback_give(offer=second, actor=outsider, rating=3)


def test_the_api_takes_the_buyers_feedback_once(
    client, organization, other_organization, outsider, member_editor, operator
):
    order = _order(organization, other_organization)
    body = {"rating": 4, "comment": "Useful"}
    assert client.post(_url(order), body, content_type="application/json").status_code == 401
    for user in (member_editor, operator):  # the seller's editor, an operator: not the buyer
        client.force_login(user)
        response = client.post(_url(order), body, content_type="application/json")
        assert response.status_code == 403, user
    client.force_login(outsider)
    bad = client.post(_url(order), {"rating": 9}, content_type="application/json")
    assert bad.status_code in (400, 422)
    assert "rating" in bad.content.decode()
    response = client.post(_url(order), body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert (response.json()["order"], response.json()["rating"]) == (order.pk, 4)
    again = client.post(
        _url(order), body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "Your organization rated this order already."
    assert EmployerFeedback.objects.count() == 1


def test_a_stranger_does_not_find_the_order(
    client, organization, other_organization, partner_editor
):
    order = _order(organization, other_organization)
    client.force_login(partner_editor)
    response = client.post(_url(order), {"rating": 4}, content_type="application/json")
    assert response.status_code == 404


def test_the_order_page_shows_the_form_to_the_buyer_and_the_feedback_to_readers(
    client, organization, other_organization, outsider, member_editor
):
    order = _order(organization, other_organization)
    page = f"/en/sales/{order.pk}/"
    rate = f"/en/quality/orders/{order.pk}/rate/"
    client.force_login(member_editor)
    assert 'id="employer-feedback"' not in client.get(page).content.decode()
    assert client.post(rate, {"rating": "4"}).status_code == 403
    client.force_login(outsider)
    assert f'href="{page}#employer-feedback"' in client.get("/en/quality/").content.decode()
    shown = client.get(page).content.decode()
    assert 'id="employer-feedback"' in shown
    assert f'action="{rate}"' in shown
    wrong = client.post(rate, {"comment": "no rating"})
    assert wrong.status_code == 400
    assert 'id="employer-feedback"' in wrong.content.decode()
    assert "no rating" in wrong.content.decode()
    response = client.post(rate, {"rating": "4", "comment": "Well taught"})
    assert response.status_code == 302
    assert response["Location"].endswith("#employer-feedback")
    assert f'href="{page}#employer-feedback"' not in client.get("/en/quality/").content.decode()
    client.force_login(member_editor)
    seen = client.get(page).content.decode()
    assert "Well taught" in seen
    assert f'action="{rate}"' not in seen
