""" "Order training" from a product's page: the section shown to employers' editors, the quote
it makes (the owners selling, the employer buying, the listed price), the refusals."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from edcluster.catalog.models import Product
from edcluster.sales import services
from edcluster.sales.models import Order
from edcluster.sales.tests.factories import product_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(other_organization):
    """Globex's published course, at 12,000 roubles."""
    product = product_make(other_organization, title_en="Welding for engineers")
    Product.objects.filter(pk=product.pk).update(
        status=Product.Status.PUBLISHED, price=Decimal(12000), currency="RUB"
    )
    product.refresh_from_db()
    return product


def test_the_quote_has_the_owners_selling_and_the_employer_buying(course, organization):
    order = services.training_order(
        product=course, buyer=organization, actor=None, quantity=Decimal(8), note="In March"
    )
    assert order.status == Order.Status.QUOTE
    assert order.buyer_organization == organization
    assert [s.organization_id for s in order.sellers.all()] == [course.owners.get().pk]
    line = order.lines.get()
    assert (line.product, line.quantity, line.unit) == (course, 8, "learners")
    assert (line.unit_price, line.currency) == (Decimal(12000), "RUB")
    assert order.note == "In March"


def test_an_owner_does_not_order_its_own_product(course, other_organization):
    with pytest.raises(ValidationError) as error:
        services.training_order(
            product=course, buyer=other_organization, actor=None, quantity=Decimal(1)
        )
    assert "buyer" in error.value.message_dict
    assert not Order.objects.exists()


def test_the_product_page_offers_it_to_an_employers_editor_only(
    course, member_editor_client, member_viewer_client, outsider_client
):
    path = f"/en/catalog/{course.slug}/"
    link = f"/en/sales/order-training/{course.slug}/"
    assert link in member_editor_client.get(path).content.decode()
    assert link not in member_viewer_client.get(path).content.decode()
    assert link not in outsider_client.get(path).content.decode()  # Globex owns it


def test_an_employer_orders_training_on_the_page(course, organization, member_editor_client):
    path = f"/en/sales/order-training/{course.slug}/"
    page = member_editor_client.get(path)
    assert page.status_code == 200
    bad = member_editor_client.post(path, {"buyer": organization.pk, "quantity": "0"})
    assert bad.status_code == 400
    assert not Order.objects.exists()
    made = member_editor_client.post(path, {"buyer": organization.pk, "quantity": "12"})
    order = Order.objects.get()
    assert made["Location"] == f"/en/sales/{order.pk}/"
    shown = member_editor_client.get(made["Location"]).content.decode()
    assert "12 learners" in shown
    assert "12,000\u00a0₽" in shown  # the listed price
    assert "144,000\u00a0₽" in shown  # the line's amount
    assert "Delete the line" not in shown  # the buyer's staff read, the sellers write
