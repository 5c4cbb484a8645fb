"""Generated job postings for the demo Tomsk cluster: ESCO occupations with their essential and
optional skills, worded by templates in Russian and English. Every posting is marked as
generated (source `demo-generated`); none is a real advertisement."""

import random
from collections.abc import Iterator
from datetime import date, timedelta

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
    "outro": ["Официальное оформление, ДМС.", "Гибкий график, обучение за счёт компании."],
}
EN = {
    "intro": ["We are hiring: {title}.", "Join us as {title}."],
    "must": [
        "You must have experience with {skill}.",
        "Required: {skill}.",
        "You will {skill} every day.",
    ],
    "nice": ["Nice to have: {skill}.", "A plus: {skill}."],
    "outro": ["Relocation support to Tomsk.", "Remote-friendly, competitive salary."],
}


def generated_postings(
    count: int, *, seed: int = 2026, today: date | None = None
) -> Iterator[dict]:
    """`count` postings as rows of the documented columns."""
    generator = random.Random(seed)
    today = today or date(2026, 11, 1)
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


def demo_postings_seed(count: int = 2000) -> tuple[int, int]:
    """Store the generated postings (skills are extracted later, in the background); a re-run
    changes nothing. Returns (postings, new ones); (0, 0) while no taxonomy is loaded."""
    from edcluster.demand.ingest import ingest_records

    rows = list(generated_postings(count))
    new = 0
    for start in range(0, len(rows), 2000):
        run, _repeated = ingest_records(
            actor=None, source=SOURCE, records=rows[start : start + 2000]
        )
        new += run.inserted
    return len(rows), new
