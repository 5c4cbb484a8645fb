"""The projects' sections of lower apps' pages: on a product's, the projects that deliver it or
teach it, and "Start a project" when it came from an accepted proposal with no project yet; on
a proposal's, the same button, or the project once started; on an agreement's, the joint
programmes that run under it."""

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


def agreement_programmes(request, agreement) -> dict | None:
    """The projects the reader may see whose programme names the agreement (the agreement page
    already checked that the reader may see the agreement)."""
    projects = list(selectors.projects_of_agreement(viewer=request.user, agreement=agreement)[:20])
    return {"projects": projects} if projects else None


def proposal_project(request, proposal) -> dict | None:
    """On an accepted proposal's page: the project started from it (for who may read it), else
    "Start a project" for who may start it (the lead owner's editors, operators); else nothing."""
    if proposal.status != Proposal.Status.ACCEPTED:
        return None
    started = selectors.projects_of_proposal(viewer=request.user, proposal=proposal).first()
    if started is not None:
        return {"project": started, "proposal": proposal}
    if selectors.can_start_from_proposal(user=request.user, proposal=proposal):
        return {"project": None, "proposal": proposal}
    return None
