"""Quality in the catalog's list (registered through core.facets, the catalog importing no
quality): the "quality index at least" facet, the order by index and the badge on cards."""

import pytest

from edcluster.core import facets
from edcluster.quality.tests.factories import (
    assignment_make,
    expert_make,
    product_make,
    review_make,
)

pytestmark = pytest.mark.django_db


def _indexed(organization) -> dict:
    made = {
        "best": product_make(organization, title_en="Best welding"),
        "fair": product_make(organization, title_en="Fair welding"),
        "none": product_make(organization, title_en="Unrated welding"),
    }
    review_make(assignment_make(made["best"], expert_make("a@example.org")), 5)  # 100.0
    review_make(assignment_make(made["fair"], expert_make("b@example.org")), 3)  # 50.0
    return made


def _titles(page: str) -> list[str]:
    found = [t for t in ("Best welding", "Fair welding", "Unrated welding") if t in page]
    return sorted(found, key=page.index)


def test_quality_registers_its_facet_order_and_badge_for_products():
    assert [facet.name for facet in facets.facets_of("catalog.product")] == ["quality"]
    assert [order.name for order in facets.orders_of("catalog.product")] == ["quality"]


def test_the_catalog_filters_by_a_band_of_the_index(client, organization):
    _indexed(organization)
    assert _titles(client.get("/en/catalog/", {"quality": "70"}).content.decode()) == [
        "Best welding"
    ]
    both = _titles(client.get("/en/catalog/", {"quality": "50"}).content.decode())
    assert sorted(both) == ["Best welding", "Fair welding"]
    everything = client.get("/en/catalog/", {"quality": "33"})  # not a band: ignored, as any
    assert len(_titles(everything.content.decode())) == 3


def test_the_catalog_sorts_by_index_best_first_unrated_last(client, organization):
    _indexed(organization)
    page = client.get("/en/catalog/", {"sort": "quality"}).content.decode()
    assert _titles(page) == ["Best welding", "Fair welding", "Unrated welding"]
    worded = client.get("/en/catalog/", {"sort": "quality", "q": "welding"}).content.decode()
    assert _titles(worded) == ["Best welding", "Fair welding", "Unrated welding"]


def test_cards_show_the_index_badge_in_the_pages_language(client, organization):
    made = _indexed(organization)
    page = client.get("/en/catalog/").content.decode()
    assert "Quality 100.0 of 100" in page
    assert "Quality 50.0 of 100" in page
    card = page[page.index("Unrated welding") :]
    assert "quality-badge" not in card[: card.index("</li>")]
    russian = client.get("/ru/catalog/", {"q": made["fair"].title_en}).content.decode()
    assert "50,0" in russian


def test_badges_cost_one_query_for_the_page(client, organization, django_assert_max_num_queries):
    _indexed(organization)
    with django_assert_max_num_queries(60) as few:
        client.get("/en/catalog/")
    for number in range(6):
        review_make(
            assignment_make(
                product_make(organization, title_en=f"More {number}"),
                expert_make(f"m{number}@example.org"),
            ),
            4,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/catalog/")
