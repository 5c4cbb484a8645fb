"""Reads of proposals for new products: who reads and who decides them, and what a draft
suggests (a consortium of members whose published products already teach the target skills
or neighbours of them, with the reasons; the employers whose demand it answers)."""

from collections import Counter, defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from edcluster.catalog.models import Product, ProductOwner
from edcluster.demand.models import DemandRequest, PostingSkill, RequestSkill
from edcluster.demand.selectors import can_read_demand
from edcluster.matching.models import ProductSkill, Proposal
from edcluster.matching.selectors.coverage import RELATED_CREDIT, around
from edcluster.organizations.models import Organization
from edcluster.skills.models import Skill

CONSORTIUM = 5
PROVIDERS = (
    Organization.Kind.UNIVERSITY,
    Organization.Kind.RESEARCH_INSTITUTE,
    Organization.Kind.NON_PROFIT,
    Organization.Kind.SMALL_ENTERPRISE,
)


def can_manage_proposals(*, user) -> bool:
    """Operators draft, accept and decline proposals."""
    return bool(user.is_authenticated and user.is_operator)


def require_proposal_manager(*, user) -> None:
    if not can_manage_proposals(user=user):
        raise PermissionDenied


def proposal_list(*, viewer) -> QuerySet[Proposal]:
    """Proposals, newest first: operators and the staff of admitted members (candidates for
    the consortia) read them."""
    if not can_read_demand(user=viewer):
        raise PermissionDenied
    return Proposal.objects.select_related("product", "created_by")


def access_proposal(*, user, proposal_id: int, for_write: bool = False) -> Proposal:
    """A proposal the user reads (403 otherwise, 404 when there is none), and decides when
    asked (403)."""
    proposal = get_object_or_404(proposal_list(viewer=user), pk=proposal_id)
    if for_write:
        require_proposal_manager(user=user)
    return proposal


def _taught_by_members(candidates: set[int]) -> dict[int, dict[int, tuple[int, str, str]]]:
    """Organization → skill → (product, Russian title, English title) of the published
    products of admitted providers teaching any of the skills."""
    owners: dict[int, list[int]] = defaultdict(list)
    for product_id, organization_id in ProductOwner.objects.filter(
        product__status=Product.Status.PUBLISHED,
        organization__status=Organization.Status.ADMITTED,
        organization__kind__in=PROVIDERS,
    ).values_list("product_id", "organization_id"):
        owners[product_id].append(organization_id)
    taught: dict[int, dict[int, tuple[int, str, str]]] = defaultdict(dict)
    for product_id, skill_id, title_ru, title_en in (
        ProductSkill.objects.filter(skill_id__in=candidates, product_id__in=owners)
        .exclude(decision=ProductSkill.Decision.REMOVED)
        .values_list("product_id", "skill_id", "product__title_ru", "product__title_en")
    ):
        for organization_id in owners[product_id]:
            taught[organization_id].setdefault(skill_id, (product_id, title_ru, title_en))
    return taught


def _reason(names: dict, skill_id: int, via_id: int | None, product: tuple) -> dict:
    """One reason in both languages (the proposal is stored once and read in either):
    `Proposal.consortium_in_language` chooses."""
    skill_ru, skill_en = names.get(skill_id, ("", ""))
    via_ru, via_en = names.get(via_id, ("", "")) if via_id else ("", "")
    return {
        "skill_ru": skill_ru,
        "skill_en": skill_en,
        "via_ru": via_ru,
        "via_en": via_en,
        "product_ru": product[1],
        "product_en": product[2],
    }


def consortium_for(skill_ids: list[int]) -> list[dict]:
    """Admitted member organizations ranked by how much of the target skills their published
    products teach (1 a skill, 0.5 a neighbour), with the reasons in both languages."""
    near, candidates = around(skill_ids)
    taught = _taught_by_members(candidates)
    names = {
        pk: (label_ru, label)
        for pk, label, label_ru in Skill.objects.filter(pk__in=candidates).values_list(
            "pk", "label", "label_ru"
        )
    }
    ranked = []
    for organization_id, skills in taught.items():
        score, reasons = 0.0, []
        for skill_id in skill_ids:
            if skill_id in skills:
                score += 1
                reasons.append(_reason(names, skill_id, None, skills[skill_id]))
            else:
                via = sorted(near.get(skill_id, set()) & skills.keys())
                if via:
                    score += RELATED_CREDIT
                    reasons.append(_reason(names, skill_id, via[0], skills[via[0]]))
        if score:
            ranked.append((round(score / len(skill_ids), 4), organization_id, reasons))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    organizations = Organization.objects.in_bulk([item[1] for item in ranked[:CONSORTIUM]])
    return [
        {
            "organization": organizations[pk].slug,
            "name_ru": organizations[pk].short_name or organizations[pk].name_ru,
            "name_en": organizations[pk].short_name_en or organizations[pk].name_en,
            "score": score,
            "reasons": reasons,
        }
        for score, pk, reasons in ranked[:CONSORTIUM]
    ]


def employers_for(skill_ids: list[int], *, period, region: str = "") -> list[dict]:
    """Organizations with open requests for the skills, then the postings' employers asking for
    them most in the period."""
    found: list[dict] = []
    open_requests = DemandRequest.objects.exclude(status=DemandRequest.Status.CLOSED)
    for slug, name_ru, name_en in (
        RequestSkill.objects.filter(skill_id__in=skill_ids, request__in=open_requests)
        .values_list(
            "request__organization__slug",
            "request__organization__name_ru",
            "request__organization__name_en",
        )
        .distinct()
    ):
        found.append({"organization": slug, "name": name_ru or name_en, "source": "request"})
    facts = PostingSkill.objects.filter(
        skill_id__in=skill_ids,
        posting__fact_month__gte=period.start,
        posting__fact_month__lte=period.end,
    ).exclude(posting__employer="")
    if region:
        facts = facts.filter(posting__fact_region=region)
    counts = Counter(facts.values_list("posting__employer", flat=True)[:50_000])
    for name, postings in counts.most_common(5):
        found.append({"organization": "", "name": name, "source": "postings", "postings": postings})
    return found
