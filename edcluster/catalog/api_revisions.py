"""The review of edits to published products: a product's pending changes (its editors and
operators), the operators' queue, and their decision (approve: the changes go live; return,
with a reason mailed to the editors)."""

from datetime import datetime
from typing import Any

from ninja import Field, Router, Schema

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog import selectors, services
from edcluster.catalog.api import Slug
from edcluster.catalog.models import ProductRevision
from edcluster.core.api import In, errors

router = Router(tags=["catalog"])


class RevisionOut(Schema):
    id: int
    product: str
    title: str
    status: str
    changes: dict[str, Any] = Field(
        description="What would change, field by field: only what differs from the live "
        "version (a field of education by its code, priority areas by id, outcomes as "
        "[text, language] pairs)"
    )
    author: str | None
    comment: str
    created_at: datetime
    updated_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_product(revision: ProductRevision) -> str:
        return revision.product.slug

    @staticmethod
    def resolve_title(revision: ProductRevision) -> str:
        return revision.product.title

    @staticmethod
    def resolve_author(revision: ProductRevision) -> str | None:
        return revision.author.email if revision.author else None


class DecisionIn(In):
    action: str = Field(..., pattern=r"^(approve|return)$")
    comment: str = Field("", max_length=5000, description="Why it is returned (required then)")


@router.get("/revisions", response={200: list[RevisionOut], **errors(401, 403)})
def list_revisions(request: AuthenticatedHttpRequest):
    """Published products' changes waiting for review, oldest first (operators)."""
    return list(selectors.revision_queue(viewer=request.user)[:500])


@router.get("/products/{slug}/revision", response={200: RevisionOut, **errors(401, 403, 404, 422)})
def get_revision(request: AuthenticatedHttpRequest, slug: Slug):
    """A published product's changes waiting for review: for its editors and operators; 404
    when nothing waits."""
    return selectors.access_revision(user=request.user, slug=slug)


@router.post(
    "/products/{slug}/revision", response={200: RevisionOut, **errors(400, 401, 403, 404, 422)}
)
def decide_revision(request: AuthenticatedHttpRequest, slug: Slug, payload: DecisionIn):
    """Approve the waiting changes (they go live) or return them with a comment, mailed to
    the owners' editors (operators)."""
    revision = selectors.access_revision(user=request.user, slug=slug)
    if payload.action == "approve":
        services.revision_approve(product=revision.product, actor=request.user)
    else:
        services.revision_return(
            product=revision.product, actor=request.user, comment=payload.comment
        )
    revision.refresh_from_db()
    return revision
