"""The first version of the scoresheet: five criteria of equal weight except relevance to
labour-market demand (weighted 2), each with what the scores 1–5 mean, in Russian and English.
Operators make later versions on /quality/criteria/."""

from django.db import migrations

CRITERIA = [
    (
        "relevance",
        "2.00",
        [
            "Не отвечает спросу рынка труда: навыки программы не востребованы работодателями.",
            "Слабо связан со спросом: востребована малая часть навыков.",
            "Частично отвечает спросу: часть навыков востребована в регионе.",
            "Отвечает спросу: большинство навыков востребовано, есть запросы работодателей.",
            "Полностью отвечает спросу: навыки востребованы, программа закрывает запросы работодателей.",
        ],
        [
            "Does not meet labour-market demand: employers ask for none of its skills.",
            "Weakly linked to demand: few of its skills are asked for.",
            "Partly meets demand: some of its skills are asked for in the region.",
            "Meets demand: most of its skills are asked for; employers' requests exist.",
            "Fully meets demand: its skills are asked for and it covers employers' requests.",
        ],
    ),
    (
        "content",
        "1.00",
        [
            "Результаты обучения не сформулированы.",
            "Результаты обучения расплывчаты и не проверяются.",
            "Результаты обучения сформулированы, содержание им частично соответствует.",
            "Содержание соответствует результатам обучения, оценивание их проверяет.",
            "Содержание, результаты и оценивание согласованы и соответствуют современному уровню.",
        ],
        [
            "No learning outcomes are stated.",
            "The outcomes are vague and not assessed.",
            "The outcomes are stated; the content partly matches them.",
            "The content matches the outcomes and the assessment checks them.",
            "Content, outcomes and assessment are aligned and up to date.",
        ],
    ),
    (
        "methods",
        "1.00",
        [
            "Методы и материалы не описаны.",
            "Материалы устарели, методы только лекционные.",
            "Материалы актуальны, методы однообразны.",
            "Активные методы, практика, актуальные материалы.",
            "Разнообразные активные методы, проекты с работодателями, открытые материалы.",
        ],
        [
            "Methods and materials are not described.",
            "Materials are outdated; lectures only.",
            "Materials are current; methods are uniform.",
            "Active methods, practice, current materials.",
            "Varied active methods, projects with employers, open materials.",
        ],
    ),
    (
        "staff",
        "1.00",
        [
            "Преподаватели и ресурсы не указаны.",
            "Квалификация преподавателей не соответствует программе.",
            "Квалификация достаточна, ресурсов мало.",
            "Квалифицированные преподаватели, практики из отрасли, достаточные ресурсы.",
            "Сильная команда с практиками и зарубежными преподавателями, современная инфраструктура.",
        ],
        [
            "Staff and resources are not stated.",
            "The staff's qualifications do not match the programme.",
            "Qualifications suffice; resources are thin.",
            "Qualified staff, practitioners from industry, sufficient resources.",
            "A strong team with practitioners and foreign teachers, modern facilities.",
        ],
    ),
    (
        "international",
        "1.00",
        [
            "Программа не рассчитана на иностранных слушателей.",
            "Только на русском языке, без признания за рубежом.",
            "Есть материалы на иностранном языке или зачётные единицы.",
            "Обучение на английском, кредиты ECTS, иностранные слушатели.",
            "Совместная или двойная программа, признание за рубежом, стабильный набор иностранцев.",
        ],
        [
            "The programme is not designed for foreign learners.",
            "Russian only, no recognition abroad.",
            "Some materials in a foreign language or credits stated.",
            "Taught in English, ECTS credits, foreign learners enrolled.",
            "A joint or double programme, recognised abroad, steady foreign intake.",
        ],
    ),
]


def create(apps, schema_editor):
    CriteriaSet = apps.get_model("quality", "CriteriaSet")
    Criterion = apps.get_model("quality", "Criterion")
    if CriteriaSet.objects.exists():
        return
    criteria_set = CriteriaSet.objects.create(version=1, note="")
    for position, (code, weight, russian, english) in enumerate(CRITERIA):
        Criterion.objects.create(
            criteria_set=criteria_set,
            code=code,
            position=position,
            weight=weight,
            descriptors_ru=russian,
            descriptors_en=english,
        )


def remove(apps, schema_editor):
    apps.get_model("quality", "CriteriaSet").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
