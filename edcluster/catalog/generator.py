"""Synthetic catalog rows for load tests and benchmarks (never for the demo: they are not real).

Rows are in the tabular layout (formats.table), so they go through the real import. English text
comes from ESCO v1.1.1 skills (labels and descriptions, © European Union,
https://esco.ec.europa.eu), Russian text from phrases below in their grammatical cases, so word
forms vary as they do in a real catalog. Deterministic for a seed.
"""

import csv
import io
import random
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from django.conf import settings

from edcluster.catalog.models import Product

ESCO_ZIP = ("esco-v1.1.1-en", "ESCO dataset - v1.1.1 - classification - en - csv.zip")
# (nominative, genitive, dative) of subjects.
SUBJECTS = [
    ("программирование", "программирования", "программированию"),
    ("анализ данных", "анализа данных", "анализу данных"),
    ("машинное обучение", "машинного обучения", "машинному обучению"),
    ("органическая химия", "органической химии", "органической химии"),
    ("управление проектами", "управления проектами", "управлению проектами"),
    ("проектирование систем", "проектирования систем", "проектированию систем"),
    ("информационная безопасность", "информационной безопасности", "информационной безопасности"),
    ("экономика предприятия", "экономики предприятия", "экономике предприятия"),
    ("робототехника", "робототехники", "робототехнике"),
    ("нефтегазовое дело", "нефтегазового дела", "нефтегазовому делу"),
    ("геология", "геологии", "геологии"),
    ("биотехнология", "биотехнологии", "биотехнологии"),
    ("медицинская физика", "медицинской физики", "медицинской физике"),
    ("ядерная энергетика", "ядерной энергетики", "ядерной энергетике"),
    ("электроника", "электроники", "электронике"),
    ("материаловедение", "материаловедения", "материаловедению"),
    (
        "русский язык как иностранный",
        "русского языка как иностранного",
        "русскому языку как иностранному",
    ),
    ("педагогика", "педагогики", "педагогике"),
    ("психология", "психологии", "психологии"),
    ("лингвистика", "лингвистики", "лингвистике"),
    ("журналистика", "журналистики", "журналистике"),
    ("юриспруденция", "юриспруденции", "юриспруденции"),
    ("менеджмент", "менеджмента", "менеджменту"),
    ("маркетинг", "маркетинга", "маркетингу"),
    ("финансовый анализ", "финансового анализа", "финансовому анализу"),
    ("искусственный интеллект", "искусственного интеллекта", "искусственному интеллекту"),
    ("компьютерное зрение", "компьютерного зрения", "компьютерному зрению"),
    ("облачные вычисления", "облачных вычислений", "облачным вычислениям"),
    (
        "разработка программного обеспечения",
        "разработки программного обеспечения",
        "разработке программного обеспечения",
    ),
    ("сетевые технологии", "сетевых технологий", "сетевым технологиям"),
    ("лесное хозяйство", "лесного хозяйства", "лесному хозяйству"),
    ("агрономия", "агрономии", "агрономии"),
    ("экология", "экологии", "экологии"),
    ("архитектура", "архитектуры", "архитектуре"),
    ("строительство", "строительства", "строительству"),
    ("транспортная логистика", "транспортной логистики", "транспортной логистике"),
    ("туризм", "туризма", "туризму"),
    ("медицина", "медицины", "медицине"),
    ("фармация", "фармации", "фармации"),
    ("радиофизика", "радиофизики", "радиофизике"),
    ("оптика", "оптики", "оптике"),
    ("квантовые технологии", "квантовых технологий", "квантовым технологиям"),
    (
        "математическое моделирование",
        "математического моделирования",
        "математическому моделированию",
    ),
    ("статистика", "статистики", "статистике"),
    ("история", "истории", "истории"),
    ("философия", "философии", "философии"),
    ("социология", "социологии", "социологии"),
    ("дизайн", "дизайна", "дизайну"),
]
TITLES_RU = [
    "Основы {gen}",
    "{Nom}",
    "{Nom}: практический курс",
    "Современные методы {gen}",
    "{Nom} для инженеров",
    "Прикладные задачи {gen}",
    "Введение в {nom}",
    "Углублённый курс {gen}",
    "Цифровые технологии {gen}",
    "{Nom} и {nom2}",
]
TITLES_EN = [
    "{Skill}",
    "Introduction to {skill}",
    "Applied {skill}",
    "{Skill} in practice",
    "Advanced {skill}",
    "{Skill} for engineers",
    "{Skill} and {skill2}",
]
SUMMARIES_RU = [
    "Курс посвящён {dat} и {dat2}: слушатели осваивают методы {gen} на реальных задачах.",
    "Программа даёт знания {gen} и навыки {gen2}, нужные работодателям региона.",
    "Слушатели изучают {nom} и применяют {nom2} в проектах с партнёрами кластера.",
]
OUTCOMES_RU = [
    "Применяет методы {gen} в профессиональной деятельности",
    "Умеет решать задачи {gen}",
    "Знает основы {gen2}",
]


@cache
def esco_skills() -> list[tuple[str, str]]:
    """(label, description) of ESCO skills with a description."""
    path = Path(settings.DATA_DIR, *ESCO_ZIP)
    with zipfile.ZipFile(path) as archive, archive.open("skills_en.csv") as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        return [
            (row["preferredLabel"], row["description"].replace("\n", " "))
            for row in reader
            if row["description"]
        ]


def _fill(template: str, first: tuple, second: tuple) -> str:
    return template.format(
        nom=first[0],
        gen=first[1],
        dat=first[2],
        Nom=first[0].capitalize(),
        nom2=second[0],
        gen2=second[1],
        dat2=second[2],
    )


def rows(count: int, *, owners: list[str], seed: int = 2026) -> Iterator[dict[str, str]]:
    """`count` product rows in the tabular layout, owned by the given organization slugs."""
    rng = random.Random(seed)
    skills = esco_skills()
    kinds = Product.Kind.values
    for number in range(1, count + 1):
        first, second = rng.sample(SUBJECTS, 2)
        skill, skill2 = rng.sample(skills, 2)
        russian = rng.random() < 0.8
        english = rng.random() < 0.7 or not russian
        price = rng.choice(["", "", "15000", "45000", "120000", "250000.50"])
        lead, partner = rng.sample(owners, 2) if len(owners) > 1 else (owners[0], owners[0])
        yield {
            "source_system": "generator",
            "external_id": f"gen-{number}",
            "kind": rng.choice(kinds),
            "title_ru": _fill(rng.choice(TITLES_RU), first, second) if russian else "",
            "title_en": rng.choice(TITLES_EN).format(
                Skill=skill[0].capitalize(), skill=skill[0], skill2=skill2[0]
            )
            if english
            else "",
            "summary_ru": _fill(rng.choice(SUMMARIES_RU), first, second) if russian else "",
            "summary_en": f"{skill[1]}" if english else "",
            "description_en": f"{skill[1]} {skill2[1]}",
            "owners": lead if rng.random() < 0.8 or lead == partner else f"{lead};{partner}",
            "eqf_level": str(rng.randint(3, 8)),
            "languages": "ru;en" if russian and english else ("ru" if russian else "en"),
            "mode": rng.choice(["on_site", "online", "blended"]),
            "duration_hours": str(rng.choice([16, 36, 72, 144, 256, 1000])),
            "is_free": "no" if price else "yes",
            "price": price,
            "currency": "RUB" if price else "",
            "stage": rng.choice(Product.Stage.values),
            "outcomes": "\n".join(
                [_fill(rng.choice(OUTCOMES_RU), first, second)]
                + [label for label, _text in rng.sample(skills, 3)]
            ),
        }
