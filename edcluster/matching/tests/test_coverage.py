"""Coverage of a demand by the catalog, against hand-computed figures.

Skills: python and java are narrower skills of programming (ESCO-style skill-to-skill edges);
sql, statistics and cooking stand alone. A request asks for python and sql (essential, weight 1
each) and statistics (nice to have, 0.5): 2.5 in all.
  P1 teaches python, sql                    → (1 + 1) / 2.5 = 0.8
  P2 teaches java (python's sibling), stats → (0.5 + 0.5) / 2.5 = 0.4
  P5 teaches sql, python removed by editor  → 1 / 2.5 = 0.4 (after P2: same covered count, later)
  P3 teaches programming (python's broader) → 0.5 / 2.5 = 0.2
  P4 teaches all three but is a draft       → not listed
"""

from datetime import date

from edcluster.matching.selectors.coverage import (
    Demanded,
    demand_of_occupation,
    demand_of_request,
    neighbours,
    rank_products,
)
from edcluster.matching.tests import factories
from edcluster.skills.models import Broader, Occupation, OccupationSkill, Skill, SkillGroup


def test_products_are_ranked_by_weighted_coverage_with_the_reasons(market):
    ranked = rank_products(demand_of_request(market["request"]))
    assert [(r.product.title_en, r.score) for r in ranked] == [
        ("P1", 0.8),
        ("P2", 0.4),
        ("P5", 0.4),
        ("P3", 0.2),
    ]
    first, second, _fifth, third = ranked
    assert [c.taught.label for c in first.covered] == ["python", "sql"]
    assert first.covered[0].evidence == "Uses python"
    assert [d.skill.label for d in first.missing] == ["statistics"]
    assert [o.is_online for o in first.offerings] == [True]  # the past run is not offered
    assert [(c.demanded.skill.label, c.taught.label, c.credit) for c in second.partial] == [
        ("python", "java", 0.5)
    ]
    assert [c.taught.label for c in second.covered] == ["statistics"]
    assert [(c.demanded.skill.label, c.taught.label) for c in third.partial] == [
        ("python", "programming")
    ]
    assert {d.skill.label for d in third.missing} == {"sql", "statistics"}


def test_an_occupation_is_a_demand_too(market):
    skills = market["skills"]
    occupation = Occupation.objects.create(uri="http://example.org/occupation/x", label="x")
    OccupationSkill.objects.create(
        occupation=occupation, skill=skills["python"], relation="essential"
    )
    OccupationSkill.objects.create(
        occupation=occupation, skill=skills["statistics"], relation="optional"
    )
    ranked = rank_products(demand_of_occupation(occupation.pk))
    # python 1, statistics 0.5 → P1: 1/1.5; P2: (0.5 + 0.5)/1.5; P3: 0.5/1.5
    assert [(r.product.title_en, r.score) for r in ranked] == [
        ("P1", 0.6667),
        ("P2", 0.6667),
        ("P3", 0.3333),
    ]


def test_the_request_page_and_api_show_the_ranking(market, member_editor_client, outsider_client):
    request = market["request"]
    page = member_editor_client.get(f"/en/demand/requests/{request.pk}/").content.decode()
    assert "Products that meet this demand" in page
    assert page.index(">P1<") < page.index(">P2<")
    body = outsider_client.get(f"/api/matching/coverage/requests/{request.pk}").json()
    assert [(p["title"], p["score"]) for p in body["products"]][:2] == [("P1", 0.8), ("P2", 0.4)]
    assert body["products"][1]["partial"][0]["taught_uri"].endswith("/java")
    assert {d["uri"].rsplit("/", 1)[1]: d["weight"] for d in body["demand"]} == {
        "python": 1.0,
        "sql": 1.0,
        "statistics": 0.5,
    }
    assert len(body["products"][0]["offerings"]) == 1


def test_a_demand_nobody_covers_says_so(market, anonymous_client):
    occupation = Occupation.objects.create(uri="http://example.org/occupation/chef", label="chef")
    skill = Skill.objects.create(uri="http://example.org/skill/baking", label="baking")
    OccupationSkill.objects.create(occupation=occupation, skill=skill, relation="essential")
    body = anonymous_client.get(f"/api/matching/coverage/occupations/{occupation.pk}").json()
    assert body["products"] == []
    page = anonymous_client.get(f"/en/skills/occupations/{occupation.pk}/").content.decode()
    assert "No published product teaches these skills yet" in page


def test_a_regions_posting_demand_is_a_demand_too(market, operator, operator_client):
    from edcluster.demand.models import ALL_REGIONS, SkillDemand

    skills = market["skills"]
    for name, postings in (("sql", 10), ("statistics", 5)):
        for region in ("Томская область", ALL_REGIONS):
            SkillDemand.objects.create(
                skill=skills[name], month=date(2026, 3, 1), region=region, postings=postings
            )
    # sql 1, statistics 0.5 → P1 1/1.5, P5 1/1.5, P2 0.5/1.5
    body = operator_client.get(
        "/api/matching/coverage/postings",
        {"region": "Томская область", "start": "2026-03", "end": "2026-03"},
    ).json()
    assert [(p["title"], p["score"]) for p in body["products"]] == [
        ("P1", 0.6667),
        ("P5", 0.6667),
        ("P2", 0.3333),
    ]
    page = operator_client.get(
        "/en/matching/coverage/",
        {"region": "Томская область", "start": "2026-03", "end": "2026-03"},
    )
    assert [item.product.title_en for item in page.context["ranked"]] == ["P1", "P5", "P2"]


def test_a_reversed_period_is_refused_by_the_api_and_the_pages(market, operator_client):
    reversed_period = {"start": "2026-03", "end": "2026-01"}
    for path in ("coverage/postings", "gaps"):
        answer = operator_client.get(
            f"/api/matching/{path}", reversed_period, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert answer.status_code == 422, (path, answer.content)
        assert "start, end: The first month (2026-03)" in answer.json()["detail"][0]["msg"]
    for path in ("coverage", "gaps"):
        page = operator_client.get(f"/en/matching/{path}/", reversed_period)
        assert page.context["form"].errors == {
            "end": ["The first month (2026-03) is after the last (2026-01)."]
        }


def test_neighbours_are_skill_to_skill_edges_only(market):
    """A sibling under a shared broader skill is a neighbour (half credit); two skills that share
    only a skill group are not, nor is the group itself."""
    skills = market["skills"]
    group = SkillGroup.objects.create(uri="http://example.org/group/food", label="food", code="S9")
    for name in ("baking", "pastry"):
        skills[name] = Skill.objects.create(uri=f"http://example.org/skill/{name}", label=name)
        Broader.objects.create(uri=skills[name].uri, broader_uri=group.uri)
    Broader.objects.create(uri=skills["python"].uri, broader_uri=group.uri)
    near = neighbours([skills[name].pk for name in ("python", "baking")])
    assert near[skills["python"].pk] == {skills["programming"].pk, skills["java"].pk}
    assert near[skills["baking"].pk] == set()
    factories.product_skill(product=market["products"]["P3"], skill=skills["pastry"])
    ranked = rank_products([Demanded(skills["baking"], 1.0)])
    assert ranked == []  # P3 teaches pastry, baking's sibling only under a group: no credit
    ranked = rank_products([Demanded(skills["python"], 1.0)])
    assert [(r.product.title_en, r.score) for r in ranked] == [
        ("P1", 1.0),
        ("P2", 0.5),  # java: a sibling under programming, a broader skill
        ("P3", 0.5),  # programming itself
    ]
