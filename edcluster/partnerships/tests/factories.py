"""Partners, agreements and conditions for tests."""

from datetime import date
from typing import Any

from edcluster.organizations.models import FieldOfEducation, Organization
from edcluster.organizations.tests.factories import field_make, organization_make
from edcluster.partnerships import services
from edcluster.partnerships.models import Agreement, AgreementParty, CooperationCondition

T = CooperationCondition.Type


def isced_make() -> None:
    """The ISCED-F fields the tests name: 05 > 053 > 0531, 0533 (detailed) and 07 > 071 > 0711."""
    for broad, narrow, detailed in (("05", "053", ("0531", "0533")), ("07", "071", ("0711",))):
        top, _ = FieldOfEducation.objects.get_or_create(
            code=broad, defaults={"level": "broad", "name_en": f"Field {broad}"}
        )
        middle, _ = FieldOfEducation.objects.get_or_create(
            code=narrow, defaults={"level": "narrow", "name_en": f"Field {narrow}", "parent": top}
        )
        for code in detailed:
            if not FieldOfEducation.objects.filter(code=code).exists():
                field_make(code, "detailed", f"Field {code}", parent=middle)


def partner_make(slug: str = "jilin", *, domain: str = "jlu.edu.cn", **fields) -> Organization:
    """A foreign university with no staff here."""
    values = {
        "kind": Organization.Kind.FOREIGN_UNIVERSITY,
        "country": "CN",
        "name_en": "Jilin University",
    }
    return organization_make(slug, internet_domain=domain, **(values | fields))


def agreement_make(
    owner: Organization,
    *others: Organization,
    actor=None,
    kind: str = Agreement.Kind.MOBILITY,
    **fields,
) -> Agreement:
    """A draft agreement of the owner with the others (version 1, no conditions)."""
    values: dict[str, Any] = {
        "code": "IIA-1",
        "kind": kind,
        "valid_from": date(2026, 9, 1),
        "valid_until": date(2031, 8, 31),
    }
    parties = [services.PartyIn(owner), *(services.PartyIn(other) for other in others)]
    return services.agreement_create(owner=owner, actor=actor, parties=parties, **(values | fields))


def party(agreement: Agreement, organization: Organization) -> AgreementParty:
    return agreement.parties.get(organization=organization)


def condition_data(
    agreement: Agreement, sending: Organization, receiving: Organization, **fields
) -> dict:
    """Valid terms of student studies from one party to the other; `fields` override them."""
    return {
        "type": T.STUDENT_STUDIES,
        "sending_party": party(agreement, sending),
        "receiving_party": party(agreement, receiving),
        "first_year": "2026/2027",
        "last_year": "2028/2029",
        "mobilities_per_year": 4,
        "total_per_year": 10,
        "subject_areas": [{"code": "0531", "clarification": "Chemistry"}],
        "eqf_levels": [6, 7],
        "languages": [{"language": "en", "cefr": "B2"}],
    } | fields


def condition_make(agreement: Agreement, sending: Organization, receiving: Organization, **fields):
    version = services.latest_version(agreement)
    data = condition_data(agreement, sending, receiving, **fields)
    return services.condition_add(version=version, actor=None, data=data)


def sign(
    agreement: Agreement, organization: Organization, *, actor=None, version=None, on_behalf=None
):
    """The organization's signature of the newest version (on its behalf when it has no staff)."""
    from django.core.files.base import ContentFile

    from edcluster.partnerships.demo import DEMO_PDF

    version = version or services.latest_version(agreement)
    behalf = organization.is_foreign if on_behalf is None else on_behalf
    signature = services.SignatureIn(
        signer_name="Signer",
        signed_on=date(2026, 1, 15),
        version_hash=services.version_hash(version),
    )
    pdf = ContentFile(DEMO_PDF, name="signed.pdf") if behalf else None
    return services.agreement_sign(
        version=version,
        party=party(agreement, organization),
        actor=actor,
        signature=signature,
        on_behalf=behalf,
        pdf=pdf,
    )
