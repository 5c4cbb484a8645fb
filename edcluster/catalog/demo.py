"""The demo catalog: educational products of the demo cluster's members, read from
data/tomsk_demo/catalog.json (invented records written by the team, see its SOURCE), taken
through the catalog's own services as a member's product would be: created, co-owned, moved
through its lifecycle, given runs, submitted and published, so that the search index, the
skill linking that follows a change of outcomes and the audit log run as for real products.

Two things have no service and are written here: a stage history in the past (the services
record a stage the day it is reached, so the first step's date is set afterwards) and the
markets (kept in the admin). Runs are dated from the day of seeding, so some always enrol now.
Every product is marked by its source system, `demo-catalog`; a re-run adds nothing."""

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from edcluster.accounts.models import Membership, User
from edcluster.catalog import services
from edcluster.catalog.models import Market, Product, StageChange
from edcluster.core.demo import DemoOptions, Seeded
from edcluster.organizations.models import FieldOfEducation, Organization, PriorityArea

SOURCE_SYSTEM = "demo-catalog"
DATA_FILE = Path("tomsk_demo") / "catalog.json"
TEXTS = [
    f"{name}_{language}"
    for name in (
        "title",
        "summary",
        "description",
        "target_audience",
        "entry_requirements",
        "certificate",
    )
    for language in ("ru", "en")
]
TERMS = ["kind", "eqf_level", "languages", "mode", "duration_hours", "duration_months", "is_free"]


def demo_products(data_dir: Path) -> list[dict]:
    """The demo products as written in the data file."""
    with (data_dir / DATA_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)["products"]


def _operator() -> User | None:
    return User.objects.filter(is_operator=True, is_active=True).order_by("pk").first()


def _editor(organization: Organization, operator: User) -> User:
    """Who writes the organization's products: a demo editor or administrator of it, else the
    operator (so the audit log names a person, never nobody)."""
    membership = (
        Membership.objects.filter(organization=organization, role__in=["editor", "admin"])
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user if membership else operator


def _fields(row: dict) -> dict:
    fields = {name: row[name] for name in TEXTS + TERMS}
    fields |= {"source_system": SOURCE_SYSTEM, "external_id": row["key"]}
    fields["field"] = FieldOfEducation.objects.filter(code=row["field"]).first()
    fields["priority_areas"] = [
        PriorityArea.objects.get(list=code.split(":")[0], code=code.split(":")[1])
        for code in row["priority_areas"]
    ]
    if row["ects_credits"] is not None:
        fields["ects_credits"] = Decimal(row["ects_credits"])
    if row["price"] is not None:
        fields |= {"price": Decimal(row["price"]), "currency": row["currency"]}
    return fields


def _history(product: Product, stages: list[list[str]], actor: User) -> Product:
    """The lifecycle at its dates: the first step (recorded today on creation) moved back to
    its date, then every later step through the service."""
    first_stage, first_on = stages[0]
    StageChange.objects.filter(product=product, to_stage=first_stage).update(
        on=date.fromisoformat(first_on)
    )
    for stage, on in stages[1:]:
        product = services.product_stage_set(
            product=product, stage=stage, actor=actor, on=date.fromisoformat(on)
        )
    return product


def _runs(product: Product, runs: list[dict], actor: User, today: date) -> None:
    for run in runs:
        starts = today + timedelta(days=run["starts_in"])
        fields = {
            "starts_on": starts,
            "ends_on": starts + timedelta(days=run["days"]),
            "enrolment_deadline": (
                today + timedelta(days=run["deadline_in"]) if "deadline_in" in run else None
            ),
            "is_online": run["online"],
            "place": run["place"],
            "seats": run["seats"],
            "enrolled": run["enrolled"],
            "language": run["language"],
            "price_override": Decimal(run["price"]) if "price" in run else None,
        }
        services.offering_save(product=product, actor=actor, fields=fields)


def _markets(product: Product, markets: list[dict]) -> None:
    for market in markets:
        Market.objects.get_or_create(
            product=product,
            country=market["country"],
            region=market["region"],
            kind=market["kind"],
            defaults={"since": date.fromisoformat(market["since"]) if market["since"] else None},
        )


def _published_on(stages: list[list[str]]) -> datetime:
    """When a demo product plausibly entered the catalog: the latest step of its history."""
    on = date.fromisoformat(stages[-1][1])
    return timezone.make_aware(datetime.combine(on, time(10)))


@transaction.atomic
def demo_product_seed(row: dict, *, operator: User, today: date) -> Product:
    """One demo product through the services, from a row of the data file."""
    owners = [Organization.objects.get(slug=slug) for slug in row["owners"]]
    editor = _editor(owners[0], operator)
    product = services.product_create(
        owner=owners[0],
        actor=editor,
        fields=_fields(row),
        outcomes=[(text, _language(text)) for text in row["outcomes"]],
    )
    for partner in owners[1:]:
        services.product_owner_add(product=product, organization=partner, actor=operator)
    product = _history(product, row["stages"], editor)
    _runs(product, row["runs"], editor, today)
    _markets(product, row["markets"])
    if row["status"] in (Product.Status.IN_REVIEW, Product.Status.PUBLISHED):
        product = services.product_submit(product=product, actor=editor)
    if row["status"] == Product.Status.PUBLISHED:
        product = services.product_publish(product=product, actor=operator)
        Product.objects.filter(pk=product.pk).update(published_at=_published_on(row["stages"]))
    return product


def _language(text: str) -> str:
    return "ru" if any("а" <= letter.lower() <= "я" or letter in "ёЁ" for letter in text) else "en"


def demo_catalog_seed(*, data_dir: Path, today: date | None = None) -> tuple[int, int]:
    """Every demo product not in the catalog yet; returns (demo products, new ones). Nothing
    while the demo members or the operator are missing."""
    today = today or timezone.localdate()
    operator = _operator()
    rows = demo_products(data_dir)
    members = set(Organization.objects.values_list("slug", flat=True))
    known = set(
        Product.objects.filter(source_system=SOURCE_SYSTEM).values_list("external_id", flat=True)
    )
    new = 0
    for row in rows:
        if row["key"] in known or operator is None or not set(row["owners"]) <= members:
            continue
        demo_product_seed(row, operator=operator, today=today)
        new += 1
    return Product.objects.filter(source_system=SOURCE_SYSTEM).count(), new


def demo_catalog_seeder(options: DemoOptions) -> Seeded:
    """The demo catalog (registered with core's demo seeders)."""
    products, new = demo_catalog_seed(data_dir=options.data_dir)
    published = Product.objects.filter(
        source_system=SOURCE_SYSTEM, status=Product.Status.PUBLISHED
    ).count()
    return Seeded(summary=f"{products} demo products ({published} published), {new} new")
