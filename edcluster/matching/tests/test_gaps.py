"""Market gaps against hand counts (the market of conftest: sql, java, statistics, python,
programming and cooking are taught by published products).

Postings, period 2025-09 … 2026-03 (weights: March 1, September 0.5):
  sql       10 in March                    → taught: no gap
  baking     4 in March + 8 in September   → 4 + 4 = 8.0, 12 postings
  pastry     6 in March                    → 6.0
  golang     5 in March (under programming, next to the taught python and java)
                                           → a gap only when the skill itself must be taught
"""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.utils import translation

from edcluster.demand.models import ALL_REGIONS, JobPosting, PostingSkill, SkillDemand
from edcluster.demand.selectors import analytics
from edcluster.matching.selectors.gaps import gaps_by_group, market_gaps
from edcluster.skills.models import Broader, Occupation, Skill, SkillGroup

TOMSK = "Томская область"
PERIOD = analytics.Period(date(2025, 9, 1), date(2026, 3, 1))


@pytest.fixture
def demand(market):
    skills = dict(market["skills"])
    for name in ("baking", "pastry", "golang"):
        skills[name] = Skill.objects.create(uri=f"http://example.org/skill/{name}", label=name)
    food = SkillGroup.objects.create(uri="http://example.org/group/food", label="food", code="S9")
    for name in ("baking", "pastry"):
        Broader.objects.create(uri=skills[name].uri, broader_uri=food.uri)
    Broader.objects.create(uri=skills["golang"].uri, broader_uri=skills["programming"].uri)
    analytics._top_groups.cache_clear()
    for name, month, postings in [
        ("sql", date(2026, 3, 1), 10),
        ("baking", date(2026, 3, 1), 4),
        ("baking", date(2025, 9, 1), 8),
        ("pastry", date(2026, 3, 1), 6),
        ("golang", date(2026, 3, 1), 5),
    ]:
        for region in (TOMSK, ALL_REGIONS):
            SkillDemand.objects.create(
                skill=skills[name], month=month, region=region, postings=postings
            )
    return skills


def _gaps(found):
    return [(g.skill.label, g.postings, g.demand, g.best_credit) for g in found]


def test_gaps_by_recency_weighted_demand(demand):
    assert _gaps(market_gaps(period=PERIOD, region=TOMSK)) == [
        ("baking", 12, 8.0, 0.0),
        ("pastry", 6, 6.0, 0.0),
        ("golang", 5, 5.0, 0.5),
    ]
    assert [g[0] for g in _gaps(market_gaps(period=PERIOD, threshold=0.5))] == ["baking", "pastry"]
    groups = gaps_by_group(market_gaps(period=PERIOD))
    assert [(g["label"], g["demand"], g["skills"]) for g in groups] == [
        ("food", 14.0, 2),
        ("", 5.0, 1),
    ]
    march = analytics.Period(date(2026, 3, 1), date(2026, 3, 1))
    assert _gaps(market_gaps(period=march))[0] == ("pastry", 6, 6.0, 0.0)  # baking: 4 in March


def test_an_occupations_gaps_come_from_its_postings(demand):
    chef = Occupation.objects.create(uri="http://example.org/occupation/chef", label="chef")
    other = Occupation.objects.create(uri="http://example.org/occupation/other", label="other")
    for number, (occupation, skill) in enumerate(
        [(chef, "baking"), (chef, "baking"), (chef, "sql"), (other, "pastry")]
    ):
        posting = JobPosting.objects.create(
            source="t",
            external_id=str(number),
            title="x",
            text=f"x {number}",
            text_hash=number,
            content_hash=number,
            fact_month=date(2026, 3, 1),
            fact_region=TOMSK,
            fact_occupation=occupation,
        )
        PostingSkill.objects.create(
            posting=posting, skill=demand[skill], score=1, evidence="", method="lexical"
        )
    assert _gaps(market_gaps(period=PERIOD, occupation=chef)) == [("baking", 2, 2.0, 0.0)]


def test_the_page_api_and_downloads(demand, operator_client, outsider_client):
    query = {"region": TOMSK, "start": "2025-09", "end": "2026-03"}
    page = operator_client.get("/en/matching/gaps/", query)
    assert [g.skill.label for g in page.context["gaps"]] == ["baking", "pastry", "golang"]
    assert "Market gaps" in page.content.decode()
    response = outsider_client.get("/api/matching/gaps", {**query, "threshold": 0.5})
    body = response.json()
    assert response.status_code == 200, body
    assert [(g["label"], g["demand"]) for g in body["gaps"]] == [("baking", 8.0), ("pastry", 6.0)]
    assert body["groups"][0]["code"] == "S9"
    table = operator_client.get("/en/matching/gaps.csv", query).content.decode("utf-8-sig")
    assert table.splitlines()[0] == (
        "uri,skill,skill_ru,postings,weighted_demand,best_coverage,group"
    )
    assert "http://example.org/skill/baking,baking,,12,8.0,0.0,http://example.org/group/food" in (
        table
    )
    bad = operator_client.get("/en/matching/gaps/", {"occupation": "astronaut"})
    assert "No occupation is called" in bad.content.decode()


def _pillar(demand) -> dict[str, str]:
    """ESCO's shape above some demanded skills: the skills pillar S (S1 → S1.1 → S1.1.1), the
    knowledge pillar K by ISCED-F field (06 → 061), the transversal pillar T (T1 → T1.1).
    Returns each skill's name → the group its gaps roll up to."""
    made = {}
    for code, uri, parent in [
        ("S", "esco/S", None),
        ("S1", "esco/S1", "esco/S"),
        ("S1.1", "esco/S1.1", "esco/S1"),
        ("S1.1.1", "esco/S1.1.1", "esco/S1.1"),
        ("S2", "esco/S2", "esco/S"),
        ("K", "esco/K", None),
        ("", "isced-f/06", "esco/K"),
        ("", "isced-f/061", "isced-f/06"),
        ("T", "esco/T", None),
        ("T1", "esco/T1", "esco/T"),
        ("T1.1", "esco/T1.1", "esco/T1"),
    ]:
        made[uri] = SkillGroup.objects.create(uri=uri, label=code or uri, code=code)
        if parent:
            Broader.objects.create(uri=uri, broader_uri=parent)
    placed = {
        "negotiate": ("esco/S1.1.1", "esco/S1.1"),  # third level: rolls up to the second
        "lead": ("esco/S2", "esco/S2"),  # right under a first-level group: that group
        "databases": ("isced-f/061", "isced-f/06"),  # knowledge: its field of education
        "teamwork": ("esco/T1.1", "esco/T1"),  # transversal: its group
    }
    for name, (parent, _group) in placed.items():
        demand[name] = Skill.objects.create(uri=f"http://example.org/skill/{name}", label=name)
        Broader.objects.create(uri=demand[name].uri, broader_uri=parent)
        for region in (TOMSK, ALL_REGIONS):
            SkillDemand.objects.create(
                skill=demand[name], month=date(2026, 3, 1), region=region, postings=3
            )
    # a narrower skill rolls up with its broader one
    demand["contracts"] = Skill.objects.create(uri="http://example.org/skill/contracts", label="c")
    Broader.objects.create(uri=demand["contracts"].uri, broader_uri=demand["negotiate"].uri)
    analytics._top_groups.cache_clear()
    return {name: group for name, (_parent, group) in placed.items()} | {"contracts": "esco/S1.1"}


def test_gaps_roll_up_to_the_real_groups_not_the_three_roots(demand):
    """The skills pillar to its second level (its first where a skill hangs right under it),
    knowledge to its field of education, transversal skills to their group: so drafting from
    the N groups with most demand has more than ESCO's three roots to choose from."""
    expected = _pillar(demand)
    groups = analytics.rollup_groups()
    assert {name: groups[demand[name].pk] for name in expected} == expected
    assert groups[demand["baking"].pk] == "http://example.org/group/food"  # a group of its own
    rolled = gaps_by_group(market_gaps(period=PERIOD, region=TOMSK))
    assert {row["uri"] for row in rolled} >= {"esco/S1.1", "esco/S2", "isced-f/06", "esco/T1"}
    assert not {row["uri"] for row in rolled} & {"esco/S", "esco/K", "esco/T"}


def test_the_real_esco_rolls_up_to_many_groups(taxonomy):
    """The mini release cut from ESCO (every group, the edges above its skills): its skills
    roll up to more groups than the pillar's roots, and never to a root."""
    groups = analytics.rollup_groups()
    roots = set(
        SkillGroup.objects.filter(code__in=["S", "K", "T", "L"]).values_list("uri", flat=True)
    )
    rolled = {uri for uri in groups.values() if uri}
    assert len(rolled) > 10, rolled
    assert not rolled & roots


# Proposals from the gaps ------------------------------------------------------------------


def _baker(demand):
    posting = JobPosting.objects.create(
        source="t",
        external_id="b",
        title="Пекарь",
        text="Выпечка",
        text_hash=1,
        content_hash=1,
        employer="ООО «Пекарня»",
        fact_month=date(2026, 3, 1),
        fact_region=TOMSK,
    )
    PostingSkill.objects.create(
        posting=posting, skill=demand["baking"], score=1, evidence="", method="lexical"
    )


def test_a_proposal_names_skills_outcomes_employers_and_a_consortium(demand, operator):
    from edcluster.matching.services.proposals import proposal_draft

    _baker(demand)
    proposal = proposal_draft(
        gaps=market_gaps(period=PERIOD, region=TOMSK), period=PERIOD, region=TOMSK, actor=operator
    )
    assert set(proposal.skills.values_list("label", flat=True)) == {"baking", "pastry", "golang"}
    assert proposal.title_en == "Professional development course “Baking and pastry”"
    assert proposal.title_ru == "Курс повышения квалификации «Baking и pastry»"  # no Russian names
    assert proposal.outcomes[0] == {  # knowledge, not a skill
        "en": "Knows the foundations of baking and applies them in professional tasks",
        "ru": "Знает основы области «baking» и применяет их в профессиональных задачах",
    }
    assert proposal.employers == [
        {"organization": "", "name": "ООО «Пекарня»", "source": "postings", "postings": 1}
    ]
    # acme's P1 teaches python, next to golang: 0.5 of one of three skills
    assert [(m["organization"], m["score"]) for m in proposal.consortium] == [("acme", 0.1667)]
    assert proposal.consortium_in_language()[0]["reasons"] == [
        {
            "skill": "golang",
            "via": "python",
            "product": "P1",
            "skill_ru": "",
            "skill_en": "golang",
            "via_ru": "",
            "via_en": "python",
            "product_ru": "",
            "product_en": "P1",
        }
    ]


def test_a_consortiums_names_are_read_in_the_readers_language(demand, operator):
    from django.utils import translation

    from edcluster.catalog.models import Product
    from edcluster.matching.services.proposals import proposal_draft

    Product.objects.filter(title_en="P1").update(title_ru="Программирование", title_en="")
    Skill.objects.filter(label="python").update(label_ru="Пайтон")
    proposal = proposal_draft(
        gaps=market_gaps(period=PERIOD, region=TOMSK), period=PERIOD, region=TOMSK, actor=operator
    )

    def read(language):
        with translation.override(language):
            member = proposal.consortium_in_language()[0]
            return member["name"], [(r["skill"], r["via"], r["product"]) for r in member["reasons"]]

    # a product with a Russian title only is named in English too (the fallback)
    assert read("en") == ("Organization acme", [("golang", "python", "Программирование")])
    assert read("ru") == ("Организация acme", [("golang", "Пайтон", "Программирование")])
    with translation.override("ru"):
        assert proposal.title == "Курс повышения квалификации «Baking и pastry»"
    with translation.override("en"):
        assert str(proposal) == "Professional development course “Baking and pastry”"


def test_accepting_creates_the_draft_product_with_the_chosen_owners(
    demand, operator, operator_client, organization, other_organization
):
    from edcluster.catalog.models import ProductOwner
    from edcluster.matching.models import ProductSkill, Proposal

    made = operator_client.post(
        "/en/matching/proposals/new/?region=%D0%A2%D0%BE%D0%BC%D1%81%D0%BA%D0%B0%D1%8F+"
        "%D0%BE%D0%B1%D0%BB%D0%B0%D1%81%D1%82%D1%8C&start=2025-09&end=2026-03"
        "&group=http%3A%2F%2Fexample.org%2Fgroup%2Ffood"
    )
    proposal = Proposal.objects.get()
    assert made["Location"] == f"/en/matching/proposals/{proposal.pk}/"
    assert set(proposal.skills.values_list("label", flat=True)) == {"baking", "pastry"}
    page = operator_client.get(made["Location"])
    assert page.context["accept"] is not None
    refused = operator_client.post(f"/en/matching/proposals/{proposal.pk}/decline/", {})
    assert refused.status_code == 400
    accepted = operator_client.post(
        f"/en/matching/proposals/{proposal.pk}/accept/", {"members": ["globex", "acme"]}
    )
    assert accepted.status_code == 302
    proposal.refresh_from_db()
    assert proposal.product is not None
    product = proposal.product
    assert (proposal.status, product.status, product.stage) == ("accepted", "draft", "idea")
    owners = dict(
        ProductOwner.objects.filter(product=product).values_list("organization__slug", "role")
    )
    assert owners == {"acme": "lead", "globex": "partner"}  # acme was suggested first
    assert list(product.outcomes.values_list("text", flat=True)) == [
        "Знает основы области «baking» и применяет их в профессиональных задачах",
        "Знает основы области «pastry» и применяет их в профессиональных задачах",
    ]
    links = ProductSkill.objects.filter(product=product)
    assert set(links.values_list("skill__label", "decision")) == {
        ("baking", "confirmed"),
        ("pastry", "confirmed"),
    }
    again = operator_client.post(
        f"/en/matching/proposals/{proposal.pk}/decline/", {"reason": "late"}
    )
    assert again.status_code == 400


def test_the_api_drafts_accepts_and_declines_for_operators_only(
    demand, operator_client, member_editor_client
):
    body = {"region": TOMSK, "start": "2025-09", "end": "2026-03"}
    refused = member_editor_client.post(
        "/api/matching/proposals", body, content_type="application/json"
    )
    assert refused.status_code == 403
    created = operator_client.post("/api/matching/proposals", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert member_editor_client.get(f"/api/matching/proposals/{pk}").status_code == 200
    unknown = operator_client.post(
        f"/api/matching/proposals/{pk}/accept",
        {"members": ["nobody"]},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert "members" in unknown.json()["errors"]
    declined = operator_client.post(
        f"/api/matching/proposals/{pk}/decline",
        {"reason": "Covered by a partner abroad"},
        content_type="application/json",
    )
    assert (declined.json()["status"], declined.json()["reason"]) == (
        "declined",
        "Covered by a partner abroad",
    )


def test_the_scheduled_drafting_drafts_once_per_waiting_group(demand, operator):
    from io import StringIO

    from django.core.management import call_command

    from edcluster.matching.models import Proposal
    from edcluster.matching.services.proposals import proposal_decline

    out = StringIO()
    call_command("matching_draft_proposals", "--groups", "1", stdout=out)
    proposal = Proposal.objects.get()
    assert "1 proposals drafted" in out.getvalue()
    # the group with the most uncovered demand: food (baking 8.0 + pastry 6.0), the last year's
    assert (proposal.group, proposal.start, proposal.end) == (
        "http://example.org/group/food",
        date(2025, 4, 1),
        date(2026, 3, 1),
    )
    assert set(proposal.skills.values_list("label", flat=True)) == {"baking", "pastry"}
    assert proposal.created_by is None
    call_command("matching_draft_proposals", "--groups", "1", stdout=StringIO())
    assert Proposal.objects.count() == 1  # still waiting: not drafted twice
    proposal_decline(proposal=proposal, reason="Not ours", actor=operator)
    call_command("matching_draft_proposals", "--groups", "1", stdout=StringIO())
    assert Proposal.objects.filter(status="proposed").count() == 1


def test_one_waiting_proposal_per_group_and_region(demand, operator, operator_client):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from edcluster.matching.models import Proposal
    from edcluster.matching.services.proposals import proposal_decline, proposal_draft
    from edcluster.matching.tests import factories

    food = [g for g in market_gaps(period=PERIOD, region=TOMSK) if g.group.endswith("/food")]
    first = proposal_draft(gaps=food, period=PERIOD, region=TOMSK, actor=operator)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        # another period: still the same group
        proposal_draft(gaps=food, period=analytics.period_of(), region=TOMSK, actor=operator)
    assert refused.value.message_dict == {
        "group": [
            f"Proposal #{first.pk} for this skill group and region is still waiting: "
            "accept or decline it first."
        ]
    }
    other_region = proposal_draft(gaps=food, period=PERIOD, region="", actor=operator)
    assert other_region.group == first.group
    # the page says so on the gaps page; the API answers 400 naming the group
    query = urlencode({"region": TOMSK, "group": first.group})
    page = operator_client.post(f"/en/matching/proposals/new/?{query}", follow=True)
    assert f"Proposal #{first.pk} for this skill group" in page.content.decode()
    answer = operator_client.post(
        "/api/matching/proposals",
        {"region": TOMSK, "group": first.group},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["group"]
    # the database holds the rule too, whoever writes
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.proposal(group=first.group, region=TOMSK)
    assert Proposal.objects.filter(status="proposed", region=TOMSK).count() == 1
    proposal_decline(proposal=first, reason="Not ours", actor=operator)
    again = proposal_draft(gaps=food, period=PERIOD, region=TOMSK, actor=operator)
    assert again.status == "proposed"


def test_the_scheduled_drafting_skips_a_group_waiting_from_another_period(demand, operator):
    from edcluster.matching.models import Proposal
    from edcluster.matching.services.proposals import proposal_draft, proposals_draft_from_gaps

    food = [g for g in market_gaps(period=PERIOD) if g.group.endswith("/food")]
    waiting = proposal_draft(gaps=food, period=PERIOD, actor=operator)
    assert (waiting.start, waiting.end) != (analytics.period_of().start, analytics.period_of().end)
    assert proposals_draft_from_gaps(groups=1) == []
    assert Proposal.objects.count() == 1
