"""Agreements: made, edited while unsigned, signed (bound to the version's hash), amended (a new
version), terminated; the quotas used."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.organizations.models import Organization, OrganizationUnit
from edcluster.partnerships.models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    CooperationCondition,
    QuotaUse,
    Signature,
)
from edcluster.partnerships.services.conditions import academic_year_check
from edcluster.partnerships.services.iia import version_hash
from edcluster.partnerships.services.map_summary import map_summary_refresh
from edcluster.partnerships.services.status import (
    AgreementConflict,
    agreement_require_live,
    agreement_status_refresh,
    latest_version,
)

MAX_PDF_BYTES = 10 * 1024 * 1024
METADATA = ("code", "kind", "title_ru", "title_en", "valid_from", "valid_until")


@dataclass(frozen=True)
class PartyIn:
    organization: Organization
    unit: OrganizationUnit | None = None


def pdf_read(upload: File | None, field: str) -> bytes | None:
    """The bytes of a PDF of at most 10 MB, or None without a file."""
    if upload is None:
        return None
    if upload.size is not None and upload.size > MAX_PDF_BYTES:
        raise ValidationError({field: _("The file is larger than 10 MB.")})
    upload.seek(0)
    data = upload.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES:
        raise ValidationError({field: _("The file is larger than 10 MB.")})
    if not data.startswith(b"%PDF-"):
        raise ValidationError({field: _("The file is not a PDF.")})
    return data


def _parties_check(*, kind: str, owner: Organization, parties: list[PartyIn]) -> None:
    organizations = [party.organization.pk for party in parties]
    if len(parties) < 2 or len(set(organizations)) != len(organizations):
        raise ValidationError({"parties": _("An agreement has two or more different parties.")})
    if owner.pk not in organizations:
        raise ValidationError({"parties": _("The keeping member is one of the parties.")})
    for party in parties:
        if party.unit is not None and party.unit.organization_id != party.organization.pk:
            raise ValidationError({"parties": _("A unit belongs to another organization.")})
        if kind == Agreement.Kind.MOBILITY and not party.organization.schac_id:
            raise ValidationError(
                {
                    "parties": _(
                        "%s has no SCHAC id (internet domain): a mobility agreement needs one "
                        "for every party."
                    )
                    % party.organization
                }
            )


def _metadata_check(agreement: Agreement) -> None:
    if agreement.valid_until and agreement.valid_until < agreement.valid_from:
        raise ValidationError({"valid_until": _("The end is before the start.")})
    agreement.full_clean(exclude=["owner", "pdf"])


@transaction.atomic
def agreement_create(
    *, owner: Organization, actor, parties: list[PartyIn], pdf: File | None = None, **fields
) -> Agreement:
    """A draft agreement with its parties (the keeping member among them) and version 1."""
    agreement = Agreement(
        owner=owner, **{name: fields.get(name) for name in METADATA if name in fields}
    )
    if not agreement.code:
        raise ValidationError({"code": _("Give the agreement's number.")})
    if Agreement.objects.filter(owner=owner, code=agreement.code).exists():
        raise ValidationError({"code": _("This member already has an agreement with this number.")})
    _metadata_check(agreement)
    _parties_check(kind=agreement.kind, owner=owner, parties=parties)
    data = pdf_read(pdf, "pdf")
    if data is not None:
        agreement.pdf, agreement.pdf_name = (
            data,
            (getattr(pdf, "name", "") or "agreement.pdf")[-200:],
        )
    agreement.save()
    for position, party in enumerate(parties):
        AgreementParty.objects.create(
            agreement=agreement, organization=party.organization, unit=party.unit, position=position
        )
    AgreementVersion.objects.create(agreement=agreement, number=1, created_by=_user(actor))
    map_summary_refresh(agreement_ids=[agreement.pk])
    audit_record(actor=actor, verb="agreement.created", target=agreement)
    return agreement


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, actor, pdf: File | None = None, **fields
) -> Agreement:
    """The number, kind, titles and dates, while nobody has signed any version (409 after);
    the signed text (PDF) may be attached at any time while it lives."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement_require_live(agreement)
    changes = {name: value for name, value in fields.items() if name in METADATA}
    if changes and Signature.objects.filter(version__agreement=agreement).exists():
        raise AgreementConflict(_("Someone has signed the agreement; amend it instead."))
    for name, value in changes.items():
        setattr(agreement, name, value)
    if "code" in changes and (
        Agreement.objects.filter(owner=agreement.owner, code=agreement.code)
        .exclude(pk=agreement.pk)
        .exists()
    ):
        raise ValidationError({"code": _("This member already has an agreement with this number.")})
    _metadata_check(agreement)
    if "kind" in changes:
        parties = [
            PartyIn(p.organization, p.unit)
            for p in agreement.parties.select_related("organization")
        ]
        _parties_check(kind=agreement.kind, owner=agreement.owner, parties=parties)
    data = pdf_read(pdf, "pdf")
    if data is not None:
        agreement.pdf, agreement.pdf_name = (
            data,
            (getattr(pdf, "name", "") or "agreement.pdf")[-200:],
        )
    agreement.save()
    if changes:
        map_summary_refresh(agreement_ids=[agreement.pk])
    audit_record(
        actor=actor, verb="agreement.updated", target=agreement, data={"fields": sorted(changes)}
    )
    return agreement


@dataclass(frozen=True)
class SignatureIn:
    signer_name: str
    signed_on: date
    version_hash: str
    signer_role: str = ""
    signer_email: str = ""


@transaction.atomic
def agreement_sign(
    *,
    version: AgreementVersion,
    party: AgreementParty,
    actor,
    signature: SignatureIn,
    on_behalf: bool = False,
    pdf: File | None = None,
) -> Signature:
    """The party approves the version whose hash it names: 409 when it signed already, when
    the version changed since the hash was read, or when a newer version exists."""
    agreement = Agreement.objects.select_for_update().get(pk=version.agreement_id)
    agreement_require_live(agreement)
    if latest_version(agreement).pk != version.pk:
        raise AgreementConflict(_("A newer version of this agreement exists; sign that one."))
    if version.signatures.filter(party=party).exists():
        raise AgreementConflict(_("%s has already signed this version.") % party)
    if signature.version_hash != version_hash(version):
        raise AgreementConflict(
            _("The version changed after you read it: read it again and sign what it says now.")
        )
    if not signature.signer_name.strip():
        raise ValidationError({"signer_name": _("Name who signed.")})
    if signature.signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date of signing is in the future.")})
    if on_behalf and pdf is None:
        raise ValidationError({"pdf": _("Attach the signed copy the partner sent.")})
    data = pdf_read(pdf, "pdf")
    made = Signature(
        version=version,
        party=party,
        signer_name=signature.signer_name.strip(),
        signer_role=signature.signer_role.strip(),
        signer_email=signature.signer_email.strip(),
        signed_on=signature.signed_on,
        version_hash=signature.version_hash,
        on_behalf=on_behalf,
        recorded_by=_user(actor),
        pdf=data,
    )
    made.full_clean(exclude=["version", "party", "recorded_by"])
    made.save()
    if version.signatures.count() == agreement.parties.count():
        version.approved_at = timezone.now()
        version.save(update_fields=["approved_at"])
    agreement_status_refresh(agreement)
    map_summary_refresh(agreement_ids=[agreement.pk])  # the status, the quotas that count
    verb = "agreement.signature_recorded" if on_behalf else "agreement.signed"
    audit_record(
        actor=actor,
        verb=verb,
        target=agreement,
        data={"version": version.number, "party": party.organization_id},
    )
    return made


@transaction.atomic
def agreement_amend(*, agreement: Agreement, actor, note: str = "") -> AgreementVersion:
    """A new version, a copy of the newest one's conditions, to change and sign again; the
    version in effect stays so until every party signs the new one. 409 while the newest
    version is unsigned (edit it instead)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement_require_live(agreement)
    current = latest_version(agreement)
    if not current.signatures.exists():
        raise AgreementConflict(_("The newest version is not signed yet: edit it instead."))
    version = AgreementVersion.objects.create(
        agreement=agreement, number=current.number + 1, note=note[:5000], created_by=_user(actor)
    )
    for condition in current.conditions.all():
        condition.pk = None
        condition.version = version
        condition.save()
    map_summary_refresh(agreement_ids=[agreement.pk])  # the newest version's quotas may count
    audit_record(
        actor=actor, verb="agreement.amended", target=agreement, data={"version": version.number}
    )
    return version


def quota_used(agreement: Agreement) -> int:
    """Mobilities recorded against any condition of any version."""
    total = QuotaUse.objects.filter(condition__version__agreement=agreement).aggregate(
        used=Sum("used")
    )["used"]
    return total or 0


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, actor, on: date, reason: str) -> Agreement:
    """Ended as a whole, only while no mobility used it (409 otherwise)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status == Agreement.Status.TERMINATED:
        raise AgreementConflict(_("The agreement is already terminated."))
    if quota_used(agreement):
        raise AgreementConflict(
            _("Mobilities have used this agreement: it cannot be terminated as a whole.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the agreement ends.")})
    if on < agreement.valid_from:
        raise ValidationError({"on": _("The date is before the agreement's start.")})
    agreement.status = Agreement.Status.TERMINATED
    agreement.terminated_on = on
    agreement.termination_reason = reason.strip()[:5000]
    agreement.save()
    map_summary_refresh(agreement_ids=[agreement.pk])
    audit_record(
        actor=actor, verb="agreement.terminated", target=agreement, data={"on": on.isoformat()}
    )
    return agreement


@transaction.atomic
def quota_use_set(
    *, condition: CooperationCondition, actor, academic_year: str, used: int
) -> QuotaUse:
    """How many mobilities of one academic year the condition's quota served (a year it
    covers, at most its mobilities per year)."""
    academic_year_check(academic_year, "academic_year")
    if academic_year not in condition.years:
        raise ValidationError(
            {
                "academic_year": _("The condition covers %(first)s to %(last)s.")
                % {"first": condition.first_year, "last": condition.last_year}
            }
        )
    if used < 0 or used > condition.mobilities_per_year:
        raise ValidationError(
            {"used": _("Between 0 and the quota, %d.") % condition.mobilities_per_year}
        )
    use, _created = QuotaUse.objects.update_or_create(
        condition=condition, academic_year=academic_year, defaults={"used": used}
    )
    map_summary_refresh(agreement_ids=[condition.version.agreement_id])
    audit_record(
        actor=actor,
        verb="agreement.quota_used",
        target=condition.version.agreement,
        data={"condition": condition.pk, "year": academic_year, "used": used},
    )
    return use
