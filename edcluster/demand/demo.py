"""Generated job postings for the demo Tomsk cluster: ESCO occupations with their essential and
optional skills, worded by templates in Russian and English. Every posting is marked as
generated (source `demo-generated`); none is a real advertisement."""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from django.utils import timezone

from edcluster.core.demo import DemoOptions, Seeded
from edcluster.skills.models import Occupation, OccupationSkill

SOURCE = "demo-generated"
CITIES = [
    ("Томская область", "Томск"),
    ("Томская область", "Северск"),
    ("Томская область", "Стрежевой"),
    ("Томская область", "Асино"),
    ("Новосибирская область", "Новосибирск"),
    ("Кемеровская область", "Кемерово"),
]
EMPLOYERS = [
    "Сибирские системы (демо)",
    "ТомскНефтеСервис (демо)",
    "Микран-Тест (демо)",
    "Элекард-Демо",
    "Томский завод приборов (демо)",
    "Клиника «Здоровье» (демо)",
    "Северский химкомбинат (демо)",
    "ИТ-парк Томск (демо)",
]
RU = {
    "intro": ["Ищем: {title}.", "В команду нужен специалист: {title}.", "Вакансия: {title}."],
    "must": ["Обязательно: {skill}.", "Требуется опыт: {skill}.", "Вы умеете: {skill}."],
    "nice": ["Будет плюсом: {skill}.", "Желательно: {skill}."],
    # Under the heading real postings give it: what is offered, not what is needed.
    "outro": [
        "Условия: официальное оформление, ДМС.",
        "Мы предлагаем: гибкий график, обучение за счёт компании.",
    ],
}
EN = {
    "intro": ["We are hiring: {title}.", "Join us as {title}."],
    "must": [
        "You must have experience with {skill}.",
        "Required: {skill}.",
        "You will {skill} every day.",
    ],
    "nice": ["Nice to have: {skill}.", "A plus: {skill}."],
    "outro": [
        "We offer: relocation support to Tomsk.",
        "Benefits: remote-friendly, competitive salary.",
    ],
}


def generated_postings(
    count: int, *, seed: int = 2026, today: date | None = None
) -> Iterator[dict]:
    """`count` postings as rows of the documented columns, posted in the two years before
    `today` (by default the day they are generated, so the default period of analytics, the
    twelve months ending with the newest, is the last year)."""
    generator = random.Random(seed)
    today = today or timezone.localdate()
    occupations = list(
        Occupation.objects.exclude(label_ru="").values_list("pk", "label", "label_ru")
    )
    if not occupations:
        return
    links: dict[int, list[tuple[str, str, str]]] = {}
    for occupation_id, label, russian, relation in OccupationSkill.objects.filter(
        occupation_id__in=[pk for pk, _l, _r in occupations]
    ).values_list("occupation_id", "skill__label", "skill__label_ru", "relation"):
        links.setdefault(occupation_id, []).append((label, russian, relation))
    for number in range(count):
        pk, label, russian = generator.choice(occupations)
        skills = links.get(pk, [])
        in_russian = generator.random() < 0.6
        words = RU if in_russian else EN
        usable = [s for s in skills if s[1]] if in_russian else skills
        if in_russian and len(usable) < 3:
            in_russian, words, usable = False, EN, skills
        title = russian if in_russian else label
        chosen = generator.sample(usable, min(len(usable), generator.randint(3, 7)))
        lines = [generator.choice(words["intro"]).format(title=title)]
        for skill_label, skill_russian, relation in chosen:
            kind = "must" if relation == "essential" else "nice"
            name = skill_russian if in_russian else skill_label
            lines.append("- " + generator.choice(words[kind]).format(skill=name))
        lines.append(generator.choice(words["outro"]))
        region, city = generator.choice(CITIES)
        low = generator.randrange(40, 200) * 1000
        yield {
            "external_id": f"demo-{number + 1:06d}",
            "title": title,
            "text": "\n".join(lines),
            "employer": generator.choice(EMPLOYERS),
            "region": region,
            "city": city,
            "posted_at": (today - timedelta(days=generator.randrange(0, 730))).isoformat(),
            "salary_from": str(low),
            "salary_to": str(low + generator.randrange(10, 80) * 1000),
            "currency": "RUB",
            "url": "",
        }


def demo_postings_seed(count: int = 2000, *, today: date | None = None) -> tuple[int, int]:
    """Store the generated postings, dated back from today (skills are extracted later, in
    the background). A re-run, even on a later day, changes nothing: the postings keep the
    dates of their first seeding rather than all being updated and extracted again. Returns
    (postings, new ones); (0, 0) while no taxonomy is loaded."""
    from edcluster.demand.ingest import ingest_records
    from edcluster.demand.models import JobPosting

    stored = JobPosting.objects.filter(source=SOURCE).count()
    if stored >= count:
        return stored, 0
    rows = list(generated_postings(count, today=today))
    new = 0
    for start in range(0, len(rows), 2000):
        run, _repeated = ingest_records(
            actor=None, source=SOURCE, records=rows[start : start + 2000], enqueue=False
        )
        new += run.created
    return len(rows), new


# Demand requests of the demo employers (invented, like the employers): title, occupation,
# headcount, months ahead, EQF level, priority area (decree 899 number), essential and
# nice-to-have skills by ESCO preferred label, and where the request stands.
REQUESTS = [
    (
        "siberian-petrochemical",
        "Инженеры-технологи химических производств",
        "chemical engineer",
        12,
        10,
        7,
        "6",
        ["chemistry", "perform laboratory tests", "health and safety regulations"],
        ["project management"],
        "open",
        "Расширяем производство полимеров в Томске: нужны инженеры-технологи, которые ведут "
        "технологический процесс, проводят лабораторные испытания сырья и продукции и соблюдают "
        "требования промышленной безопасности.",
    ),
    (
        "tomsk-instruments",
        "Инженеры-электроники для приборостроения",
        "electronics engineer",
        8,
        14,
        7,
        "3",
        ["electronics", "circuit diagrams", "CAD software"],
        ["metrology", "English"],
        "addressed",
        "Разработка измерительных приборов: схемотехника, проектирование печатных плат в САПР, "
        "метрологическое обеспечение. Работа с зарубежной документацией на английском языке.",
    ),
    (
        "region-energo",
        "Energy engineers for grid efficiency",
        "energy engineer",
        6,
        18,
        6,
        "8",
        ["energy efficiency", "electrical engineering", "power engineering"],
        ["renewable energy technologies", "electricity market"],
        "open",
        "We modernise the regional grid: engineers who audit energy efficiency, design electrical "
        "systems and know the electricity market and renewable generation.",
    ),
    (
        "tomsk-it-park",
        "Data scientists for industrial analytics",
        "data scientist",
        10,
        6,
        7,
        "3",
        ["Python (computer programming)", "machine learning", "statistics", "SQL"],
        ["data mining", "cloud technologies"],
        "open",
        "Predictive maintenance and quality analytics for the park's residents: Python, machine "
        "learning, statistics and SQL every day; data mining and cloud platforms are a plus.",
    ),
    (
        "siberian-digital",
        "Разработчики программного обеспечения",
        "software developer",
        5,
        4,
        6,
        "3",
        ["computer programming", "JavaScript", "SQL"],
        ["DevOps", "teamwork principles"],
        "open",
        "Команде заказной разработки нужны программисты: веб-приложения на JavaScript, базы данных "
        "SQL; опыт DevOps и работы в команде приветствуется.",
    ),
]


def _skill_choices(essential: list[str], nice: list[str]) -> list:
    """The request's skills by their ESCO labels, those the loaded taxonomy has."""
    from edcluster.demand.selectors import SkillChoice
    from edcluster.skills.models import Skill

    named = Skill.objects.filter(obsolete=False, label__in=essential + nice)
    skills = {skill.label: skill for skill in named}
    return [
        SkillChoice(skill=skills[label], importance=importance)
        for labels, importance in ((essential, "essential"), (nice, "nice"))
        for label in labels
        if label in skills
    ]


def demo_requests_seed(*, today: date | None = None) -> tuple[int, int]:
    """The demo employers' requests (keyed by employer and title, so a re-run adds nothing).
    Returns (requests, new ones); (0, 0) while no taxonomy is loaded."""
    from edcluster.accounts.models import User
    from edcluster.demand.models import DemandRequest
    from edcluster.demand.services import request_create, request_move
    from edcluster.organizations.models import Organization, PriorityArea
    from edcluster.skills.models import Skill

    today = today or timezone.localdate()
    if not Skill.objects.exists():
        return 0, 0
    operator = User.objects.filter(is_operator=True).order_by("pk").first()
    employers = Organization.objects.in_bulk([row[0] for row in REQUESTS], field_name="slug")
    total = new = 0
    for (
        slug,
        title,
        occupation,
        headcount,
        months,
        level,
        area,
        essential,
        nice,
        status,
        description,
    ) in REQUESTS:
        employer = employers.get(slug)
        if employer is None:
            continue
        choices = _skill_choices(essential, nice)
        if not choices:  # a taxonomy without these skills (a test's cut of ESCO)
            continue
        total += 1
        if DemandRequest.objects.filter(organization=employer, title=title).exists():
            continue
        fields = {
            "title": title,
            "description": description,
            "headcount": headcount,
            "needed_by": today + timedelta(days=30 * months),
            "eqf_level": level,
            "occupation": Occupation.objects.filter(label=occupation, obsolete=False).first(),
            "priority_area": PriorityArea.objects.filter(
                list=PriorityArea.List.DECREE_899_2011, code=area
            ).first(),
        }
        demand = request_create(organization=employer, actor=None, fields=fields, skills=choices)
        if status != DemandRequest.Status.OPEN and operator is not None:
            request_move(request=demand, actor=operator, to=status)
        new += 1
    return total, new


def demo_postings_seeder(options: DemoOptions) -> Seeded:
    """The generated job postings (registered with core's demo seeders)."""
    postings, new = demo_postings_seed()
    lines = [] if postings else ["No skills taxonomy yet (skills_load): no demo job postings."]
    return Seeded(summary=f"{postings} generated job postings, {new} new", lines=lines)


def demo_requests_seeder(options: DemoOptions) -> Seeded:
    """The demo employers' requests (registered with core's demo seeders)."""
    requests, new = demo_requests_seed()
    return Seeded(summary=f"{requests} employers' requests, {new} new")
