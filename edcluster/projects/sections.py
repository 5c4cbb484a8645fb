"""The projects' section of a product's page: the projects that deliver it or teach it, and
"Start a project" when it came from an accepted proposal with no project yet."""

from edcluster.matching.models import Proposal
from edcluster.projects import selectors


def product_projects(request, product) -> dict | None:
    projects = list(selectors.projects_of_product(viewer=request.user, product=product)[:20])
    proposal = Proposal.objects.filter(product=product, status=Proposal.Status.ACCEPTED).first()
    if proposal is not None and not selectors.can_start_from_proposal(
        user=request.user, proposal=proposal
    ):
        proposal = None
    if not projects and proposal is None:
        return None
    return {"projects": projects, "proposal": proposal}
