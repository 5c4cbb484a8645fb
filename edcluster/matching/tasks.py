"""Background work of matching; tasks take ids, call one service and are safe to run twice."""

from django.tasks import task

from edcluster.matching.services.linking import products_link
from edcluster.matching.services.notify import offer_notify
from edcluster.matching.services.proposals import proposals_draft_from_gaps
from edcluster.matching.services.reach import product_demand_refresh


@task()
def link_products(*, product_ids: list[int]) -> dict:
    """Link these products' learning outcomes to skills (where they changed)."""
    return products_link(product_ids)


@task()
def notify_offer(*, offer_id: int, status: str) -> int:
    """Mail the other side of an offer's step (see `offer_notify`); returns the mails sent."""
    return offer_notify(offer_id=offer_id, status=status)


@task()
def refresh_product_demand(*, product_ids: list[int]) -> int:
    """Recount the postings these products' skills are asked for (their skills changed)."""
    return product_demand_refresh(product_ids)


@task()
def draft_proposals(*, region: str = "", groups: int = 3) -> list[int]:
    """Draft proposals for the skill groups with the most uncovered demand (run on a schedule:
    see `matching_draft_proposals`); returns the new proposals' ids."""
    return [p.pk for p in proposals_draft_from_gaps(region=region, groups=groups)]
