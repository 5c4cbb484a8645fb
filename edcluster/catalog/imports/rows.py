"""A row of an import resolved against the catalog: its organizations, field and areas, the
product it may change, and what it changes."""

from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from edcluster.catalog.formats import case
from edcluster.catalog.formats.table import ParsedRow, RowError, parse_row
from edcluster.catalog.imports.reading import source_of_own_records
from edcluster.catalog.models import Framework, ImportRun, LearningOutcome, Product, ProductOwner
from edcluster.catalog.selectors import edited_organization_ids
from edcluster.organizations.models import FieldOfEducation, Organization, PriorityArea


def editable_ids(actor) -> set[int]:
    return edited_organization_ids(user=actor)


@dataclass
class Context:
    run: ImportRun
    organizations: dict[str, Organization]
    fields: dict[str, FieldOfEducation]
    areas: dict[tuple[str, str], PriorityArea]
    editable: set[int]
    operator: bool
    seen: dict[tuple[str, str], int | str] = dc_field(default_factory=dict)
    slugs: set[str] = dc_field(default_factory=set)  # given to new products in this run
    content_type: ContentType | None = None
    names: dict[tuple[str, int], str] = dc_field(default_factory=dict)  # ("owners", id) → slug…

    def name_of(self, kind: str, pk: int | None) -> str:
        """How the file names an organization, field or priority area known by its id."""
        if not self.names:
            self.names = {("owners", o.pk): slug for slug, o in self.organizations.items()}
            self.names |= {("field", f.pk): code for code, f in self.fields.items()}
            self.names |= {("priority_areas", a.pk): ":".join(k) for k, a in self.areas.items()}
        return self.names.get((kind, pk), "") if pk is not None else ""


def context_of(run: ImportRun) -> Context:
    actor = run.actor
    return Context(
        run=run,
        organizations={o.slug: o for o in Organization.objects.all()},
        fields={f.code: f for f in FieldOfEducation.objects.all()},
        areas={(a.list, a.code): a for a in PriorityArea.objects.all()},
        editable=editable_ids(actor) if actor else set(),
        operator=actor is None or actor.is_operator,
        content_type=ContentType.objects.get_for_model(Product),
    )


@dataclass(eq=False)  # compared by identity: rows are many and their fields deep
class Incoming:
    line: int | str
    row: ParsedRow
    owners: list[Organization] | None  # None: the file does not say
    education_field: FieldOfEducation | None
    areas: list[PriorityArea] | None
    package: dict | None = None  # a CASE framework that comes with the row
    product: Product | None = None
    changes: list[str] = dc_field(default_factory=list)


def remember(ctx: Context, line: int | str, raw: dict[str, str]) -> None:
    """Note the key of a row that a resumed run passes over (its chunk was committed before
    the interruption), so that a later row with the same key is still refused as a repeat."""
    if "" in raw:
        return
    fields = {name: value for name, value in raw.items() if name != case.PACKAGE_KEY}
    spreadsheet = ctx.run.format in (ImportRun.Format.CSV, ImportRun.Format.XLSX)
    try:
        row = parse_row(fields, source_system=ctx.run.source, spreadsheet=spreadsheet)
    except RowError:
        return
    ctx.seen.setdefault(row.key, line)


def resolve(ctx: Context, line: int | str, raw: dict[str, str]) -> Incoming:
    if "" in raw:
        raise RowError("", raw[""])
    package: Any = raw.pop(case.PACKAGE_KEY, None)
    spreadsheet = ctx.run.format in (ImportRun.Format.CSV, ImportRun.Format.XLSX)
    row = parse_row(raw, source_system=ctx.run.source, spreadsheet=spreadsheet)
    if row.key in ctx.seen:
        raise RowError(
            "external_id", _("The same key as row %(line)s.") % {"line": ctx.seen[row.key]}
        )
    ctx.seen[row.key] = line
    owners = None
    if row.owners:
        owners = []
        for slug in dict.fromkeys(row.owners):
            organization = ctx.organizations.get(slug)
            if organization is None or organization.status != Organization.Status.ADMITTED:
                message = _("No admitted member “%(slug)s”.")
                raise RowError("owners", message % {"slug": slug[:80]})
            owners.append(organization)
    field_ = None
    if row.field_code:
        field_ = ctx.fields.get(row.field_code)
        if field_ is None:
            raise RowError(
                "field", _("Unknown ISCED-F code %(code)s.") % {"code": row.field_code[:8]}
            )
    areas: list[PriorityArea] | None = None if row.areas is None else []
    for key in row.areas or ():
        if key not in ctx.areas:
            raise RowError(
                "priority_areas", _("Unknown priority area %(key)s.") % {"key": ":".join(key)[:60]}
            )
        areas.append(ctx.areas[key])  # type: ignore[union-attr]
    return Incoming(
        line=line, row=row, owners=owners, education_field=field_, areas=areas, package=package
    )


@dataclass
class Current:
    """What a product holds now, read compactly (no model per related row)."""

    product: Product
    owners: list[int] = dc_field(default_factory=list)  # organization ids, the lead first
    outcomes: list[tuple[str, str]] = dc_field(default_factory=list)
    areas: set[int] = dc_field(default_factory=set)
    package: dict | None = None


def existing_products(incoming: list[Incoming]) -> dict[tuple[str, str], Current]:
    own = source_of_own_records()
    found: dict[tuple[str, str], Current] = {}
    by_source: dict[str, list[str]] = {}
    for row in incoming:
        by_source.setdefault(row.row.key[0], []).append(row.row.key[1])
    for source, ids in by_source.items():
        for product in Product.objects.filter(source_system=source, external_id__in=ids):
            found[(source, product.external_id)] = Current(product)
        if source == own:
            for product in Product.objects.filter(slug__in=ids, external_id=""):
                found[(source, product.slug)] = Current(product)
    by_id = {current.product.pk: current for current in found.values()}
    owners = ProductOwner.objects.filter(product__in=by_id).order_by("product", "pk")
    for product_id, organization_id, role in owners.values_list(
        "product_id", "organization_id", "role"
    ):
        listed = by_id[product_id].owners
        if role == ProductOwner.Role.LEAD:
            listed.insert(0, organization_id)
        else:
            listed.append(organization_id)
    outcomes = LearningOutcome.objects.filter(product__in=by_id).order_by("product", "position")
    for product_id, text, language in outcomes.values_list("product_id", "text", "language"):
        by_id[product_id].outcomes.append((text, language))
    through = Product.priority_areas.through.objects.filter(product__in=by_id)
    for product_id, area_id in through.values_list("product_id", "priorityarea_id"):
        by_id[product_id].areas.add(area_id)
    if any(row.package is not None for row in incoming):
        frameworks = Framework.objects.filter(product__in=by_id)
        for product_id, package in frameworks.values_list("product_id", "package"):
            by_id[product_id].package = package
    return found


def changes(incoming: Incoming, current: Current) -> list[str]:
    row, product = incoming.row, current.product
    changed = [name for name, value in row.fields.items() if getattr(product, name) != value]
    if row.field_code is not None and product.field_id != (
        incoming.education_field.pk if incoming.education_field else None
    ):
        changed.append("field")
    if incoming.owners is not None and current.owners != [o.pk for o in incoming.owners]:
        changed.append("owners")
    if incoming.areas is not None and current.areas != {a.pk for a in incoming.areas}:
        changed.append("priority_areas")
    if row.outcomes is not None and current.outcomes != row.outcomes:
        changed.append("outcomes")
    if row.stage and row.stage != product.stage:
        changed.append("stage")
    if incoming.package is not None and incoming.package != current.package:
        changed.append("framework")
    return changed


SHORT = 60  # characters of a value a preview shows


def short(value) -> str:
    """A value as a preview shows it: as the file writes it, on one line, cut at SHORT."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, Decimal):
        text = format(value.normalize(), "f")
    elif isinstance(value, list | tuple | set):
        text = "; ".join(short(item) for item in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def change_details(ctx: Context, incoming: Incoming, current: Current) -> list[dict[str, str]]:
    """What a row changes in a product, field by field: the column, the value before and after
    (short), as its preview shows them."""
    row, product = incoming.row, current.product
    details = []
    for name in incoming.changes:
        if name in row.fields:
            old, new = getattr(product, name), row.fields[name]
        elif name == "field":
            old = ctx.name_of("field", product.field_id)
            new = incoming.education_field.code if incoming.education_field else ""
        elif name == "owners":
            old = [ctx.name_of("owners", pk) for pk in current.owners]
            new = [organization.slug for organization in incoming.owners or ()]
        elif name == "priority_areas":
            old = sorted(ctx.name_of("priority_areas", pk) for pk in current.areas)
            new = sorted(f"{area.list}:{area.code}" for area in incoming.areas or ())
        elif name == "outcomes":
            old = [text for text, _language in current.outcomes]
            new = [text for text, _language in row.outcomes or ()]
        elif name == "stage":
            old, new = product.stage, row.stage
        else:  # the CASE framework: too large to show
            old = new = ""
        details.append({"field": name, "old": short(old), "new": short(new)})
    return details
