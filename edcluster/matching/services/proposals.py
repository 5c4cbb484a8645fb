"""Proposals for new products, drafted from market gaps: target skills, draft outcomes, the
employers whose demand they answer, and a consortium of members ranked by how well their
published products already cover the target skills (see `selectors.proposals`); accepted (a
draft product) or declined by operators."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.catalog import services as catalog
from edcluster.catalog.models import Product
from edcluster.core.services import audit_record
from edcluster.core.text import fold
from edcluster.demand.selectors.analytics import period_of
from edcluster.matching.models import ProductSkill, Proposal
from edcluster.matching.selectors.gaps import Gap, gaps_by_group, market_gaps
from edcluster.matching.selectors.proposals import (
    consortium_for,
    employers_for,
    require_proposal_manager,
)
from edcluster.organizations.models import Organization
from edcluster.skills.models import Skill, SkillGroup

TARGET_SKILLS = 5


SUBJECT_LENGTH = 70  # longer than this, two skills' names make no title: the group names it


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def proposal_titles(targets: list[Gap]) -> tuple[str, str]:
    """Russian and English titles of a course on these gaps (most demanded first): named after
    its two leading skills (the second not a variant of the first's name), or after their skill
    group when those names are too long to read as a title (`SkillGroup` labels; a skill's
    English name stands in for a missing Russian one)."""
    lead = [targets[0].skill]
    first = fold(lead[0].label_ru or lead[0].label)
    for gap in targets[1:]:  # the next skill not named within the first («управление проектами»
        name = fold(gap.skill.label_ru or gap.skill.label)  # and «гибкое управление проектами»)
        if first not in name and name not in first:
            lead.append(gap.skill)
            break
    ru = [skill.label_ru or skill.label for skill in lead]
    en = [skill.label for skill in lead]
    subject_ru, subject_en = " и ".join(ru), " and ".join(en)
    if len(subject_ru) > SUBJECT_LENGTH or len(subject_en) > SUBJECT_LENGTH:
        group = SkillGroup.objects.filter(uri=targets[0].group).first()
        if group is not None:
            subject_ru, subject_en = group.label_ru or group.label, group.label
        else:
            subject_ru, subject_en = ru[0], en[0]
    return (
        f"Курс повышения квалификации «{_capital(subject_ru)}»"[:300],
        f"Professional development course “{_capital(subject_en)}”"[:300],
    )


def proposal_outcome(skill: Skill) -> dict[str, str]:
    """A draft learning outcome in both languages: a skill is applied, knowledge is known and
    used (the extractor links either phrasing back to the skill)."""
    ru, en = skill.label_ru or skill.label, skill.label
    if skill.kind != Skill.Kind.SKILL:
        return {
            "ru": f"Знает основы области «{ru}» и применяет их в профессиональных задачах",
            "en": f"Knows the foundations of {en} and applies them in professional tasks",
        }
    return {
        "ru": f"Умеет применять на практике навык «{ru}»",
        "en": f"Can {en} in professional tasks",
    }


def _require_operator(actor) -> None:
    if actor is not None:  # None: a scheduled task
        require_proposal_manager(user=actor)


def _refuse_a_twin(*, group: str, region: str) -> None:
    """One waiting proposal per skill group and region (and the model's constraint)."""
    waiting = Proposal.objects.filter(
        status=Proposal.Status.PROPOSED, group=group, region=region
    ).first()
    if waiting is not None:
        raise ValidationError(
            {
                "group": _(
                    "Proposal #%(id)s for this skill group and region is still waiting: "
                    "accept or decline it first."
                )
                % {"id": waiting.pk}
            }
        )


@transaction.atomic
def proposal_draft(*, gaps: list[Gap], period, region: str = "", actor=None) -> Proposal:
    """A proposal for a product teaching the most demanded of these gaps (one skill group's,
    usually). `actor` None: drafted by a scheduled task."""
    _require_operator(actor)
    if not gaps:
        raise ValidationError({"gaps": _("There is no gap to propose a product for.")})
    targets = sorted(gaps, key=lambda g: -g.demand)[:TARGET_SKILLS]
    _refuse_a_twin(group=targets[0].group, region=region)
    ids = [g.skill.pk for g in targets]
    title_ru, title_en = proposal_titles(targets)
    proposal = Proposal(
        created_by=actor,
        title_en=title_en,
        title_ru=title_ru,
        region=region,
        start=period.start,
        end=period.end,
        group=targets[0].group,
        outcomes=[proposal_outcome(g.skill) for g in targets],
        employers=employers_for(ids, period=period, region=region),
        consortium=consortium_for(ids),
    )
    try:
        with transaction.atomic():  # a twin drafted at the same moment: the constraint says
            proposal.save()
    except IntegrityError:
        _refuse_a_twin(group=proposal.group, region=region)
        raise
    proposal.skills.set(ids)
    audit_record(
        actor=actor,
        verb="proposal.drafted",
        target=proposal,
        data={"skills": [g.skill.uri for g in targets]},
    )
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
        owner=members[0],
        actor=actor,
        fields={
            "kind": Product.Kind.SHORT_COURSE,
            "title_ru": proposal.title_ru,
            "title_en": proposal.title_en,
        },
        outcomes=[(item["ru"], "ru") for item in proposal.outcomes],
    )
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
        )
        for skill in proposal.skills.all()
    )
    proposal.status, proposal.product, proposal.decided_at = (
        Proposal.Status.ACCEPTED,
        product,
        timezone.now(),
    )
    proposal.save(update_fields=["status", "product", "decided_at"])
    audit_record(
        actor=actor,
        verb="proposal.accepted",
        target=proposal,
        data={"product": product.slug, "members": [m.slug for m in members]},
    )
    return proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, reason: str, actor) -> Proposal:
    """Decline, saying why (operators)."""
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
    already has a proposal still waiting for this region, whatever its period (one waiting
    proposal per group and region; so a re-run drafts nothing new). Returns the proposals
    drafted."""
    period = period_of()
    gaps = market_gaps(period=period, region=region)
    waiting = set(
        Proposal.objects.filter(status=Proposal.Status.PROPOSED, region=region).values_list(
            "group", flat=True
        )
    )
    drafted = []
    for group in gaps_by_group(gaps)[:groups]:
        if group["uri"] in waiting:
            continue
        chosen = [gap for gap in gaps if gap.group == group["uri"]]
        drafted.append(proposal_draft(gaps=chosen, period=period, region=region))
    return drafted
