"""A version as plain Python, the way EWP IIA v7 describes one bilateral agreement, and the hash
signatures are bound to.

`agreement_version_facts` is what `services.iia` maps to the XML layer's values
(`partnerships/ewp/`); the hash signatures bind to, the official `iia-hash`, is computed there."""

from collections.abc import Iterable
from typing import Any

from edcluster.partnerships.models import (
    AgreementParty,
    AgreementVersion,
    CooperationCondition,
    Signature,
)
from edcluster.partnerships.selectors import CONDITION_RELATED, agreement_parties, prefetched

Type = CooperationCondition.Type
# IIA v7's `cooperation-conditions`: the four kinds of `*-mobility-spec` in this order, each kind
# in the order its conditions were entered. The hash depends on it.
TYPE_ORDER: list[str] = [
    Type.STUDENT_STUDIES,
    Type.STUDENT_TRAINEESHIP,
    Type.STAFF_TEACHING,
    Type.STAFF_TRAINING,
]
XML_ELEMENT: dict[str, str] = {
    Type.STUDENT_STUDIES: "student-studies-mobility-spec",
    Type.STUDENT_TRAINEESHIP: "student-traineeship-mobility-spec",
    Type.STAFF_TEACHING: "staff-teacher-mobility-spec",
    Type.STAFF_TRAINING: "staff-training-mobility-spec",
}


def conditions_in_order(version: AgreementVersion) -> list[CooperationCondition]:
    """The version's conditions in IIA v7's fixed order: those prefetched with their parties
    (`selectors.agreement_versions`) when there are, else one query. A page asks three times
    (its table, its pairs, its hash); a query with these joins costs more to build than to run."""
    if prefetched(version, "conditions"):
        conditions: Iterable[CooperationCondition] = version.conditions.all()
    else:
        conditions = version.conditions.select_related(*CONDITION_RELATED)
    return sorted(conditions, key=lambda c: (TYPE_ORDER.index(c.type), c.position, c.pk))


def _unit_id(party: AgreementParty, unit) -> str | None:
    chosen = unit or party.unit
    return chosen.unit_id if chosen else None


def condition_facts(condition: CooperationCondition) -> dict[str, Any]:
    """One `*-mobility-spec`: who sends whom, when, how many, in what subjects and languages."""
    sending, receiving = condition.sending_party, condition.receiving_party
    total = float(condition.total_per_year)
    return {
        "element": XML_ELEMENT[condition.type],
        "type": condition.type,
        "sending_hei_id": sending.organization.schac_id,
        "sending_ounit_id": _unit_id(sending, condition.sending_unit),
        "receiving_hei_id": receiving.organization.schac_id,
        "receiving_ounit_id": _unit_id(receiving, condition.receiving_unit),
        "receiving_first_academic_year_id": condition.first_year,
        "receiving_last_academic_year_id": condition.last_year,
        "mobilities_per_year": condition.mobilities_per_year,
        "total_months_per_year": total if condition.is_student else None,
        "total_days_per_year": None if condition.is_student else total,
        "subject_areas": [
            {"isced_f_code": area["code"], "isced_clarification": area["clarification"] or None}
            for area in condition.subject_areas
        ],
        "recommended_language_skills": [
            {"language": item["language"], "cefr_level": item["cefr"]}
            for item in condition.languages
        ],
        "eqf_levels": list(condition.eqf_levels) if condition.type == Type.STUDENT_STUDIES else [],
        "blended": condition.blended,
        "other_info_terms": condition.other_terms or None,
    }


def _signature_facts(signature: Signature | None) -> dict[str, Any]:
    if signature is None:
        return {"signing_contact": None, "signing_date": None}
    return {
        "signing_contact": {
            "name": signature.signer_name,
            "role": signature.signer_role or None,
            "email": signature.signer_email or None,
        },
        "signing_date": signature.signed_on.isoformat(),
    }


def _partner_facts(version, party: AgreementParty, signatures: dict) -> dict[str, Any]:
    agreement = version.agreement
    return {
        "organization_id": party.organization_id,
        "hei_id": party.organization.schac_id,
        "erasmus_code": party.organization.erasmus_code or None,
        "pic": party.organization.pic or None,
        "ounit_id": party.unit.unit_id if party.unit else None,
        "ounit_code": party.unit.code or None if party.unit else None,
        "iia_id": str(agreement.uuid),
        "iia_code": agreement.code,
        **_signature_facts(signatures.get(party.pk)),
    }


def bilateral_pairs(version: AgreementVersion) -> list[tuple[AgreementParty, AgreementParty]]:
    """The pairs an IIA is exported for (its `partner` is exactly two): every pair of parties
    with a condition between them, the agreement's keeper first when it is one of them."""
    parties = {party.pk: party for party in agreement_parties(agreement=version.agreement)}
    keeper = version.agreement.owner_id
    pairs: dict[tuple[int, int], tuple[AgreementParty, AgreementParty]] = {}
    for condition in version.conditions.all():
        first, second = parties[condition.sending_party_id], parties[condition.receiving_party_id]
        if second.organization_id == keeper or (
            first.organization_id != keeper and second.position < first.position
        ):
            first, second = second, first
        pairs.setdefault((first.pk, second.pk), (first, second))
    if not pairs and len(parties) == 2:
        first, second = sorted(
            parties.values(), key=lambda p: (p.organization_id != keeper, p.position)
        )
        pairs[(first.pk, second.pk)] = (first, second)
    return list(pairs.values())


def agreement_version_facts(
    version: AgreementVersion,
    pair: tuple[AgreementParty, AgreementParty] | None = None,
    *,
    pdf: bool = True,
) -> dict[str, Any]:
    """One version for one bilateral pair (the only pair when omitted and there is one), as
    plain Python: both partners (hei-id = SCHAC id, ounit-id, iia-id, iia-code, signing contact
    and date), the conditions between them in IIA v7's order, whether it is in effect (both
    signed), the validity and the signed text's PDF bytes (IIA v7's pdf-file, base64 in XML;
    None with `pdf=False`, for the hash and the export, which leave it out: it is read from the
    database only when asked)."""
    if pair is None:
        pairs = bilateral_pairs(version)
        if len(pairs) != 1:
            raise ValueError(f"{version} has {len(pairs)} bilateral pairs; name one")
        pair = pairs[0]
    agreement = version.agreement
    signatures = {signature.party_id: signature for signature in version.signatures.all()}
    ids = {pair[0].pk, pair[1].pk}
    conditions = [
        condition_facts(condition)
        for condition in conditions_in_order(version)
        if {condition.sending_party_id, condition.receiving_party_id} == ids
    ]
    return {
        "iia_id": str(agreement.uuid),
        "iia_code": agreement.code,
        "kind": agreement.kind,
        "version": version.number,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_until": agreement.valid_until.isoformat() if agreement.valid_until else None,
        "partners": [_partner_facts(version, party, signatures) for party in pair],
        "in_effect": all(party.pk in signatures for party in pair),
        "conditions": conditions,
        "pdf_file": bytes(agreement.pdf) if pdf and agreement.pdf else None,
    }
