# ruff: noqa: E501  (tables of demo data read best one record a line)
"""The demonstration cluster: Tomsk's six universities and their Asia-Pacific partners from the
public facts in data/tomsk_demo (each keeps its source), and invented members marked
as demo records. Idempotent: records are keyed by slug and e-mail."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from edcluster.accounts.models import Membership, User
from edcluster.core.demo import DemoOptions, Seeded
from edcluster.organizations.models import (
    FieldOfEducation,
    Organization,
    PriorityArea,
    StatusChange,
)
from edcluster.organizations.reference import reference_data_load

DEMO_PASSWORD = "tomsk-demo-2026"
K = Organization.Kind
P2011, P2024 = PriorityArea.List.DECREE_899_2011, PriorityArea.List.DECREE_529_2024

UNIVERSITY_DETAILS = {
    # short name: (slug, domain, website, 2011 priority areas, 2024 directions, ISCED-F fields)
    "TSU": (
        "tsu",
        "tsu.ru",
        "https://www.tsu.ru",
        ["2", "3", "4"],
        ["4", "6"],
        ["02", "03", "05", "06"],
    ),
    "TPU": ("tpu", "tpu.ru", "https://tpu.ru", ["2", "3", "7"], ["1", "5"], ["05", "06", "07"]),
    "TUSUR": ("tusur", "tusur.ru", "https://tusur.ru", ["3", "1"], ["4"], ["06", "07"]),
    "SibSMU": ("sibsmu", "ssmu.ru", "https://ssmu.ru", ["4"], ["2"], ["05", "09"]),
    "TSPU": ("tspu", "tspu.edu.ru", "https://www.tspu.edu.ru", [], [], ["01", "02"]),
    "TSUAB": ("tsuab", "tsuab.ru", "http://www.tsuab.ru", ["8"], ["1"], ["07"]),
}
CITY_RU, CITY_EN = "Томск", "Tomsk"
REGION = "Томская область"

PARTNERS = {
    # name as in partners_asia_pacific.csv: (slug, Russian name, ISO country)
    "Shenyang Ligong University (SYLU)": ("sylu", "Шэньянский политехнический университет", "CN"),
    "Jilin University": ("jilin", "Цзилиньский университет", "CN"),
    "Chang'an University (CHD)": ("chd", "Университет Чанъань", "CN"),
    "North China University of Science and Technology (NCST)": (
        "ncst",
        "Северо-Китайский университет науки и технологий",
        "CN",
    ),
    "Heilongjiang University (Harbin)": ("hlju", "Хэйлунцзянский университет", "CN"),
    "Chongqing University of Science and Technology": (
        "cqust",
        "Чунцинский университет науки и технологий",
        "CN",
    ),
    "Tokyo Metropolitan University": ("tmu", "Токийский столичный университет", "JP"),
    "Nanyang Technological University": ("ntu", "Наньянский технологический университет", "SG"),
    "University of Malaya": ("um", "Университет Малайя", "MY"),
    "Indian Institute of Technology Bombay": (
        "iitb",
        "Индийский технологический институт Бомбея",
        "IN",
    ),
    "University of Ulsan; Boramae Medical Center (Seoul National University Hospital)": (
        "ulsan",
        "Ульсанский университет",
        "KR",
    ),
}


@dataclass(frozen=True)
class Invented:
    slug: str
    kind: str
    name_ru: str
    name_en: str
    short_name: str = ""  # Russian
    short_name_en: str = ""
    key: bool = False
    sme: bool = False
    status: str = Organization.Status.ADMITTED
    areas: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


INVENTED = [
    Invented(
        "management-company",
        K.MANAGEMENT_COMPANY,
        "Управляющая компания ТОК «Экспорт/Импорт образования»",
        "Management Company of the TEC “Export/Import of Education”",
        "УК ТОК",
        "MC TEC",
    ),
    Invented(
        "ispms",
        K.RESEARCH_INSTITUTE,
        "Институт физики прочности и материаловедения СО РАН",
        "Institute of Strength Physics and Materials Science SB RAS",
        "ИФПМ СО РАН",
        "ISPMS SB RAS",
        areas=("2",),
        fields=("05", "07"),
    ),
    Invented(
        "iao",
        K.RESEARCH_INSTITUTE,
        "Институт оптики атмосферы им. В. Е. Зуева СО РАН",
        "V. E. Zuev Institute of Atmospheric Optics SB RAS",
        "ИОА СО РАН",
        "IAO SB RAS",
        areas=("6",),
        fields=("05",),
    ),
    Invented(
        "ihce",
        K.RESEARCH_INSTITUTE,
        "Институт сильноточной электроники СО РАН",
        "Institute of High Current Electronics SB RAS",
        "ИСЭ СО РАН",
        "IHCE SB RAS",
        areas=("8",),
        fields=("07",),
    ),
    Invented(
        "tnrmc",
        K.RESEARCH_INSTITUTE,
        "Томский национальный исследовательский медицинский центр РАН",
        "Tomsk National Research Medical Center RAS",
        "Томский НИМЦ",
        "Tomsk NRMC",
        areas=("4",),
        fields=("09",),
    ),
    Invented(
        "education-exporters",
        K.NON_PROFIT,
        "Ассоциация экспортёров образования Томской области",
        "Tomsk Region Association of Education Exporters",
        areas=(),
        fields=("01",),
    ),
    Invented(
        "engineering-education-fund",
        K.NON_PROFIT,
        "Фонд развития инженерного образования",
        "Engineering Education Development Foundation",
        fields=("07",),
    ),
    Invented(
        "intl-students-centre",
        K.NON_PROFIT,
        "Сибирский центр поддержки иностранных студентов",
        "Siberian Centre for International Students",
        fields=("10",),
    ),
    Invented(
        "siberian-digital",
        K.SMALL_ENTERPRISE,
        "ООО «Сибирские цифровые решения»",
        "Siberian Digital Solutions LLC",
        sme=True,
        areas=("3",),
        fields=("06",),
    ),
    Invented(
        "tomsk-nanomaterials",
        K.SMALL_ENTERPRISE,
        "ООО «НаноМатериалы Томск»",
        "Tomsk NanoMaterials LLC",
        sme=True,
        areas=("2",),
        fields=("07",),
    ),
    Invented(
        "edtech-siberia",
        K.SMALL_ENTERPRISE,
        "ООО «ЭдТех Сибирь»",
        "EdTech Siberia LLC",
        sme=True,
        fields=("01", "06"),
    ),
    Invented(
        "biomed-innovations",
        K.SMALL_ENTERPRISE,
        "ООО «Биомед-Инновации»",
        "Biomed Innovations LLC",
        sme=True,
        areas=("4",),
        fields=("09",),
    ),
    Invented(
        "siberian-petrochemical",
        K.EMPLOYER,
        "АО «Сибирская нефтехимическая компания»",
        "Siberian Petrochemical Company JSC",
        key=True,
        areas=("7",),
        fields=("07",),
    ),
    Invented(
        "tomsk-instruments",
        K.EMPLOYER,
        "АО «Томская приборостроительная корпорация»",
        "Tomsk Instrument Engineering Corporation JSC",
        key=True,
        areas=("3", "8"),
        fields=("07",),
    ),
    Invented(
        "region-energo",
        K.EMPLOYER,
        "ПАО «Регион-Энерго»",
        "Region-Energo PJSC",
        key=True,
        areas=("8",),
        fields=("07",),
    ),
    Invented(
        "tomsk-it-park",
        K.EMPLOYER,
        "ООО «Томский ИТ-парк»",
        "Tomsk IT Park LLC",
        areas=("3",),
        fields=("06",),
    ),
    Invented(
        "vocational-education-department",
        K.PUBLIC_BODY,
        "Департамент профессионального образования Томской области",
        "Department of Vocational Education of Tomsk Region",
    ),
    Invented(
        "digital-college",
        K.NON_PROFIT,
        "АНО «Томский колледж цифровых технологий»",
        "Tomsk College of Digital Technologies",
        status=Organization.Status.APPLIED,
        fields=("06",),
    ),
]

# e-mail: (first name, last name, global roles, organization slug, role)
USERS: list[tuple[str, str, str, dict[str, bool], str | None, str | None]] = [
    (
        "operator@edcluster.example",
        "Ольга",
        "Операторова",
        {"is_operator": True},
        "management-company",
        "admin",
    ),
    ("expert@edcluster.example", "Эдуард", "Экспертов", {"is_expert": True}, None, None),
    ("applicant@edcluster.example", "Aigerim", "Applicant", {"is_applicant": True}, None, None),
    ("tsu.admin@edcluster.example", "Анна", "Админова", {}, "tsu", "admin"),
    ("tsu.editor@edcluster.example", "Егор", "Редакторов", {}, "tsu", "editor"),
    ("tsu.viewer@edcluster.example", "Вера", "Зрителева", {}, "tsu", "viewer"),
    ("tpu.admin@edcluster.example", "Пётр", "Политехов", {}, "tpu", "admin"),
    ("employer@edcluster.example", "Николай", "Нефтехимов", {}, "siberian-petrochemical", "admin"),
    ("sme@edcluster.example", "Дарья", "Цифрова", {}, "siberian-digital", "admin"),
    ("applied@edcluster.example", "Кирилл", "Колледжев", {}, "digital-college", "admin"),
]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _descriptions_ru(folder: Path) -> dict[str, str]:
    """The Russian descriptions the team wrote from the same facts, by short name or partner."""
    return {row["key"]: row["description_ru"] for row in _rows(folder / "descriptions_ru.csv")}


def _number(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def _tag(organization: Organization, *, areas_2011=(), areas_2024=(), fields=()) -> None:
    organization.priority_areas.set(
        [
            *PriorityArea.objects.filter(list=P2011, code__in=areas_2011),
            *PriorityArea.objects.filter(list=P2024, code__in=areas_2024),
        ]
    )
    organization.fields_of_education.set(FieldOfEducation.objects.filter(code__in=fields))


def _upsert(*, slug: str, status: str, values: dict) -> tuple[Organization, bool]:
    organization, created = Organization.objects.update_or_create(slug=slug, defaults=values)
    if created:
        organization.status = status
        organization.save(update_fields=["status"])
        StatusChange.objects.create(
            organization=organization, to_status=status, reason="demo cluster seed"
        )
    return organization, created


def _universities_seed(folder: Path) -> int:
    """The Tomsk universities, from their public facts; how many are new."""
    created, russian = 0, _descriptions_ru(folder)
    for row in _rows(folder / "universities.csv"):
        slug, domain, website, areas_2011, areas_2024, fields = UNIVERSITY_DETAILS[
            row["short_name_en"]
        ]
        organization, is_new = _upsert(
            slug=slug,
            status=Organization.Status.ADMITTED,
            values={
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
                "short_name": row["short_name_ru"],
                "short_name_en": row["short_name_en"],
                "kind": K.UNIVERSITY,
                "country": "RU",
                "region": REGION,
                "city": CITY_RU,
                "website": website,
                "internet_domain": domain,
                "founded_year": _number(row["founded_year"]),
                "students_count": _number(row["students_approx"]),
                "international_students_count": _number(row["intl_students_approx"]),
                "description_ru": russian[row["short_name_en"]],
                "description_en": f"Founded: {row['founded_note']}. Priority 2030: {row['priority_2030']}.",
                "facts_source": f"{row['source_urls']} (certainty: {row['certainty']})",
                "is_demo": False,
            },
        )
        _tag(organization, areas_2011=areas_2011, areas_2024=areas_2024, fields=fields)
        created += is_new
    return created


def _partners_seed(folder: Path) -> int:
    """The universities' Asia-Pacific partners; how many are new."""
    created, russian = 0, _descriptions_ru(folder)
    for row in _rows(folder / "partners_asia_pacific.csv"):
        if row["partner"] not in PARTNERS:
            continue  # e.g. a representative office: not an organization of its own
        slug, name_ru, country = PARTNERS[row["partner"]]
        organization, is_new = _upsert(
            slug=slug,
            status=Organization.Status.ADMITTED,
            values={
                "name_ru": name_ru,
                "name_en": row["partner"],
                "kind": K.FOREIGN_UNIVERSITY,
                "country": country,
                "description_ru": russian[row["partner"]],
                "description_en": f"Partner of {row['tomsk_member']}: {row['relationship']} (since {row['since']}).",
                "facts_source": row["source_url"],
                "is_demo": False,
            },
        )
        _tag(organization, fields=("05", "07"))
        created += is_new
    return created


def _invented_seed() -> int:
    """The invented members (marked as demo records); how many are new."""
    created = 0
    for item in INVENTED:
        organization, is_new = _upsert(
            slug=item.slug,
            status=item.status,
            values={
                "name_ru": item.name_ru,
                "name_en": item.name_en,
                "short_name": item.short_name,
                "short_name_en": item.short_name_en,
                "kind": item.kind,
                "country": "RU",
                "region": REGION,
                "city": CITY_RU,
                "is_key_company": item.key,
                "is_sme": item.sme,
                "is_demo": True,
                "description_ru": "Демонстрационная запись: организация и её участие в кластере придуманы для показа платформы.",
                "description_en": "Demo record: this organization's membership is invented to show the platform.",
            },
        )
        _tag(organization, areas_2011=item.areas, fields=item.fields)
        created += is_new
    return created


def _users_seed() -> int:
    """The demo users of every role and their memberships; how many are new."""
    created = 0
    for email, first, last, flags, member_of, role in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, first_name=first, last_name=last, **flags
            )
            created += 1
        if member_of and role:
            Membership.objects.get_or_create(
                user=user,
                organization=Organization.objects.get(slug=member_of),
                defaults={"role": role},
            )
    return created


@transaction.atomic
def demo_cluster_seed(*, data_dir: Path) -> dict[str, int]:
    """Create or refresh the demo cluster; returns how many records exist and how many are new."""
    folder = data_dir / "tomsk_demo"
    created = _universities_seed(folder) + _partners_seed(folder)
    created += _invented_seed() + _users_seed()
    return {"organizations": Organization.objects.count(), "users": len(USERS), "new": created}


def demo_logins() -> list[tuple[str, str]]:
    """E-mail and what the demo account is for, to print after seeding."""
    logins = []
    for email, _first, _last, flags, slug, role in USERS:
        roles = [name.removeprefix("is_") for name in flags]
        if slug:
            roles.append(f"{role} of {slug}")
        logins.append((email, ", ".join(roles)))
    return logins


def demo_members_seeder(options: DemoOptions) -> Seeded:
    """The reference lists, then the demo cluster's members and people (registered with core's
    demo seeders); tells the demo logins unless asked not to."""
    reference_data_load(data_dir=options.data_dir)
    result = demo_cluster_seed(data_dir=options.data_dir)
    lines = []
    if options.logins:
        lines.append(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        lines.extend(f"  {email:34} {role}" for email, role in demo_logins())
    summary = (
        f"{result['organizations']} organizations, {result['users']} demo users, "
        f"{result['new']} records new"
    )
    return Seeded(summary=summary, lines=lines)
