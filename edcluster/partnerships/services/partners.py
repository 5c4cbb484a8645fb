"""Foreign partners as organizations: their identity in EWP (SCHAC id = internet domain,
Erasmus code, PIC), their units and contacts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.organizations.models import Organization, OrganizationContact, OrganizationUnit
from edcluster.organizations.services import unique_slug
from edcluster.partnerships.models import AgreementParty, Signature
from edcluster.partnerships.services.map_summary import map_summary_refresh

FOREIGN_KINDS = (Organization.Kind.FOREIGN_UNIVERSITY, Organization.Kind.FOREIGN_ORGANIZATION)
IDENTITY = (
    "name_ru",
    "name_en",
    "short_name",
    "short_name_en",
    "kind",
    "country",
    "city",
    "website",
    "internet_domain",
    "erasmus_code",
    "pic",
)


def _validated(partner: Organization) -> None:
    if partner.kind not in FOREIGN_KINDS:
        raise ValidationError({"kind": _("A partner is a foreign university or organization.")})
    if partner.country == "RU":
        raise ValidationError({"country": _("A foreign partner is outside Russia.")})
    partner.full_clean(exclude=["slug", "priority_areas", "fields_of_education"])


@transaction.atomic
def partner_create(*, actor, **fields) -> Organization:
    """A foreign partner: listed in the directory (no staff of its own here)."""
    values = {name: fields[name] for name in IDENTITY if name in fields}
    partner = Organization(status=Organization.Status.ADMITTED, **values)
    partner.slug = unique_slug(base=partner.short_name_en or partner.short_name or partner.name_en)
    _validated(partner)
    partner.save()
    audit_record(actor=actor, verb="partner.created", target=partner)
    return partner


@transaction.atomic
def partner_update(*, partner: Organization, actor, **fields) -> Organization:
    """The partner's names and EWP identity changed."""
    changed = sorted(name for name in IDENTITY if name in fields)
    domain = fields.get("internet_domain", partner.internet_domain)
    if (
        domain != partner.internet_domain
        and Signature.objects.filter(version__agreement__parties__organization=partner).exists()
    ):
        # Its SCHAC id is part of every signed version's hash (the hei-id of the IIA).
        raise ValidationError(
            {"internet_domain": _("The partner has signed agreements: its SCHAC id is fixed.")}
        )
    for name in changed:
        setattr(partner, name, fields[name])
    _validated(partner)
    partner.version += 1
    partner.save()
    if {"kind", "country"} & set(changed):  # where the map counts its agreements
        agreements = AgreementParty.objects.filter(organization=partner)
        map_summary_refresh(agreement_ids=agreements.values_list("agreement_id", flat=True))
    audit_record(actor=actor, verb="partner.updated", target=partner, data={"fields": changed})
    return partner


@transaction.atomic
def unit_add(
    *, partner: Organization, actor, unit_id: str, name_ru: str, name_en: str, code: str = ""
) -> OrganizationUnit:
    """An organizational unit (EWP ounit-id), unique within its organization."""
    if partner.units.filter(unit_id=unit_id).exists():
        raise ValidationError({"unit_id": _("The organization already has a unit with this id.")})
    unit = OrganizationUnit(
        organization=partner,
        unit_id=unit_id,
        name_ru=name_ru or name_en,
        name_en=name_en or name_ru,
        code=code,
    )
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, verb="partner.unit_added", target=partner, data={"unit": unit_id})
    return unit


@transaction.atomic
def contact_add(
    *,
    partner: Organization,
    actor,
    role: str,
    name: str,
    email: str = "",
    phone: str = "",
    unit: OrganizationUnit | None = None,
) -> OrganizationContact:
    """A contact person: role, name, e-mail, phone only."""
    if unit is not None and unit.organization_id != partner.pk:
        raise ValidationError({"unit": _("This unit belongs to another organization.")})
    contact = OrganizationContact(
        organization=partner, unit=unit, role=role, name=name, email=email, phone=phone
    )
    contact.full_clean()
    contact.save()
    audit_record(actor=actor, verb="partner.contact_added", target=partner)
    return contact


@transaction.atomic
def contact_remove(*, contact: OrganizationContact, actor) -> None:
    """The contact forgotten (personal data kept no longer than needed)."""
    partner = contact.organization
    contact.delete()
    audit_record(actor=actor, verb="partner.contact_removed", target=partner)
