"""Demand by priority area, against hand counts: postings through their occupation's ISCO-08
group, requests through the area they name or else their occupation."""

from datetime import date

import pytest
from django.utils import timezone

from edcluster.demand.ingest import ingest_records
from edcluster.demand.selectors import SkillChoice, analytics, posting_list
from edcluster.demand.selectors.priorities import ISCO_GROUPS, priority_demand
from edcluster.demand.services import request_create, run_extract
from edcluster.organizations.models import PriorityArea
from edcluster.organizations.tests.factories import priority_area_make
from edcluster.skills.models import Occupation, Skill

TOMSK, NSK = "Томская область", "Новосибирская область"
P2011, P2024 = PriorityArea.List.DECREE_899_2011, PriorityArea.List.DECREE_529_2024
RECORDS = [
    ("1", "Программист", "Программирование на Python.", "2026-01-10", TOMSK),  # 2512
    ("2", "Химик", "Лабораторные испытания.", "2026-01-15", TOMSK),  # 2113
    ("3", "Программист", "SQL.", "2026-02-05", NSK),  # 2512
    ("4", "higher education lecturer", "Teach in academic contexts.", "2026-02-07", TOMSK),
    ("5", "Программист", "Python и SQL.", "2025-12-01", TOMSK),  # before the period
]


@pytest.fixture
def areas(db) -> dict[tuple[str, str], PriorityArea]:
    made: dict[tuple[str, str], PriorityArea] = {}
    for key in [(P2011, "2"), (P2011, "3"), (P2024, "4"), (P2024, "6")]:
        made[key] = priority_area_make(
            key[1], list=key[0], name_ru=f"Область {key[1]}", name_en=f"Area {key[1]}"
        )
    return made


@pytest.fixture
def facts(taxonomy, areas, operator, organization, settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path
    records = [
        {"external_id": key, "title": title, "text": text, "posted_at": posted, "region": region}
        for key, title, text, posted, region in RECORDS
    ]
    run, _ = ingest_records(actor=operator, source="hh", records=records)
    run_extract(run=run)
    python = [SkillChoice(skill=Skill.objects.get(label="Python (computer programming)"))]
    common = {"description": "…", "needed_by": date(2027, 9, 1)}
    request_create(
        organization=organization,
        actor=operator,
        skills=python,
        fields={
            "title": "Named area",
            "headcount": 3,
            "priority_area": areas[(P2011, "2")],
            "occupation": Occupation.objects.get(label="software developer"),
            **common,
        },
    )
    request_create(
        organization=organization,
        actor=operator,
        skills=python,
        fields={
            "title": "Area of the occupation",
            "headcount": 2,
            "region": TOMSK,
            "occupation": Occupation.objects.get(label="data scientist"),
            **common,
        },
    )
    return areas


def figures(rows):
    return {
        (r["list"], r["code"]): (r["postings"], r["occupations"], r["requests"], r["headcount"])
        for r in rows
    }


def test_postings_and_requests_by_area_against_hand_counts(facts):
    found = posting_list(viewer=_operator()).select_related("occupation")
    labels = {posting.occupation.label for posting in found if posting.occupation}
    assert labels == {"software developer", "chemist", "higher education lecturer"}
    since = analytics.Period(date(2026, 1, 1), timezone.localdate().replace(day=1))
    assert figures(priority_demand(period=since)) == {
        (P2011, "2"): (1, 1, 1, 3),  # the chemist; the request naming the area
        (P2011, "3"): (2, 1, 1, 2),  # two programmers (one occupation); data scientist's request
        (P2024, "4"): (0, 0, 0, 0),  # software developers are not security specialists (252)
        (P2024, "6"): (1, 1, 0, 0),  # the lecturer
    }
    assert figures(priority_demand(region=TOMSK, period=since)) == {
        (P2011, "2"): (1, 1, 0, 0),  # the request naming area 2 has no region
        (P2011, "3"): (1, 1, 1, 2),
        (P2024, "4"): (0, 0, 0, 0),
        (P2024, "6"): (1, 1, 0, 0),
    }
    winter = analytics.Period(date(2026, 1, 1), date(2026, 2, 1))  # before the requests
    assert figures(priority_demand(period=winter))[(P2011, "3")] == (2, 1, 0, 0)
    assert [r["code"] for r in priority_demand(period=winter, list_name=P2024)] == ["4", "6"]


def test_drill_down_lists_the_postings_behind_an_area(facts):
    area = facts[(P2011, "3")]
    everything = posting_list(viewer=_operator(), priority_area_id=area.pk)
    assert sorted(everything.values_list("external_id", flat=True)) == ["1", "3", "5"]
    winter = posting_list(
        viewer=_operator(), priority_area_id=area.pk, start=date(2026, 1, 1), end=date(2026, 2, 1)
    )
    assert sorted(winter.values_list("external_id", flat=True)) == ["1", "3"]


def test_the_page_api_and_export_show_the_areas(facts, operator_client):
    page = operator_client.get("/en/demand/analytics/", {"start": "2026-01", "end": "2026-02"})
    assert "Demand by priority area" in page.content.decode()
    assert any(row["postings"] == 2 for row in page.context["areas"])
    body = operator_client.get(
        "/api/demand/analytics/priority-areas", {"start": "2026-01", "end": "2026-02"}
    ).json()
    assert {(a["list"], a["code"]): a["postings"] for a in body["areas"]}[(P2011, "3")] == 2
    table = operator_client.get(
        "/en/demand/analytics/priority-areas.csv", {"start": "2026-01", "end": "2026-02"}
    ).content.decode("utf-8-sig")
    assert table.splitlines()[0].startswith("list,number,area,area_ru,postings")
    assert f"{P2011},3,Area 3,Область 3,2,1,0,0" in table
    drill = operator_client.get("/en/demand/", {"area": facts[(P2011, "3")].pk})
    assert drill.context["page"].paginator.count == 3


def test_every_area_of_both_lists_has_groups_and_the_codes_are_isco():
    assert {key for key in ISCO_GROUPS if key[0] == P2011} == {(P2011, str(n)) for n in range(1, 9)}
    assert {key for key in ISCO_GROUPS if key[0] == P2024} == {(P2024, str(n)) for n in range(1, 8)}
    assert all(
        code.isdigit() and len(code) <= 4 for codes in ISCO_GROUPS.values() for code in codes
    )


def _operator():
    from edcluster.accounts.models import User

    return User.objects.get(is_operator=True)
