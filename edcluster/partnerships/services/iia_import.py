"""A partner's IIAs v7 get response read against the agreements here: each `iia` matched by the
`iia-id` of either side is "identical" to the newest version, or becomes a new proposed version
(unsigned) with the partner's conditions. A file that is not XML, fails the XSD or exceeds 5 MB
imports nothing (`ewp.iia_parse` raises `IiaError`)."""

import uuid
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.partnerships import ewp
from edcluster.partnerships.models import Agreement, AgreementVersion, CooperationCondition
from edcluster.partnerships.services.conditions import condition_clean
from edcluster.partnerships.services.facts import TYPE_ORDER, agreement_version_facts
from edcluster.partnerships.services.iia import (
    CONDITION_TYPE,
    Pair,
    facts_of_fields,
    iia_of_facts,
    pair_hash,
)
from edcluster.partnerships.services.map_summary import map_summary_refresh
from edcluster.partnerships.services.status import (
    agreement_require_live,
    agreement_status_refresh,
    latest_version,
)

IDENTICAL, PROPOSED, UNMATCHED, REFUSED = "identical", "proposed", "unmatched", "refused"


@dataclass(frozen=True)
class IiaOutcome:
    """What became of one `iia` of the file (its position, from 1)."""

    number: int
    iia_ids: tuple[str, ...]
    result: str  # identical, proposed, unmatched, refused
    message: str
    agreement: Agreement | None = None
    version: int | None = None  # the version proposed (or that a dry run would propose)
    warning: str = ""


def _match(iia: ewp.Iia) -> Agreement | None:
    ids = []
    for partner in iia.partners:
        try:
            ids.append(uuid.UUID(partner.iia_id.strip()))
        except ValueError:
            continue
    return Agreement.objects.filter(uuid__in=ids).order_by("pk").first()


def _pair(agreement: Agreement, iia: ewp.Iia) -> Pair:
    """The two parties the IIA is between, ordered as this platform exports them."""
    parties = {
        party.organization.schac_id: party
        for party in agreement.parties.select_related("organization", "unit")
        if party.organization.schac_id
    }
    found = []
    for number, partner in enumerate(iia.partners, 1):
        if partner.hei_id not in parties:
            message = _("%(hei_id)s is not a party to agreement %(code)s.") % {
                "hei_id": partner.hei_id,
                "code": agreement.code,
            }
            raise ValidationError({f"partner[{number}].hei-id": message})
        found.append(parties[partner.hei_id])
    first, second = sorted(
        found, key=lambda party: (party.organization_id != agreement.owner_id, party.position)
    )
    return first, second


def _unit(party, ounit_id: str, field: str):
    if not ounit_id:
        return None
    unit = party.organization.units.filter(unit_id=ounit_id).first()
    if unit is None:
        message = _("%(organization)s has no unit %(unit)s here.") % {
            "organization": party.organization,
            "unit": ounit_id,
        }
        raise ValidationError({field: message})
    return unit


def _fields(condition: ewp.CooperationCondition, parties: dict, where: str) -> dict[str, Any]:
    for name, hei_id in (
        ("sending", condition.sending_hei_id),
        ("receiving", condition.receiving_hei_id),
    ):
        if hei_id not in parties:
            message = _("the institution is not a party to the agreement.")
            raise ValidationError({f"{where}.{name}-hei-id": message})
    total = condition.total or Decimal(0)
    if total != total.quantize(Decimal("0.1")) or total >= 1_000_000:
        raise ValidationError({f"{where}.total": _("Keep the total to one decimal place.")})
    sending, receiving = parties[condition.sending_hei_id], parties[condition.receiving_hei_id]
    return {
        "type": CONDITION_TYPE[condition.type],
        "sending_party": sending,
        "receiving_party": receiving,
        "sending_unit": _unit(sending, condition.sending_ounit_id, f"{where}.sending-ounit-id"),
        "receiving_unit": _unit(
            receiving, condition.receiving_ounit_id, f"{where}.receiving-ounit-id"
        ),
        "first_year": condition.first_year,
        "last_year": condition.last_year,
        "mobilities_per_year": condition.mobilities_per_year,
        "total_per_year": total,
        "subject_areas": [
            {"code": area.isced, "clarification": area.clarification or ""}
            for area in condition.subject_areas
        ],
        "eqf_levels": list(condition.eqf_levels),
        "languages": [
            {"language": skill.language, "cefr": skill.cefr} for skill in condition.language_skills
        ],
        "blended": condition.blended,
        "other_terms": condition.other_info or "",
    }


def iia_conditions(iia: ewp.Iia, *, version: AgreementVersion, pair: Pair) -> list[dict]:
    """The partner's conditions as the fields of this version's conditions, checked as the
    agreement editor checks them; a ValidationError names the IIA's element."""
    parties = {party.organization.schac_id: party for party in pair}
    cleaned = []
    for number, condition in enumerate(iia.conditions, 1):
        where = f"{condition.type.element}[{number}]"
        fields = _fields(condition, parties, where)
        try:
            cleaned.append(condition_clean(version=version, data=fields))
        except ValidationError as error:
            raise ValidationError(
                {f"{where}.{name}": messages for name, messages in error.message_dict.items()}
            ) from error
    return cleaned


def _hash_of(version: AgreementVersion, pair: Pair, conditions: list[dict]) -> str:
    """The iia-hash the version would have between the pair with these conditions."""
    facts = agreement_version_facts(version, pair)
    ordered = sorted(conditions, key=lambda fields: TYPE_ORDER.index(fields["type"]))
    facts["conditions"] = [facts_of_fields(fields) for fields in ordered]
    return ewp.iia_hash(iia_of_facts(facts), check=False)


@transaction.atomic
def agreement_version_propose(
    *, agreement: Agreement, actor, pair: Pair, conditions: list[dict], note: str
) -> AgreementVersion:
    """A new unsigned version whose conditions between the pair are the given ones (a partner's
    proposal); the other conditions are copied. An unsigned newest version is superseded and
    stays in the history."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement_require_live(agreement)
    current = latest_version(agreement)
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=current.number + 1,
        note=note[:5000],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    ids = {pair[0].pk, pair[1].pk}
    kept = [
        condition
        for condition in current.conditions.order_by("position", "pk")
        if {condition.sending_party_id, condition.receiving_party_id} != ids
    ]
    for position, condition in enumerate(kept, 1):
        condition.pk, condition.version, condition.position = None, version, position
        condition.save()
    for position, fields in enumerate(conditions, len(kept) + 1):
        CooperationCondition.objects.create(version=version, position=position, **fields)
    agreement_status_refresh(agreement)
    map_summary_refresh(agreement_ids=[agreement.pk])
    audit_record(
        actor=actor,
        verb="agreement.iia_imported",
        target=agreement,
        data={"version": version.number, "parties": sorted(ids)},
    )
    return version


def _one(number: int, iia: ewp.Iia, computed: str, *, actor, dry_run: bool) -> IiaOutcome:
    ids = tuple(partner.iia_id for partner in iia.partners if partner.iia_id)
    outcome = _compared(number, ids, iia, computed, actor=actor, dry_run=dry_run)
    if iia.iia_hash.strip() != computed:
        warning = _("its declared iia-hash %(declared)s is not that of its content, %(computed)s.")
        warning %= {"declared": iia.iia_hash.strip(), "computed": computed}
        outcome = replace(outcome, warning=warning)
    return outcome


def _compared(
    number: int, ids: tuple, iia: ewp.Iia, computed: str, *, actor, dry_run: bool
) -> IiaOutcome:
    agreement = _match(iia)
    if agreement is None:
        return IiaOutcome(number, ids, UNMATCHED, _("no agreement here has these iia-ids."))
    version = latest_version(agreement)
    try:
        agreement_require_live(agreement)
        pair = _pair(agreement, iia)
        current = pair_hash(version, pair)
        if computed == current:
            return IiaOutcome(number, ids, IDENTICAL, current, agreement, version.number)
        conditions = iia_conditions(iia, version=version, pair=pair)
    except ValidationError as error:
        return IiaOutcome(number, ids, REFUSED, _reasons(error), agreement)
    if _hash_of(version, pair, conditions) == current:
        return IiaOutcome(number, ids, IDENTICAL, current, agreement, version.number)
    if dry_run:
        return IiaOutcome(number, ids, PROPOSED, "", agreement, version.number + 1)
    hei_id = iia.partners[0].hei_id
    note = _("The partner's proposal, imported from the IIA of %(hei_id)s.") % {"hei_id": hei_id}
    made = agreement_version_propose(
        agreement=agreement, actor=actor, pair=pair, conditions=conditions, note=note
    )
    return IiaOutcome(number, ids, PROPOSED, "", agreement, made.number)


def _reasons(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        f"{field}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    )


def iia_import(*, data: bytes, actor, dry_run: bool = False) -> list[IiaOutcome]:
    """Each `iia` of a partner's get response, matched and compared (or proposed as a new
    version unless `dry_run`); raises `ewp.IiaError` when the file imports nothing."""
    iias = ewp.iia_parse(data)
    computed = ewp.iia_hashes(data)  # the hash of what each iia says, whatever it declares
    return [
        _one(number, iia, computed[number - 1], actor=actor, dry_run=dry_run)
        for number, iia in enumerate(iias, 1)
    ]
