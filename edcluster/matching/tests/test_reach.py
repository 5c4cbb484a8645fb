"""The demand a product meets, against hand counts; the skill-level recount of every product
equals the exact count of each; a changed skill recounts its product.

Postings (month, region: skills) — the window is 2025-04 … 2026-03 (12 months to the latest):
  1  2026-03 Tomsk: python, sql         4  2026-01 Novosibirsk: cooking
  2  2026-03 Tomsk: sql                 5  2025-03 Tomsk: python   (before the window)
  3  2026-02 Novosibirsk: python, stat  6  2025-04 Tomsk: java     (its first month)
"""

import random
from datetime import date

import pytest
from django.test import Client

from edcluster.demand.models import ALL_REGIONS, JobPosting, PostingSkill
from edcluster.matching.models import ProductDemand, ProductSkill
from edcluster.matching.selectors.reach import Window, demand_window, requests_met
from edcluster.matching.services import reach
from edcluster.matching.services.product_skills import skill_add
from edcluster.matching.services.reach import product_demand_recompute, product_demand_refresh

TOMSK, NSK = "Томская область", "Новосибирская область"
POSTINGS = [
    (date(2026, 3, 1), TOMSK, ["python", "sql"]),
    (date(2026, 3, 1), TOMSK, ["sql"]),
    (date(2026, 2, 1), NSK, ["python", "statistics"]),
    (date(2026, 1, 1), NSK, ["cooking"]),
    (date(2025, 3, 1), TOMSK, ["python"]),
    (date(2025, 4, 1), TOMSK, ["java"]),
]


def post(skills: dict, rows) -> None:
    for number, (month, region, names) in enumerate(rows, start=JobPosting.objects.count() + 1):
        posting = JobPosting.objects.create(
            source="test",
            external_id=str(number),
            title="t",
            text=f"text {number}",
            text_hash=number,
            content_hash=number,
            region=region,
            fact_region=region,
            fact_month=month,
        )
        PostingSkill.objects.bulk_create(
            PostingSkill(posting=posting, skill=skills[name], score=0.9, evidence="", method="t")
            for name in names
        )


@pytest.fixture
def postings(market):
    post(market["skills"], POSTINGS)
    return market


def stored() -> dict:
    found: dict = {}
    for product_id, region, count in ProductDemand.objects.values_list(
        "product_id", "region", "postings"
    ):
        found.setdefault(product_id, {})[region] = count
    return found


def expected(market) -> dict:
    p = market["products"]
    return {
        p["P1"].pk: {ALL_REGIONS: 3, TOMSK: 2, NSK: 1},  # python, sql: 1, 2, 3 (5 is too old)
        p["P2"].pk: {ALL_REGIONS: 2, TOMSK: 1, NSK: 1},  # java, statistics: 6, 3
        p["P3"].pk: {ALL_REGIONS: 1, NSK: 1},  # programming, cooking: 4
        p["P4"].pk: {ALL_REGIONS: 3, TOMSK: 2, NSK: 1},  # the draft counts for its editors
        p["P5"].pk: {ALL_REGIONS: 2, TOMSK: 2},  # python removed: sql's 1 and 2
    }


def test_the_window_is_the_twelve_months_to_the_latest(postings):
    assert demand_window() == Window(date(2025, 4, 1), date(2026, 3, 1))


def test_each_product_counted_exactly(postings):
    product_demand_refresh([p.pk for p in postings["products"].values()])
    assert stored() == expected(postings)


def test_the_skill_level_recount_gives_the_same_numbers(postings):
    stats: dict = {}
    product_demand_recompute(stats=stats)
    assert stored() == expected(postings)
    assert (stats["postings"], stats["products"]) == (5, 5)
    product_demand_recompute()  # idempotent
    assert stored() == expected(postings)


@pytest.mark.parametrize("chunk_words", [reach.CHUNK_WORDS, 2])
def test_the_recount_equals_the_exact_count_across_chunks_and_regions(
    market, monkeypatch, chunk_words
):
    """Random postings over five regions (more than 255 in a region: counts outgrow a byte),
    bitmapped whole or two words at a time, so that chunks cut through regions: every
    product's numbers equal its exact count."""
    generator = random.Random(5)
    names = list(market["skills"])
    regions = ["A", "B", "C", "D", ""]
    post(
        market["skills"],
        [
            (
                date(2026, generator.randint(1, 6), 1),
                generator.choice(regions),
                generator.sample(names, generator.randint(1, 3)),
            )
            for _ in range(1500)
        ],
    )
    monkeypatch.setattr(reach, "CHUNK_WORDS", chunk_words)
    product_demand_recompute()
    bitmaps = stored()
    ProductDemand.objects.all().delete()
    product_demand_refresh([p.pk for p in market["products"].values()])
    assert bitmaps == stored()
    assert max(bitmaps[market["products"]["P1"].pk].values()) > 255


def test_an_added_skill_recounts_the_product(
    postings, member_editor, django_capture_on_commit_callbacks
):
    p3 = postings["products"]["P3"]
    product_demand_refresh([p3.pk])
    with django_capture_on_commit_callbacks(execute=True):
        skill_add(product=p3, skill=postings["skills"]["sql"], actor=member_editor)
    assert stored()[p3.pk] == {ALL_REGIONS: 3, TOMSK: 2, NSK: 1}  # 1, 2 and 4
    ProductSkill.objects.filter(product=p3).delete()
    product_demand_refresh([p3.pk])
    assert stored()[p3.pk] == {ALL_REGIONS: 0}


def test_requests_met_and_the_page_and_api(postings, member_editor, outsider):
    p1 = postings["products"]["P1"]
    product_demand_refresh([p1.pk])
    met = requests_met(p1)
    # the market's request: python and sql essential, statistics nice → 2 of 2.5
    assert [(item["request"], item["score"]) for item in met] == [(postings["request"], 0.8)]
    reader = Client()
    reader.force_login(outsider)  # staff of another member reads the market's demand
    page = reader.get(f"/en/catalog/{p1.slug}/").content.decode()
    assert "Demand it meets" in page
    assert "3 job postings of 04.2025–03.2026 ask for at least one skill it teaches" in page
    assert "Demand it meets" not in Client().get(f"/en/catalog/{p1.slug}/").content.decode()
    body = reader.get(f"/api/matching/products/{p1.slug}/demand").json()
    assert (body["start"], body["end"], body["postings"]) == ("2025-04-01", "2026-03-01", 3)
    assert body["regions"] == [{"region": TOMSK, "postings": 2}, {"region": NSK, "postings": 1}]
    assert [(s["label"], s["postings"]) for s in body["skills"]] == []  # no rollups here
    assert body["requests"][0]["score"] == 0.8
    assert Client().get(f"/api/matching/products/{p1.slug}/demand").status_code == 401
