"""The demo catalog: enough published products of the demo cluster's members to show every
page, each through the catalog's services, and seeding twice changes nothing."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from edcluster.catalog.demo import SOURCE_SYSTEM, TEXTS, demo_catalog_seed, demo_products
from edcluster.catalog.models import LearningOutcome, Market, Offering, Product, StageChange
from edcluster.catalog.tests.factories import published
from edcluster.core.models import AuditEntry
from edcluster.organizations.demo import demo_cluster_seed
from edcluster.organizations.reference import reference_data_load
from edcluster.organizations.tests.factories import organization_make

CONCEPTS = {"standard", "technology", "concept"}
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def _counts() -> tuple[int, ...]:
    return (
        Product.objects.count(),
        LearningOutcome.objects.count(),
        Offering.objects.count(),
        Market.objects.count(),
        StageChange.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def seeded(db):
    reference_data_load(data_dir=settings.DATA_DIR)
    demo_cluster_seed(data_dir=settings.DATA_DIR)
    total, new = demo_catalog_seed(data_dir=settings.DATA_DIR)
    assert total == new == len(demo_products(settings.DATA_DIR))
    return Product.objects.filter(source_system=SOURCE_SYSTEM)


def test_seeding_twice_changes_nothing_and_every_step_went_through_the_services(seeded):
    before = _counts()
    assert demo_catalog_seed(data_dir=settings.DATA_DIR) == (seeded.count(), 0)
    assert _counts() == before
    product = seeded.get(external_id="tpu-sylu-22")
    verbs = set(AuditEntry.objects.filter(target_id=str(product.pk)).values_list("verb", flat=True))
    assert {"product.created", "product.owner_added", "product.stage", "product.published"} <= (
        verbs
    )
    assert product.published_at is not None
    assert product.published_at.date() < timezone.localdate()


def test_the_catalog_has_every_kind_stage_term_and_market(seeded):
    published = seeded.filter(status=Product.Status.PUBLISHED)
    assert published.count() >= 60
    assert seeded.filter(status=Product.Status.IN_REVIEW).count() >= 3
    assert set(published.values_list("kind", flat=True)) == set(Product.Kind.values)
    assert set(published.values_list("stage", flat=True)) == set(Product.Stage.values)
    for product in seeded:
        empty = [name for name in TEXTS if not getattr(product, name).strip()]
        assert empty == [], product.slug
        assert CYRILLIC.search(product.title_ru)
        assert not CYRILLIC.search(product.title_en)
        assert 3 <= product.outcomes.count() <= 8, product.slug
        assert product.field is not None and product.eqf_level or product.kind in CONCEPTS
    assert seeded.filter(priority_areas__isnull=False).distinct().count() >= 55

    co_owned = seeded.annotate(owners_count=Count("ownerships")).filter(owners_count__gt=1)
    assert co_owned.count() >= 10
    assert co_owned.filter(ownerships__organization__is_sme=True).exists()
    assert co_owned.filter(ownerships__organization__is_key_company=True).exists()
    assert seeded.filter(is_free=True).exists()
    assert seeded.filter(is_free=False, price__gt=0, currency="RUB").exists()
    markets = Market.objects.filter(product__in=seeded)
    assert markets.exclude(country="RU").values("country").distinct().count() >= 5
    assert markets.filter(country="RU").exclude(region="Томская область").exists()
    assert markets.filter(kind=Market.Kind.ADOPTED).exists()

    today = timezone.localdate()
    runs = Offering.objects.filter(product__in=seeded)
    assert sum(run.availability(today) == "open" for run in runs) >= 20
    assert runs.filter(starts_on__lt=today).exists()
    for product in seeded.filter(stage=Product.Stage.REPLICATED):
        dates = list(product.stage_changes.values_list("on", flat=True))
        assert dates == sorted(dates)
        assert len(dates) >= 3
        assert dates[0] < today - timedelta(days=365)
    assert not StageChange.objects.filter(product__in=seeded, on__gt=today).exists()


def test_demo_products_are_marked_demo_in_the_catalog_and_on_their_page(db, client):
    owner = organization_make("demo-owner")
    product = published(
        owner=owner,
        title_en="Demo course",
        source_system=SOURCE_SYSTEM,
        external_id="demo-course",
    )
    other = published(owner=owner, title_en="Real course")
    with translation.override("en"):
        listing = client.get(reverse("catalog:catalog")).content.decode()
        page = client.get(reverse("catalog:product", args=[product.slug])).content.decode()
        real = client.get(reverse("catalog:product", args=[other.slug])).content.decode()
    assert listing.count('class="badge demo"') == 1
    assert 'class="badge demo"' in page
    assert 'class="badge demo"' not in real
