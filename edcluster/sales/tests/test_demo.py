"""The demo sales: 60 orders and one import over the demo catalog, every flow, part-paid and
cancelled ones, rates for their dates marked demo values, rollups equal to the lines; three
orders members bought and received; three licences, one in force with its market; seeding
again adds nothing."""

import pytest
from django.conf import settings

from edcluster.catalog.demo import demo_catalog_seed
from edcluster.catalog.models import Market
from edcluster.organizations.demo import demo_cluster_seed
from edcluster.organizations.reference import reference_data_load
from edcluster.partnerships.demo import demo_agreements_seed
from edcluster.sales.demo import demo_licences_seed, demo_member_orders_seed, demo_sales_seed
from edcluster.sales.models import ExchangeRate, Flow, Licence, Line, Order
from edcluster.sales.services.rollups import rollups_recomputed, rollups_stored

pytestmark = pytest.mark.django_db


def test_demo_sales():
    reference_data_load(data_dir=settings.DATA_DIR)
    demo_cluster_seed(data_dir=settings.DATA_DIR)
    demo_catalog_seed(data_dir=settings.DATA_DIR)
    demo_agreements_seed(data_dir=settings.DATA_DIR)
    assert demo_sales_seed() == 61
    assert demo_member_orders_seed() == 3
    assert demo_licences_seed() == 3
    flows = set(Line.objects.exclude(flow="").values_list("flow", flat=True))
    assert flows == set(Flow.values)
    assert {"KZ", "CN", "UZ", "MN", "IN", "RU"} <= {
        str(c) for c in Order.objects.values_list("buyer_country", flat=True)
    }
    assert Order.objects.filter(status="cancelled").exists()
    assert Order.objects.filter(status="signed", payments__isnull=False).exists()  # part-paid
    assert set(ExchangeRate.objects.values_list("source", flat=True)) == {"demo values"}
    assert rollups_stored() == rollups_recomputed()
    assert all(
        values[1] == values[-1] == 0 for values in rollups_stored().values() if len(values) == 4
    )
    assert all(values[1] == 0 for values in rollups_stored().values())
    bought = Order.objects.filter(number__startswith="DEMO-M").order_by("number")
    assert [order.status for order in bought] == ["delivered", "paid", "closed"]
    assert all(order.buyer_organization_id for order in bought)
    assert bought[0].lines.values("product").distinct().count() == 2
    licences = Licence.objects.order_by("pk")
    assert [licence.status for licence in licences] == ["active", "draft", "draft"]
    assert {str(c) for licence in licences for c in licence.countries} == {"KZ"}
    active = licences[0]
    assert Market.objects.filter(
        product=active.product, region=active.regions[0], kind="adopted"
    ).exists()
    rows = (Order.objects.count(), Licence.objects.count(), Market.objects.count())
    assert demo_sales_seed() == 0
    assert demo_member_orders_seed() == 0
    assert demo_licences_seed() == 0
    assert (Order.objects.count(), Licence.objects.count(), Market.objects.count()) == rows
