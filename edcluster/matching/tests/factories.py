"""Factories for matching's records, as catalog's tests have them: plain functions that make a
valid record with defaults, the fields a test cares about given as keywords."""

from datetime import date

from edcluster.catalog import services as catalog
from edcluster.catalog.models import Product
from edcluster.demand.models import ALL_REGIONS
from edcluster.matching.models import Offer, ProductDemand, ProductSkill, Proposal
from edcluster.skills.models import Skill


def skill(name: str, **fields) -> Skill:
    """A skill of a made-up taxonomy, named `name` (its URI ends with the name)."""
    return Skill.objects.create(uri=f"http://example.org/skill/{name}", label=name, **fields)


def product(*, owner, actor, title: str, published: bool = True) -> Product:
    """A short course without outcomes (nothing to extract), published at once unless not."""
    made = catalog.product_create(
        owner=owner, actor=actor, fields={"kind": "short_course", "title_en": title}, outcomes=[]
    )
    if published:
        Product.objects.filter(pk=made.pk).update(status=Product.Status.PUBLISHED)
        made.refresh_from_db()
    return made


def product_skill(
    *, product: Product, skill: Skill, removed: bool = False, **fields
) -> ProductSkill:
    """A skill the extractor found in the product's outcomes (removed by an editor, if said)."""
    values = {
        "origin": ProductSkill.Origin.EXTRACTOR,
        "score": 0.9,
        "evidence": f"Uses {skill.label}",
        "decision": ProductSkill.Decision.REMOVED if removed else ProductSkill.Decision.NONE,
    } | fields
    return ProductSkill.objects.create(product=product, skill=skill, **values)


def proposal(*, skills=(), **fields) -> Proposal:
    """A proposal waiting for a decision, for the skills given."""
    values = {
        "title_ru": "Курс",
        "title_en": "Course",
        "start": date(2025, 4, 1),
        "end": date(2026, 3, 1),
    } | fields
    made = Proposal.objects.create(**values)
    made.skills.set(skills)
    return made


def offer(*, request, product: Product, status: str = Offer.Status.ASKED, **fields) -> Offer:
    """An offer on the request, made by the product's lead owner unless said."""
    lead = product.ownerships.order_by("role", "pk").first()
    values = {"organization": lead.organization if lead else None, "status": status} | fields
    return Offer.objects.create(request=request, product=product, **values)


def product_demand(*, product: Product, postings: int, region: str = ALL_REGIONS, **fields):
    """A stored count of the postings a product's skills are asked for."""
    values = {"start": date(2025, 4, 1), "end": date(2026, 3, 1)} | fields
    return ProductDemand.objects.create(product=product, region=region, postings=postings, **values)
