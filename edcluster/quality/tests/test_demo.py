"""The demo's quality records: ten products reviewed by two experts, one with a divergence and
its third review, six runs answered (four with five answers or more), an accepted offer rated,
three orders rated by their buyers, indices with their formula; seeding again adds nothing."""

import pytest
from django.conf import settings

from edcluster.catalog.demo import demo_catalog_seed
from edcluster.core.demo import DemoOptions
from edcluster.demand.tests.factories import request_make
from edcluster.organizations.demo import demo_cluster_seed
from edcluster.organizations.models import Organization
from edcluster.organizations.reference import reference_data_load
from edcluster.partnerships.demo import demo_agreements_seed
from edcluster.quality import selectors
from edcluster.quality.demo_seed import seed
from edcluster.quality.models import (
    EmployerFeedback,
    LearnerAnswer,
    QualityIndex,
    Review,
    ReviewAssignment,
)
from edcluster.sales.demo import demo_member_orders_seed, demo_sales_seed

pytestmark = pytest.mark.django_db


def test_demo_quality():
    reference_data_load(data_dir=settings.DATA_DIR)
    demo_cluster_seed(data_dir=settings.DATA_DIR)
    demo_catalog_seed(data_dir=settings.DATA_DIR)
    demo_agreements_seed(data_dir=settings.DATA_DIR)
    demo_sales_seed()
    demo_member_orders_seed()
    request_make(Organization.objects.get(slug="siberian-petrochemical"))
    seeded = seed(DemoOptions(data_dir=settings.DATA_DIR, logins=False))
    assert seeded.summary.startswith("quality: 10 products reviewed")
    third = ReviewAssignment.objects.get(is_third=True)
    # Relevance is set 2 points apart; the seeded scores may add another criterion.
    assert "relevance" in selectors.divergent_criteria(
        product_id=third.product_id, cycle=third.cycle
    )
    assert Review.objects.count() == 21
    per_run: dict[int, int] = {}
    for offering_id in LearnerAnswer.objects.values_list("offering_id", flat=True):
        per_run[offering_id] = per_run.get(offering_id, 0) + 1
    assert len(per_run) == 6
    assert sum(1 for count in per_run.values() if count >= 5) == 4
    assert EmployerFeedback.objects.filter(offer__isnull=False).count() == 1
    rated = EmployerFeedback.objects.filter(order__isnull=False)
    assert rated.values("order").distinct().count() == 3
    assert rated.count() == 4  # the first order has two products: one row each
    for feedback in rated.select_related("order", "author"):
        author, order = feedback.author, feedback.order
        assert author is not None
        assert order is not None
        assert author.memberships.filter(organization=order.buyer_organization_id).exists()
        index = QualityIndex.objects.get(product=feedback.product_id, cycle=feedback.cycle)
        assert index.inputs["employers"]["n"] >= 1
    assert QualityIndex.objects.filter(value__isnull=False).count() == 10
    before = (Review.objects.count(), LearnerAnswer.objects.count(), rated.count())
    seed(DemoOptions(data_dir=settings.DATA_DIR, logins=False))
    assert (Review.objects.count(), LearnerAnswer.objects.count(), rated.count()) == before


def test_a_flushed_scoresheet_is_written_again_as_its_migration_wrote_it():
    from edcluster.core.demo import migration_rows_restore
    from edcluster.quality.models import CriteriaSet

    migrated = list(CriteriaSet.objects.get().criteria.values_list("code", "weight"))
    CriteriaSet.objects.all().delete()  # what a flush leaves
    migration_rows_restore("quality", "0002_default_scoresheet", "create")
    restored = CriteriaSet.objects.get()
    assert restored.version == 1
    assert list(restored.criteria.values_list("code", "weight")) == migrated
    migration_rows_restore("quality", "0002_default_scoresheet", "create")  # never twice
    assert CriteriaSet.objects.count() == 1
