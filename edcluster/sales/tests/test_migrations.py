"""Migration 0005 fills the rollups by report from the monthly rollup, and top buyers from the
lines, so an existing database reads the same reports."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("sales", "0004_order_document")]
AFTER = [("sales", "0005_rollups_by_report")]


@pytest.mark.django_db(transaction=True)
def test_the_rollups_by_report_are_filled_from_the_monthly_rollup():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    organization = apps.get_model("organizations", "Organization").objects.create(
        slug="tsu", name_en="TSU", country="RU", region="Томская область"
    )
    product = apps.get_model("catalog", "Product").objects.create(
        kind="short_course", title_en="Data", slug="data"
    )
    order = apps.get_model("sales", "Order").objects.create(
        number="1", buyer_kind="organization", buyer_name="Astana IT Hub", buyer_country="KZ",
        status="signed", status_on=date(2026, 3, 2), signed_on=date(2026, 3, 2),
    )  # fmt: skip
    apps.get_model("sales", "Seller").objects.create(
        order=order, organization=organization, share=100
    )
    for currency in ("RUB", "CNY"):  # no CNY rate: left out and counted
        apps.get_model("sales", "Line").objects.create(
            order=order, product=product, quantity=2, unit="learners", unit_price=50,
            currency=currency, flow="export_abroad",
        )  # fmt: skip
    apps.get_model("sales", "Rollup").objects.create(
        month=date(2026, 3, 1), product=product, member=organization, country="KZ",
        flow="export_abroad", contracted=Decimal(100), contracted_missing=1,
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    quarter = apps.get_model("sales", "QuarterRollup").objects
    assert sorted(quarter.values_list("member", "year", "quarter", "contracted")) == [
        (0, 2026, 1, Decimal(100)),
        (organization.pk, 2026, 1, Decimal(100)),
    ]
    assert apps.get_model("sales", "ProductRollup").objects.count() == 4  # 2 members × 2 years
    assert apps.get_model("sales", "PlaceRollup").objects.count() == 2
    buyers = apps.get_model("sales", "BuyerRollup").objects
    assert sorted(buyers.values_list("year", "contracted", "contracted_missing", "orders")) == [
        (0, Decimal(100), 1, 1),
        (2026, Decimal(100), 1, 1),
    ]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
