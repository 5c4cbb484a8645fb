import codecs
import json
import re
from collections import Counter
from datetime import date
from urllib.parse import unquote

import pytest
from django.utils import translation

from edcluster.demand.ingest import ingest_records
from edcluster.demand.models import (
    ALL_REGIONS,
    JobPosting,
    OccupationDemand,
    PostingSkill,
    SkillDemand,
)
from edcluster.demand.selectors import analytics
from edcluster.demand.services import rollups_rebuild, run_extract
from edcluster.skills.models import Skill

TOMSK, NSK = "Томская область", "Новосибирская область"
RECORDS = [
    {
        "external_id": "1",
        "title": "Аналитик",
        "text": "Знание SQL.",
        "posted_at": "2026-01-10",
        "region": TOMSK,
    },
    {
        "external_id": "2",
        "title": "Программист",
        "text": "SQL и программирование на Python.",
        "posted_at": "2026-01-20",
        "region": TOMSK,
    },
    {
        "external_id": "3",
        "title": "Аналитик",
        "text": "Опыт SQL.",
        "posted_at": "2026-02-05",
        "region": NSK,
    },
    {
        "external_id": "4",
        "title": "Программист",
        "text": "Программирование на Python.",
        "posted_at": "2025-12-01",
        "region": TOMSK,
    },
]


@pytest.fixture
def demand(taxonomy, operator, settings, tmp_path):
    settings.SKILLS_CACHE_DIR = tmp_path  # lexical: the names are written out
    run, _ = ingest_records(actor=operator, source="hh", records=RECORDS)
    run_extract(run=run)
    return dict(Skill.objects.values_list("label", "pk"))


def named(rows, *labels):
    return {r["label"]: r["postings"] for r in rows if r["label"] in labels}


def test_figures_against_hand_counts(demand):
    winter = analytics.Period(date(2026, 1, 1), date(2026, 2, 1))
    python = "Python (computer programming)"
    assert named(analytics.top_skills(period=winter), "SQL", python) == {"SQL": 3, python: 1}
    assert named(analytics.top_skills(region=TOMSK, period=winter), "SQL", python) == {
        "SQL": 2,
        python: 1,
    }
    trend = analytics.skill_trend(
        skill_id=demand["SQL"], period=analytics.Period(date(2025, 12, 1), date(2026, 2, 1))
    )
    assert [(t["month"].month, t["postings"]) for t in trend] == [(12, 0), (1, 2), (2, 1)]
    monthly = analytics.monthly_postings(
        period=analytics.Period(date(2025, 12, 1), date(2026, 2, 1))
    )
    assert [m["postings"] for m in monthly] == [1, 2, 1]
    rising = {r["label"]: r for r in analytics.rising_skills(period=winter, minimum=1)}
    assert (rising["SQL"]["postings"], rising["SQL"]["before"], rising["SQL"]["growth"]) == (
        3,
        0,
        3.0,
    )
    assert python not in rising  # 1 now, 1 in the two months before: not rising
    jobs = {r["label"]: r["postings"] for r in analytics.top_occupations(period=winter)}
    assert jobs == {"software developer": 1}  # "Программист" is our Russian name for it
    groups = analytics.skill_groups(period=winter)
    assert sum(g["mentions"] for g in groups) == sum(
        r["postings"] for r in analytics.top_skills(period=winter, limit=1000)
    )


def facts_rollup() -> Counter:
    counted: Counter = Counter()
    for posting in JobPosting.objects.all():
        for skill in set(
            PostingSkill.objects.filter(posting=posting).values_list("skill_id", flat=True)
        ):
            counted[skill, posting.fact_month, posting.fact_region] += 1
            counted[skill, posting.fact_month, ALL_REGIONS] += 1  # the sums over regions
    return counted


def test_the_rollups_stay_equal_to_the_facts(demand, operator):
    def rollup() -> Counter:
        return Counter(
            {
                (s, m, r): n
                for s, m, r, n in SkillDemand.objects.values_list(
                    "skill_id", "month", "region", "postings"
                )
            }
        )

    assert rollup() == facts_rollup()
    changed = [
        {
            **RECORDS[1],
            "text": "Только Python, программирование на Python.",
            "region": NSK,
            "posted_at": "2026-03-01",
        }
    ]
    run, _ = ingest_records(actor=operator, source="hh", records=changed)
    assert run.updated == 1
    run_extract(run=run)
    assert rollup() == facts_rollup()
    assert not SkillDemand.objects.filter(postings__lte=0).exists()
    occupations: Counter = Counter()
    for posting in JobPosting.objects.exclude(fact_occupation=None):
        occupations[posting.fact_occupation_id, posting.fact_month, posting.fact_region] += 1
        occupations[posting.fact_occupation_id, posting.fact_month, ALL_REGIONS] += 1
    assert (
        Counter(
            {
                (o, m, r): n
                for o, m, r, n in OccupationDemand.objects.values_list(
                    "occupation_id", "month", "region", "postings"
                )
            }
        )
        == occupations
    )
    again = run_extract(run=run)  # nothing waits: nothing moves
    assert again.extracted == 1
    assert rollup() == facts_rollup()
    before = rollup()
    rollups_rebuild()  # recomputed from the facts: the same as kept up incrementally
    assert rollup() == before


def test_the_api_and_the_page_show_the_same_figures(demand, operator_client):
    top = operator_client.get(
        "/api/demand/analytics/top-skills", {"start": "2026-01", "end": "2026-02", "region": TOMSK}
    ).json()
    assert top["period"] == {"start": "2026-01-01", "end": "2026-02-01"}
    assert {i["label"]: i["postings"] for i in top["items"]}["SQL"] == 2
    trend = operator_client.get(
        f"/api/demand/analytics/skills/{demand['SQL']}/trend",
        {"start": "2025-12", "end": "2026-02"},
    ).json()
    assert [m["postings"] for m in trend["months"]] == [0, 2, 1]
    assert (
        operator_client.get("/api/demand/analytics/rising", {"start": "2026-13"}).status_code == 422
    )
    page = operator_client.get("/en/demand/analytics/", {"start": "2026-01", "end": "2026-02"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="chart-skills"' in html
    assert "chartjs/chart.umd.min.js" in html
    drill = f'/en/demand/?skill={demand["SQL"]}&amp;region=&amp;start=2026-01&amp;end=2026-02">3<'
    assert drill in html
    listing = operator_client.get(
        "/en/demand/", {"skill": demand["SQL"], "start": "2026-01", "end": "2026-02"}
    ).content.decode()
    assert listing.count('href="/en/demand/postings/') == 3  # the postings behind the figure
    csv_file = operator_client.get(
        "/en/demand/analytics/top-skills.csv", {"start": "2026-01", "end": "2026-02"}
    )
    assert csv_file["Content-Type"].startswith("text/csv")
    assert csv_file["Content-Disposition"] == (
        'attachment; filename="demand-top-skills-2026-01-2026-02.csv"'
    )
    assert csv_file.content.startswith(codecs.BOM_UTF8)
    lines = csv_file.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "uri,skill,skill_ru,postings"
    assert any(line.endswith(",SQL,SQL,3") for line in lines)
    xlsx = operator_client.get("/en/demand/analytics/rising.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert operator_client.get("/en/demand/analytics/nothing.csv").status_code == 404


def test_the_downloads_are_offered_by_their_names(demand, operator_client):
    page = operator_client.get("/ru/demand/analytics/").content.decode()
    assert "самые востребованные навыки (<a" in page
    assert "top-skills (<a" not in page


def test_a_download_is_named_in_the_page_language(demand, operator_client):
    answer = operator_client.get("/ru/demand/analytics/top-skills.csv")
    disposition = answer["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert unquote(disposition.split("''", 1)[1]).startswith("спрос-ключевые-навыки-")


@pytest.mark.parametrize(("language", "label"), [("en", "SQL"), ("ru", "язык запросов SQL")])
def test_the_skills_chart_names_skills_in_the_page_language(
    demand, operator_client, language, label
):
    Skill.objects.filter(label="SQL").update(label_ru="язык запросов SQL")
    page = operator_client.get(
        f"/{language}/demand/analytics/", {"start": "2026-01", "end": "2026-02"}
    )
    chart = re.search(
        r'<script id="chart-skills" type="application/json">(.*?)</script>', page.text
    )
    assert chart is not None
    labels = json.loads(chart.group(1))["labels"]
    assert label in labels
    assert ({"SQL", "язык запросов SQL"} - {label}) & set(labels) == set()


def test_a_reversed_period_is_refused_not_read_as_one_month(operator_client):
    with translation.override("en"), pytest.raises(ValueError, match="after the last"):
        analytics.AnalyticsQuery(start=date(2026, 3, 1), end=date(2026, 1, 1))
    reversed_period = {"start": "2026-03", "end": "2026-01"}
    for path in ("top-skills", "rising", "monthly"):
        answer = operator_client.get(
            f"/api/demand/analytics/{path}", reversed_period, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert answer.status_code == 422, (path, answer.content)
        message = answer.json()["detail"][0]["msg"]
        assert "start, end: The first month (2026-03) is after the last (2026-01)" in message
    page = operator_client.get("/en/demand/analytics/", reversed_period)
    assert page.context["form"].errors == {
        "end": ["The first month (2026-03) is after the last (2026-01)."]
    }
    assert "The first month (2026-03) is after the last (2026-01)." in page.content.decode()
    same_month = operator_client.get("/api/demand/analytics/top-skills", {"start": "2026-03"})
    assert same_month.status_code == 200  # start alone, or start = end, stays a period


def test_month_charts_read_in_russian_and_mark_the_month_in_progress(
    demand, operator_client, monkeypatch
):
    from edcluster.core import dates

    monkeypatch.setattr(dates.timezone, "localdate", lambda: date(2026, 2, 14))
    page = operator_client.get("/ru/demand/analytics/", {"start": "2025-12", "end": "2026-02"})
    monthly = page.context["charts"]["monthly"]
    assert monthly["labels"] == ["декабрь 2025", "январь 2026", "февраль 2026"]
    assert monthly["values"] == [1, 2, 1]
    assert monthly["partial"] == [False, False, True]
    html = page.content.decode()
    assert "С декабря 2025 по февраль 2026" in html
    assert (
        "Заштрихованный столбец за февраль 2026 учитывает вакансии только по 5 февраля 2026" in html
    )
    finished = operator_client.get("/ru/demand/analytics/", {"start": "2025-12", "end": "2026-01"})
    assert finished.context["charts"]["monthly"]["partial"] == [False, False]
    assert "Заштрихованный" not in finished.content.decode()


def test_a_postings_own_language_is_marked_on_the_page(db, operator_client):
    from edcluster.demand.tests.factories import posting_make

    posting = posting_make("en-1", "Data engineer", "We need Python and SQL.")
    page = operator_client.get(f"/ru/demand/postings/{posting.pk}/").content.decode()
    assert '<h1 lang="en">Data engineer</h1>' in page
    assert '<p lang="en">We need Python and SQL.</p>' in page
