"""Proposals for new products, drafted from market gaps: target skills, draft outcomes, the
employers whose demand they answer, and a consortium of members ranked by how well their
published products already cover the target skills (or neighbours of them), with the reasons."""

from collections import Counter, defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.catalog import services as catalog
from edcluster.catalog.models import Product, ProductOwner
from edcluster.core.services import audit_record
from edcluster.demand.models import DemandRequest, PostingSkill, RequestSkill
from edcluster.matching.coverage import RELATED_CREDIT, neighbours
from edcluster.matching.gaps import Gap
from edcluster.matching.models import ProductSkill, Proposal
from edcluster.organizations.models import Organization

TARGET_SKILLS = 5
CONSORTIUM = 5
PROVIDERS = (Organization.Kind.UNIVERSITY, Organization.Kind.RESEARCH_INSTITUTE,
             Organization.Kind.NON_PROFIT, Organization.Kind.SMALL_ENTERPRISE)  # fmt: skip


def _require_operator(actor) -> None:
    if not (actor is None or (actor.is_authenticated and actor.is_operator)):
        raise PermissionDenied


def consortium_for(skill_ids: list[int]) -> list[dict]:
    """Admitted member organizations ranked by how much of the target skills their published
    products teach (1 a skill, 0.5 a neighbour), with the reasons."""
    near = neighbours(skill_ids)
    candidates = set(skill_ids) | {n for ns in near.values() for n in ns}
    owners: dict[int, list[int]] = defaultdict(list)
    for product_id, organization_id in ProductOwner.objects.filter(
        product__status=Product.Status.PUBLISHED,
        organization__status=Organization.Status.ADMITTED,
        organization__kind__in=PROVIDERS,
    ).values_list("product_id", "organization_id"):
        owners[product_id].append(organization_id)
    taught: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)  # org → skill → product
    for product_id, skill_id, title in (
        ProductSkill.objects.filter(skill_id__in=candidates, product_id__in=owners)
        .exclude(decision=ProductSkill.Decision.REMOVED)
        .values_list("product_id", "skill_id", "product__title_en")
    ):
        for organization_id in owners[product_id]:
            taught[organization_id].setdefault(skill_id, (product_id, title))
    from edcluster.skills.models import Skill

    names = dict(Skill.objects.filter(pk__in=candidates).values_list("pk", "label"))
    ranked = []
    for organization_id, skills in taught.items():
        score, reasons = 0.0, []
        for skill_id in skill_ids:
            if skill_id in skills:
                score += 1
                reasons.append({"skill": names.get(skill_id, ""), "via": "",
                                "product": skills[skill_id][1]})  # fmt: skip
            else:
                via = sorted(near.get(skill_id, set()) & skills.keys())
                if via:
                    score += RELATED_CREDIT
                    reasons.append({"skill": names.get(skill_id, ""), "via": names.get(via[0], ""),
                                    "product": skills[via[0]][1]})  # fmt: skip
        if score:
            ranked.append((round(score / len(skill_ids), 4), organization_id, reasons))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    organizations = Organization.objects.in_bulk([item[1] for item in ranked[:CONSORTIUM]])
    return [
        {
            "organization": organizations[pk].slug,
            "name": str(organizations[pk]),
            "score": score,
            "reasons": reasons,
        }  # fmt: skip
        for score, pk, reasons in ranked[:CONSORTIUM]
    ]


def employers_for(skill_ids: list[int], *, period, region: str = "") -> list[dict]:
    """Organizations with open requests for the skills, then the postings' employers asking for
    them most in the period."""
    found: list[dict] = []
    open_requests = DemandRequest.objects.exclude(status=DemandRequest.Status.CLOSED)
    for slug, name_ru, name_en in (
        RequestSkill.objects.filter(skill_id__in=skill_ids, request__in=open_requests)
        .values_list("request__organization__slug", "request__organization__name_ru",
                     "request__organization__name_en")
        .distinct()
    ):  # fmt: skip
        found.append({"organization": slug, "name": name_ru or name_en, "source": "request"})
    facts = PostingSkill.objects.filter(
        skill_id__in=skill_ids, posting__fact_month__gte=period.start,
        posting__fact_month__lte=period.end,
    ).exclude(posting__employer="")  # fmt: skip
    if region:
        facts = facts.filter(posting__fact_region=region)
    counts = Counter(facts.values_list("posting__employer", flat=True)[:50_000])
    for name, postings in counts.most_common(5):
        found.append({"organization": "", "name": name, "source": "postings", "postings": postings})
    return found


@transaction.atomic
def proposal_draft(*, gaps: list[Gap], period, region: str = "", actor=None) -> Proposal:
    """A proposal for a product teaching the most demanded of these gaps (one skill group's,
    usually). `actor` None: drafted by a scheduled task."""
    _require_operator(actor)
    if not gaps:
        raise ValidationError({"gaps": _("There is no gap to propose a product for.")})
    targets = sorted(gaps, key=lambda g: -g.demand)[:TARGET_SKILLS]
    ids = [g.skill.pk for g in targets]
    english = [g.skill.label for g in targets]
    russian = [g.skill.label_ru or g.skill.label for g in targets]
    proposal = Proposal.objects.create(
        created_by=actor,
        title_en=f"Course: {', '.join(english[:3])}"[:300],
        title_ru=f"Курс: {', '.join(russian[:3])}"[:300],
        region=region, start=period.start, end=period.end, group=targets[0].group,
        outcomes=[{"en": f"Can {label}" if targets[i].skill.kind == "skill/competence"
                   else f"Knows {label}", "ru": f"Владеет: {russian[i]}"}
                  for i, label in enumerate(english)],
        employers=employers_for(ids, period=period, region=region),
        consortium=consortium_for(ids),
    )  # fmt: skip
    proposal.skills.set(ids)
    audit_record(actor=actor, verb="proposal.drafted", target=proposal,
                 data={"skills": [g.skill.uri for g in targets]})  # fmt: skip
    return proposal


@transaction.atomic
def proposal_accept(*, proposal: Proposal, members: list[Organization], actor) -> Proposal:
    """Accept: a draft product at stage "idea" co-owned by the chosen members (the first leads),
    with the proposal's title and draft outcomes, linked to the target skills."""
    _require_operator(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PROPOSED:
        raise ValidationError({"status": _("Only a proposed product can be accepted.")})
    if not members:
        raise ValidationError({"members": _("Choose at least one member to develop it.")})
    product = catalog.product_create(
        owner=members[0], actor=actor,
        fields={"kind": Product.Kind.SHORT_COURSE, "title_ru": proposal.title_ru,
                "title_en": proposal.title_en},
        outcomes=[(item["ru"], "ru") for item in proposal.outcomes],
    )  # fmt: skip
    for member in members[1:]:
        catalog.product_owner_add(product=product, organization=member, actor=actor)
    ProductSkill.objects.bulk_create(
        ProductSkill(
            product=product,
            skill=skill,
            origin=ProductSkill.Origin.EDITOR,
            decision=ProductSkill.Decision.CONFIRMED,
            decided_by=actor,
            decided_at=timezone.now(),
        )  # fmt: skip
        for skill in proposal.skills.all()
    )
    proposal.status, proposal.product, proposal.decided_at = (
        Proposal.Status.ACCEPTED,
        product,
        timezone.now(),
    )
    proposal.save(update_fields=["status", "product", "decided_at"])
    audit_record(actor=actor, verb="proposal.accepted", target=proposal,
                 data={"product": product.slug, "members": [m.slug for m in members]})  # fmt: skip
    return proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, reason: str, actor) -> Proposal:
    _require_operator(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PROPOSED:
        raise ValidationError({"status": _("Only a proposed product can be declined.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is declined.")})
    proposal.status, proposal.reason, proposal.decided_at = (
        Proposal.Status.DECLINED,
        reason.strip(),
        timezone.now(),
    )
    proposal.save(update_fields=["status", "reason", "decided_at"])
    audit_record(actor=actor, verb="proposal.declined", target=proposal, data={"reason": reason})
    return proposal


def proposals_draft_from_gaps(*, region: str = "", groups: int = 3) -> list[Proposal]:
    """The scheduled drafting: proposals for the `groups` skill groups with the most uncovered
    demand of the default period (the 12 months to the newest data), skipping a group that
    already has a proposal still waiting for this region and period (so a re-run drafts
    nothing new). Returns the proposals drafted."""
    from edcluster.demand.selectors.analytics import period_of
    from edcluster.matching.gaps import gaps_by_group, market_gaps

    period = period_of()
    gaps = market_gaps(period=period, region=region)
    waiting = set(
        Proposal.objects.filter(status=Proposal.Status.PROPOSED, region=region,
                                start=period.start, end=period.end)
        .values_list("group", flat=True)
    )  # fmt: skip
    drafted = []
    for group in gaps_by_group(gaps)[:groups]:
        if group["uri"] in waiting:
            continue
        chosen = [gap for gap in gaps if gap.group == group["uri"]]
        drafted.append(proposal_draft(gaps=chosen, period=period, region=region))
    return drafted
