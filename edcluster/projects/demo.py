# ruff: noqa: E501  (tables of demo data read best one record a line)
"""The demo cluster's joint projects: three from the public facts of
data/tomsk_demo/partners_asia_pacific.csv (the TPU–Shenyang Ligong 2+2 double bachelor's of 2007,
the TSU–NCST chemistry double degree of 2015, the TPU–Jilin joint laboratory), each with its
source, and invented ones marked as demo records, so that every kind shows: two with an SME, one
started from an accepted proposal, one with a late milestone. Dates of the running ones are
relative to today. Idempotent: a project is keyed by its English title."""

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from edcluster.accounts.models import User
from edcluster.catalog.models import Product
from edcluster.core.demo import DemoOptions, Seeded
from edcluster.demand.models import DemandRequest
from edcluster.demand.selectors.analytics import period_of, rollup_groups
from edcluster.matching.models import Proposal
from edcluster.matching.selectors.coverage import demand_of_request
from edcluster.matching.selectors.gaps import Gap, best_credits, gaps_by_group, market_gaps
from edcluster.matching.services.proposals import proposal_accept, proposal_draft
from edcluster.organizations.models import Organization
from edcluster.partnerships.models import Agreement
from edcluster.projects import services
from edcluster.projects.models import Participant, Project

DEMO_NOTE = " (Демонстрационная запись.)"


def _facts(folder: Path) -> dict[str, dict]:
    with (folder / "partners_asia_pacific.csv").open(encoding="utf-8") as rows:
        return {row["partner"]: row for row in csv.DictReader(rows)}


def _org(slug: str) -> Organization | None:
    return Organization.objects.filter(slug=slug).first()


def _product(key: str) -> Product | None:
    return Product.objects.filter(source_system="demo-catalog", external_id=key).first()


def _project(lead: str, partners: list[tuple[str, str]], fields: dict) -> Project | None:
    if Project.objects.filter(title_en=fields["title_en"]).exists():
        return None
    found = [_org(lead)] + [_org(slug) for slug, _role in partners]
    organizations = [organization for organization in found if organization is not None]
    if len(organizations) < len(found):
        return None  # the members' seeder has not run
    project = services.project_create(lead=organizations[0], actor=None, fields=fields)
    for (_slug, role), organization in zip(partners, organizations[1:], strict=True):
        services.participant_add(
            project=project, organization=organization, actor=None, fields={"role": role}
        )
    return project


def _of(project: Project, slug: str) -> Participant:
    return project.participants.get(organization__slug=slug)


def _move(project: Project, *steps: tuple[str, date, str]) -> None:
    for to, on, reason in steps:
        services.project_move(project=project, actor=None, to=to, on=on, reason=reason)


def _budget(
    project: Project,
    slug: str,
    year: int,
    category: str,
    source: str,
    planned: str,
    spent: str,
    currency: str = "RUB",
) -> None:
    services.budget_line_add(
        project=project,
        participant=_of(project, slug),
        actor=None,
        fields={
            "year": year,
            "category": category,
            "source": source,
            "planned": Decimal(planned),
            "spent": Decimal(spent),
            "currency": currency,
        },
    )


def _agreement(keeper: str, code: str) -> Agreement | None:
    """The partnerships demo agreement (seeded before the projects), if it was."""
    return Agreement.objects.defer("pdf").filter(owner__slug=keeper, code=code).first()


def _sylu(facts: dict) -> Project | None:
    row = facts["Shenyang Ligong University (SYLU)"]
    project = _project(
        "tpu",
        [("sylu", "foreign")],
        {
            "kind": "programme",
            "title_ru": "Двойной бакалавриат ТПУ и Шэньянского политехнического университета (2+2)",
            "title_en": "TPU–Shenyang Ligong University double bachelor's degree (2+2)",
            "summary_ru": "Совместный бакалавриат по схеме 2+2 с двойными дипломами; по источнику, подготовлено более 400 бакалавров, 76 магистров и 5 кандидатов наук; Российско-китайский институт одобрен Министерством образования КНР.",
            "summary_en": row["relationship"],
            "starts_on": date(2007, 9, 1),
            "ends_on": date(2030, 8, 31),
            "sources": row["source_url"],
            "is_public": True,
        },
    )
    if project is None:
        return None
    _move(project, ("active", date(2007, 9, 1), ""))
    product = _product("tpu-sylu-22")
    services.programme_set(
        project=project,
        actor=None,
        scheme="double",
        languages=["zh", "ru"],
        intake_per_year=None,
        products=[product] if product else [],
        agreement=_agreement("tpu", "TPU-SYLU-2007"),
        tracks=[
            services.Track(
                participant=_of(project, "sylu"),
                years=Decimal(2),
                diploma_ru="Диплом бакалавра Шэньянского политехнического университета",
                diploma_en="Bachelor's degree of Shenyang Ligong University",
            ),
            services.Track(
                participant=_of(project, "tpu"),
                years=Decimal(2),
                diploma_ru="Диплом бакалавра ТПУ",
                diploma_en="TPU bachelor's degree",
            ),
        ],
    )
    return project


def _ncst(facts: dict) -> Project | None:
    row = facts["North China University of Science and Technology (NCST)"]
    project = _project(
        "tsu",
        [("ncst", "foreign")],
        {
            "kind": "programme",
            "title_ru": "Двойной диплом ТГУ и NCST по химии",
            "title_en": "TSU–NCST double degree in chemistry",
            "summary_ru": "Программа двойного диплома по химии и обмен студентами.",
            "summary_en": row["relationship"],
            "starts_on": date(2015, 9, 1),
            "ends_on": date(2030, 8, 31),
            "sources": row["source_url"],
            "is_public": True,
        },
    )
    if project is None:
        return None
    _move(project, ("active", date(2015, 9, 1), ""))
    product = _product("tsu-chemistry-double-degree")
    services.programme_set(
        project=project,
        actor=None,
        scheme="double",
        languages=["ru", "en"],
        intake_per_year=None,
        products=[product] if product else [],
        agreement=_agreement("tsu", "TSU-NCST-2015"),
        tracks=[
            services.Track(
                participant=_of(project, "ncst"),
                years=Decimal(2),
                diploma_ru="Диплом Северо-Китайского университета науки и технологий по химии",
                diploma_en="NCST degree in chemistry",
            ),
            services.Track(
                participant=_of(project, "tsu"),
                years=Decimal(2),
                diploma_ru="Диплом ТГУ по химии",
                diploma_en="TSU degree in chemistry",
            ),
        ],
    )
    return project


def _jilin(facts: dict, today: date) -> Project | None:
    row = facts["Jilin University"]
    project = _project(
        "tpu",
        [("jilin", "foreign")],
        {
            "kind": "laboratory",
            "title_ru": "Совместная международная научная лаборатория ТПУ и Цзилиньского университета",
            "title_en": "TPU–Jilin University joint international research laboratory",
            "summary_ru": "Совместная международная научная лаборатория; обсуждается обучение по схеме 2+2 (дата открытия в источнике не указана).",
            "summary_en": row["relationship"] + " (the opening date is not in the source).",
            "starts_on": today.replace(month=1, day=1) - timedelta(days=3 * 365),
            "ends_on": today.replace(month=12, day=31) + timedelta(days=2 * 365),
            "sources": row["source_url"],
            "is_public": True,
        },
    )
    if project is None:
        return None
    _move(project, ("active", project.starts_on, ""))
    services.laboratory_set(
        project=project,
        actor=None,
        fields={
            "host": _org("jilin"),
            "country": "CN",
            "city": "Чанчунь",
            "research_areas_ru": "Совместные исследования (см. источник).",
            "research_areas_en": "Joint research (see the source).",
        },
    )
    return project


def _invented(today: date) -> list[Project]:
    """Invented projects (marked as demo in their summaries): product development with an SME
    and a late milestone, an educational centre, a research project with an SME."""
    made = [_devops(today), _centre(today), _research(today)]
    return [project for project in made if project is not None]


def _devops(today: date) -> Project | None:
    """A product developed with an SME, one milestone late."""
    start, end = today - timedelta(days=200), today + timedelta(days=400)
    devops = _project(
        "tusur",
        [("siberian-digital", "industrial")],
        {
            "kind": "product",
            "title_ru": "Курс DevSecOps для малого бизнеса",
            "title_en": "DevSecOps course for small businesses",
            "summary_ru": "Совместная разработка курса." + DEMO_NOTE,
            "summary_en": "Joint course development. (Demo record.)",
            "starts_on": start,
            "ends_on": end,
            "is_public": True,
        },
    )
    if devops is None:
        return None
    _move(devops, ("active", start + timedelta(days=10), ""))
    late = services.milestone_add(
        project=devops,
        actor=None,
        fields={
            "title_ru": "Программа курса согласована",
            "title_en": "Syllabus agreed",
            "due_on": today - timedelta(days=30),
        },
    )
    product = _product("sds-devops-short")
    if product:
        services.deliverable_add(
            project=devops,
            participant=_of(devops, "siberian-digital"),
            actor=None,
            fields={
                "milestone": late,
                "kind": "product",
                "product": product,
                "target_stage": "replicated",
            },
        )
    services.milestone_add(
        project=devops,
        actor=None,
        fields={
            "title_en": "Pilot cohort",
            "title_ru": "Пилотный набор",
            "due_on": today + timedelta(days=120),
        },
    )
    _budget(devops, "tusur", today.year, "staff", "own", "1200000", "400000")
    _budget(devops, "siberian-digital", today.year, "services", "industry", "600000", "150000")
    return devops


def _centre(today: date) -> Project | None:
    """An educational centre abroad."""
    start, end = today - timedelta(days=200), today + timedelta(days=400)
    centre = _project(
        "tsu",
        [("intl-students-centre", "partner"), ("tmu", "foreign")],
        {
            "kind": "centre",
            "title_ru": "Центр русского языка в Токио",
            "title_en": "Russian language centre in Tokyo",
            "summary_ru": "Придуманный центр." + DEMO_NOTE,
            "summary_en": "An invented centre. (Demo record.)",
            "starts_on": start,
            "ends_on": end,
            "is_public": False,
        },
    )
    if centre is None:
        return None
    _move(centre, ("active", start + timedelta(days=30), ""))
    services.laboratory_set(
        project=centre,
        actor=None,
        fields={"host": _org("tmu"), "city": "Токио", "opened_on": start + timedelta(days=30)},
    )
    _budget(centre, "tsu", today.year, "travel", "federal", "900000", "300000")
    _budget(centre, "tmu", today.year, "materials", "foreign", "2000000", "500000", "JPY")
    return centre


def _research(today: date) -> Project | None:
    """A completed research project with an SME."""
    research = _project(
        "ispms",
        [("tomsk-nanomaterials", "industrial"), ("tpu", "partner")],
        {
            "kind": "research",
            "title_ru": "Нанопокрытия для имплантов",
            "title_en": "Nanocoatings for implants",
            "summary_ru": "Придуманный проект." + DEMO_NOTE,
            "summary_en": "An invented project. (Demo record.)",
            "starts_on": today - timedelta(days=700),
            "ends_on": today - timedelta(days=20),
            "is_public": True,
        },
    )
    if research is None:
        return None
    _move(
        research,
        ("active", research.starts_on, ""),
        ("completed", today - timedelta(days=20), "Результаты представлены"),
    )
    _budget(research, "ispms", today.year - 1, "equipment", "grant", "3000000", "2950000")
    return research


def _gaps_to_propose() -> tuple[list[Gap], str]:
    """What an operator would draft a proposal from, and its region: the skill group with the
    most uncovered demand on the gaps page; while the postings' skills are not extracted yet
    (the demo's postings are, in the background, after seeding), the uncovered skills an open
    employer's request asks for, weighted as the coverage page weighs them."""
    period = period_of()
    gaps = market_gaps(period=period)
    if gaps:
        group = gaps_by_group(gaps)[0]["uri"]
        return [gap for gap in gaps if gap.group == group], ""
    for request in DemandRequest.objects.filter(status=DemandRequest.Status.OPEN).order_by("pk"):
        demanded = demand_of_request(request)
        credits = best_credits([item.skill.pk for item in demanded])
        groups = rollup_groups()
        found = [
            Gap(item.skill, 0, item.weight, credits[item.skill.pk], groups.get(item.skill.pk, ""))
            for item in demanded
            if credits[item.skill.pk] < 1
        ]
        if found:
            return found, request.region
    return [], ""


def _demo_proposal() -> None:
    """An accepted proposal to start a project from, when the demo has none waiting for one:
    matching seeds no proposals (the scheduled drafting makes them), so the demo operator
    drafts one through matching's service from the gaps, as on the gaps page, and accepts it
    with the suggested consortium's first two members (the first leads), as the proposal page
    offers; with no member suggested, the demo's TUSUR and Siberian Digital develop it."""
    operator = User.objects.filter(is_operator=True).order_by("pk").first()
    accepted = Proposal.objects.filter(status=Proposal.Status.ACCEPTED, product__isnull=False)
    if operator is None or accepted.exists():
        return
    gaps, region = _gaps_to_propose()
    if not gaps:
        return  # no demand to propose from (no taxonomy, or no employer's request)
    waiting = Proposal.objects.filter(
        status=Proposal.Status.PROPOSED, group=gaps[0].group, region=region
    ).first()
    proposal = waiting or proposal_draft(
        gaps=gaps, period=period_of(), region=region, actor=operator
    )
    suggested = [item["organization"] for item in proposal.consortium][:2]
    members = [_org(slug) for slug in suggested or ["tusur", "siberian-digital"]]
    if None in members:
        return
    proposal_accept(proposal=proposal, members=members, actor=operator)  # type: ignore[arg-type]


def _from_proposal(today: date) -> Project | None:
    """A project started from the first accepted proposal without one."""
    _demo_proposal()
    for proposal in Proposal.objects.filter(status="accepted", product__isnull=False).order_by(
        "pk"
    ):
        if not Project.objects.filter(origin_proposal=proposal).exists():
            return services.project_start_from_proposal(
                proposal=proposal, actor=None, starts_on=today, ends_on=today + timedelta(days=365)
            )
    return None


@transaction.atomic
def demo_projects_seed(*, data_dir: Path, today: date | None = None) -> list[Project]:
    """The demo projects not made yet; returns the new ones."""
    today = today or timezone.localdate()
    facts = _facts(data_dir / "tomsk_demo")
    made = [
        _sylu(facts),
        _ncst(facts),
        _jilin(facts, today),
        *_invented(today),
        _from_proposal(today),
    ]
    return [project for project in made if project is not None]


def demo_projects_seeder(options: DemoOptions) -> Seeded:
    new = demo_projects_seed(data_dir=options.data_dir)
    return Seeded(summary=f"{Project.objects.count()} projects, {len(new)} new")
