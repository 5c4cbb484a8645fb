"""The skills a product teaches: list them, add one, confirm or remove one."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja import Path as PathParam

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.catalog.selectors import access_product, can_edit_product
from edcluster.core.api import In, errors
from edcluster.matching.models import ProductSkill
from edcluster.matching.selectors.products import product_skills
from edcluster.matching.services import product_skills as skills_service
from edcluster.skills.models import Skill
from edcluster.skills.selectors import not_found_message, skill_resolve

router = Router()


class ProductSkillOut(Schema):
    skill_id: int
    uri: str
    label: str
    label_ru: str
    origin: str
    decision: str
    score: float | None
    evidence: str

    @staticmethod
    def resolve_uri(link: ProductSkill) -> str:
        return link.skill.uri

    @staticmethod
    def resolve_label(link: ProductSkill) -> str:
        return link.skill.label

    @staticmethod
    def resolve_label_ru(link: ProductSkill) -> str:
        return link.skill.label_ru


class SkillAddIn(In):
    skill: str = Field(
        ...,
        min_length=1,
        max_length=300,
        description="ESCO URI of the skill, or its name in Russian or English",
    )


class DecisionIn(In):
    decision: Literal["", "confirmed", "removed"] = Field(
        ..., description="confirmed, removed, or empty to take the decision back"
    )


def _skill_named(name: str) -> Skill:
    """The skill with this URI (404 if none), or called so (400 with what it may mean)."""
    if name.startswith(("http://", "https://")):
        return get_object_or_404(Skill, uri=name)
    resolved = skill_resolve(name)
    if not isinstance(resolved.concept, Skill):
        raise ValidationError({"skill": [not_found_message(name, resolved.suggestions)]})
    return resolved.concept


@router.get(
    "/products/{slug}/skills",
    response={200: list[ProductSkillOut], **errors(401, 404, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def list_product_skills(request: HttpRequest, slug: str):
    """The skills a product teaches (found in its learning outcomes, confirmed or added by its
    editors); its editors also get the ones they removed (`decision` = removed)."""
    product = access_product(user=request.user, slug=slug)
    editing = can_edit_product(user=request.user, product=product)
    return list(product_skills(product, with_removed=editing))


@router.post(
    "/products/{slug}/skills",
    response={201: ProductSkillOut, **errors(400, 401, 403, 404, 422)},
)
def add_product_skill(request: AuthenticatedHttpRequest, slug: str, payload: SkillAddIn):
    """Add a skill the product teaches (the product's editors)."""
    product = access_product(user=request.user, slug=slug, for_write=True)
    skill = _skill_named(payload.skill)
    link = skills_service.skill_add(product=product, skill=skill, actor=request.user)
    return Status(201, link)


@router.post(
    "/products/{slug}/skills/{skill_id}",
    response={200: ProductSkillOut, **errors(400, 401, 403, 404, 422)},
)
def decide_product_skill(
    request: AuthenticatedHttpRequest,
    slug: str,
    payload: DecisionIn,
    skill_id: int = PathParam(..., ge=1, le=2**63 - 1),
):
    """Confirm a linked skill, remove it, or take the decision back (`""`)."""
    product = access_product(user=request.user, slug=slug, for_write=True)
    skill = get_object_or_404(Skill, pk=skill_id)
    return skills_service.skill_decide(
        product=product, skill=skill, actor=request.user, decision=payload.decision
    )
