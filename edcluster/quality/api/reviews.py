"""The scoresheet, experts' assignments and reviews, and a product's index."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.catalog.models import Product
from edcluster.core.api import Pages, errors
from edcluster.quality import selectors, services
from edcluster.quality.api.conflicts import refusals
from edcluster.quality.api.schemas import (
    AssignmentIn,
    AssignmentOut,
    CriteriaSetIn,
    CriteriaSetOut,
    IndexOut,
    ReviewIn,
    ReviewOut,
)
from edcluster.quality.formula import COMPONENTS, index_formula

router = Router()


def _criteria_out(criteria_set) -> dict:
    return {
        "version": criteria_set.version,
        "note": criteria_set.note,
        "created_at": criteria_set.created_at,
        "criteria": [
            {
                "code": criterion.code,
                "title": str(criterion.get_code_display()),
                "weight": float(criterion.weight),
                "descriptors_ru": criterion.descriptors_ru,
                "descriptors_en": criterion.descriptors_en,
            }
            for criterion in criteria_set.criteria.all()
        ],
    }


@router.get(
    "/criteria",
    response={200: CriteriaSetOut, **errors(404)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def get_criteria(request):
    """The scoresheet in use: criteria, weights and what each score 1–5 means."""
    criteria_set = selectors.criteria_current()
    if criteria_set is None:
        return Status(404, {"detail": _("There is no scoresheet yet.")})
    return _criteria_out(criteria_set)


@router.post("/criteria", response={201: CriteriaSetOut, **errors(400, 401, 403, 422)})
def create_criteria(request: AuthenticatedHttpRequest, payload: CriteriaSetIn):
    """A new version of the scoresheet (operators); reviews keep the version they used."""
    selectors.require_operator(user=request.user)
    criteria_set = services.criteria_set_create(
        actor=request.user,
        criteria=[row.dict() for row in payload.criteria],
        note=payload.note,
    )
    return Status(201, _criteria_out(selectors.criteria_current() or criteria_set))


@router.get("/assignments", response={200: list[AssignmentOut], **errors(401, 422)})
@paginate(Pages)
def list_assignments(request: AuthenticatedHttpRequest):
    """Every assignment for operators; an expert's own for them."""
    return selectors.assignments_visible(viewer=request.user)


@router.post("/assignments", response={201: AssignmentOut, **errors(400, 401, 403, 422)})
def create_assignment(request: AuthenticatedHttpRequest, payload: AssignmentIn):
    """Ask an expert to review a product (operators); refused, naming why, on a conflict of
    interest or when the product has its reviews for the cycle."""
    selectors.require_operator(user=request.user)
    product = Product.objects.filter(slug=payload.product).first()
    if product is None:
        raise ValidationError({"product": _("No product has this short address.")})
    expert = selectors.experts().filter(pk=payload.expert).first()
    if expert is None:
        raise ValidationError({"expert": _("This person is not an appointed expert.")})
    assignment = services.assignment_create(
        product=product,
        expert=expert,
        cycle=payload.cycle or timezone.localdate().year,
        due_on=payload.due_on,
        actor=request.user,
    )
    return Status(201, assignment)


@router.get("/reviews", response={200: list[ReviewOut], **errors(401, 422)})
@paginate(Pages)
def list_reviews(request: AuthenticatedHttpRequest):
    """Reviews the caller reads: operators all; an expert their own, and the others of a
    product and cycle once both regular reviews are in."""
    return selectors.reviews_visible(viewer=request.user).order_by("-submitted_at", "-pk")


@router.post("/reviews", response={201: ReviewOut, **errors(400, 401, 403, 404, 409, 422)})
@refusals
def submit_review(request: AuthenticatedHttpRequest, payload: ReviewIn):
    """The assigned expert's review, whole and final (409 when it was submitted)."""
    assignment = selectors.access_assignment(
        user=request.user, assignment_id=payload.assignment, for_review=True
    )
    review = services.review_submit(
        assignment=assignment,
        actor=request.user,
        scores={code: score.dict() for code, score in payload.scores.items()},
        recommendation=payload.recommendation,
        comment=payload.comment,
        no_conflict=payload.no_conflict,
    )
    return Status(
        201, get_object_or_404(selectors.reviews_visible(viewer=request.user), pk=review.pk)
    )


@router.get(
    "/products/{slug}/index",
    response={200: IndexOut, **errors(404)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def get_index(request, slug: str):
    """The product's quality index of its latest cycle with its formula, numbers, n and m
    ("not enough data" before an expert review or five learners' ratings)."""
    product = selectors.product_for_index(user=request.user, slug=slug)
    index = selectors.product_index(product=product)
    if index is None:
        return {
            "product": product.slug,
            "cycle": None,
            "value": None,
            "enough_data": False,
            "formula": _("not enough data"),
            "lines": [],
            "components": dict.fromkeys(COMPONENTS),
            "inputs": {},
        }
    formula = index_formula(index)
    return {
        "product": product.slug,
        "cycle": index.cycle,
        "value": float(index.value) if index.value is not None else None,
        "enough_data": formula["enough"],
        "formula": formula["text"],
        "lines": formula["lines"],
        "components": {
            name: (float(value) if (value := getattr(index, name)) is not None else None)
            for name in COMPONENTS
        },
        "inputs": index.inputs,
    }
