"""While postings wait for extraction or products for linking (the background work `make run`
starts), the pages built on them say so, counted from the data, instead of drawing
conclusions; the notice goes when the work is done."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from edcluster.catalog import services as catalog
from edcluster.catalog.models import Product
from edcluster.demand.models import JobPosting
from edcluster.demand.tests.factories import postings_make
from edcluster.matching.models import ProductLinking

PAGES = ["matching:gaps", "matching:coverage", "matching:proposals", "demand:analytics"]
NOTICE = "Still being processed in the background"


@pytest.fixture
def waiting(organization, member_editor):
    """Three postings, one extracted; two published products with outcomes, none linked."""
    postings_make(
        [{"external_id": f"p{n}", "title": "Developer", "text": f"Python {n}"} for n in range(3)]
    )
    JobPosting.objects.filter(external_id="p0").update(extracted_at=timezone.now())
    for title in ("Data course", "SQL course"):
        product = catalog.product_create(
            owner=organization,
            actor=member_editor,
            fields={"kind": "short_course", "title_en": title},
            outcomes=[("use databases", "en")],
        )
        Product.objects.filter(pk=product.pk).update(status=Product.Status.PUBLISHED)
    return Product.objects.all()


def _page(client, name: str, language: str = "en") -> str:
    with translation.override(language):
        answer = client.get(reverse(name))
    assert answer.status_code == 200
    return answer.content.decode()


def test_pages_count_what_waits_and_draw_no_conclusion(waiting, operator_client):
    for name in PAGES:
        page = _page(operator_client, name)
        assert NOTICE in page, name
        assert "job postings with their skills extracted — 1 of 3" in page, name
    gaps = _page(operator_client, "matching:gaps")
    assert "published products with their learning outcomes linked to skills — 0 of 2" in gaps
    assert "every demanded skill is taught" not in gaps
    assert "Not known yet: the gaps are found once the processing above is done." in gaps
    coverage = _page(operator_client, "matching:coverage")
    assert "No published product teaches these skills yet" not in coverage
    assert "Not ranked yet: the demand is still being counted (see above)." in coverage


def test_the_notice_goes_when_the_work_is_done(waiting, operator_client):
    JobPosting.objects.update(extracted_at=timezone.now())
    for product in waiting:
        ProductLinking.objects.create(product=product, outcomes_key=0)
    for name in PAGES:
        assert NOTICE not in _page(operator_client, name), name
    assert "every demanded skill is taught" in _page(operator_client, "matching:gaps")


def test_russian_pages_say_it_in_russian(waiting, operator_client):
    page = _page(operator_client, "matching:gaps", "ru")
    assert "Ещё обрабатывается в фоне" in page
    assert "вакансии с извлечёнными навыками — 1 из 3" in page
