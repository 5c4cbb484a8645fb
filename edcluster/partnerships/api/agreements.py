"""Agreements: list, create, read, edit while unsigned, sign, record a partner's signature,
amend, terminate; their versions and the plain facts an IIA is built from."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, Pages, api_enum, errors
from edcluster.organizations.models import Organization
from edcluster.partnerships import selectors, services
from edcluster.partnerships.api.conflicts import conflicts_409
from edcluster.partnerships.models import Agreement, AgreementParty, AgreementVersion

router = Router()

AgreementKind = api_enum("AgreementKind", Agreement.Kind)
AgreementStatus = api_enum("AgreementStatus", Agreement.Status)
WRITE_ERRORS = errors(400, 401, 403, 404, 409, 422)


class PartyOut(Schema):
    id: int
    organization: str
    name: str
    schac_id: str
    unit_id: str | None

    @staticmethod
    def resolve_organization(party: AgreementParty) -> str:
        return party.organization.slug

    @staticmethod
    def resolve_name(party: AgreementParty) -> str:
        return str(party.organization)

    @staticmethod
    def resolve_schac_id(party: AgreementParty) -> str:
        return party.organization.schac_id

    @staticmethod
    def resolve_unit_id(party: AgreementParty) -> str | None:
        return party.unit.unit_id if party.unit else None


class AgreementOut(Schema):
    id: int
    uuid: str
    code: str
    kind: str
    title_ru: str
    title_en: str
    owner: str
    valid_from: date
    valid_until: date | None
    status: str
    terminated_on: date | None
    termination_reason: str
    has_pdf: bool
    parties: list[PartyOut]

    @staticmethod
    def resolve_uuid(agreement: Agreement) -> str:
        return str(agreement.uuid)

    @staticmethod
    def resolve_owner(agreement: Agreement) -> str:
        return agreement.owner.slug

    @staticmethod
    def resolve_has_pdf(agreement: Agreement) -> bool:
        return bool(agreement.pdf_name)

    @staticmethod
    def resolve_parties(agreement: Agreement) -> list[AgreementParty]:
        return list(agreement.parties.all())


class SignatureOut(Schema):
    party: int
    organization: str
    signer_name: str
    signer_role: str
    signed_on: date
    version_hash: str
    on_behalf: bool

    @staticmethod
    def resolve_party(signature) -> int:
        return signature.party_id

    @staticmethod
    def resolve_organization(signature) -> str:
        return signature.party.organization.slug


class VersionOut(Schema):
    number: int
    note: str
    created_at: datetime
    approved_at: datetime | None
    frozen: bool
    hash: str
    signatures: list[SignatureOut]
    condition_ids: list[int]

    @staticmethod
    def resolve_frozen(version: AgreementVersion) -> bool:
        return bool(version.signatures.all())

    @staticmethod
    def resolve_hash(version: AgreementVersion) -> str:
        return services.version_hash(version)

    @staticmethod
    def resolve_signatures(version: AgreementVersion) -> list:
        return list(version.signatures.all())

    @staticmethod
    def resolve_condition_ids(version: AgreementVersion) -> list[int]:
        return [condition.pk for condition in services.conditions_in_order(version)]


class PartyIn(In):
    organization: str = Field(..., min_length=1, max_length=100, description="The slug")
    unit_id: str | None = Field(None, max_length=64)


class AgreementChangeIn(In):
    code: str | None = Field(None, min_length=1, max_length=64)
    kind: AgreementKind | None = None  # type: ignore[valid-type]
    title_ru: str | None = Field(None, max_length=300)
    title_en: str | None = Field(None, max_length=300)
    valid_from: date | None = None
    valid_until: date | None = None


class AgreementIn(AgreementChangeIn):
    owner: str = Field(..., min_length=1, max_length=100, description="The keeping member's slug")
    code: str = Field(..., min_length=1, max_length=64)
    kind: AgreementKind  # type: ignore[valid-type]
    valid_from: date
    parties: list[PartyIn] = Field(..., min_length=2, max_length=20)


class AgreementFilters(In):
    q: str = Field("", max_length=200)
    kind: AgreementKind | None = None  # type: ignore[valid-type]
    status: AgreementStatus | None = None  # type: ignore[valid-type]
    partner: str = Field("", max_length=100)
    member: str = Field("", max_length=100)
    group: str = Field("", max_length=20)


class SignIn(In):
    party: int = Field(..., ge=1, le=2**31 - 1)
    version: int = Field(..., ge=1, le=2**31 - 1)
    version_hash: str = Field(..., min_length=1, max_length=64)
    signer_name: str = Field(..., min_length=1, max_length=200)
    signer_role: str = Field("", max_length=200)
    signer_email: str = Field("", max_length=254)
    signed_on: date


class AmendIn(In):
    note: str = Field("", max_length=5000)


class TerminateIn(In):
    on: date
    reason: str = Field(..., min_length=1, max_length=5000)


def _parties(items: list[PartyIn]) -> list[services.PartyIn]:
    parties = []
    for item in items:
        organization = get_object_or_404(Organization, slug=item.organization)
        unit = None
        if item.unit_id:
            unit = organization.units.filter(unit_id=item.unit_id).first()
            if unit is None:
                raise ValidationError({"parties": _("%s has no unit with this id.") % organization})
        parties.append(services.PartyIn(organization, unit))
    return parties


@router.get("/agreements", response={200: list[AgreementOut], **errors(401, 422)})
@paginate(Pages)
def list_agreements(request: AuthenticatedHttpRequest, filters: Query[AgreementFilters]):
    """The agreements of your organizations (operators: all), filtered."""
    values: dict[str, Any] = filters.dict()
    return selectors.agreement_list(
        viewer=request.user, query=values.pop("q"), **{k: v or "" for k, v in values.items()}
    )


@router.post("/agreements", response={201: AgreementOut, **WRITE_ERRORS})
def create_agreement(request: AuthenticatedHttpRequest, payload: AgreementIn):
    """A draft agreement kept by one of your members, with version 1 and no conditions yet."""
    owner = selectors.access_keeper(user=request.user, slug=payload.owner)
    fields = payload.dict(exclude={"owner", "parties"}, exclude_none=True)
    agreement = services.agreement_create(
        owner=owner, actor=request.user, parties=_parties(payload.parties), **fields
    )
    return Status(201, agreement)


@router.get("/agreements/{agreement_id}", response={200: AgreementOut, **errors(401, 404, 422)})
def get_agreement(request: AuthenticatedHttpRequest, agreement_id: int):
    return selectors.access_agreement(user=request.user, agreement_id=agreement_id)


@router.patch("/agreements/{agreement_id}", response={200: AgreementOut, **WRITE_ERRORS})
@conflicts_409
def update_agreement(
    request: AuthenticatedHttpRequest, agreement_id: int, payload: AgreementChangeIn
):
    """Number, kind, titles and dates, while nobody has signed (409 after)."""
    agreement = selectors.access_agreement(
        user=request.user, agreement_id=agreement_id, for_write=True
    )
    fields = payload.dict(exclude_unset=True)
    return services.agreement_update(agreement=agreement, actor=request.user, **fields)


@router.post("/agreements/{agreement_id}/pdf", response={200: AgreementOut, **WRITE_ERRORS})
@conflicts_409
def upload_agreement_pdf(
    request: AuthenticatedHttpRequest, agreement_id: int, file: File[UploadedFile]
):
    """Attach the agreement's signed text (a PDF up to 10 MB)."""
    agreement = selectors.access_agreement(
        user=request.user, agreement_id=agreement_id, for_write=True
    )
    return services.agreement_update(agreement=agreement, actor=request.user, pdf=file)


@router.get("/agreements/{agreement_id}/pdf", response={200: bytes, **errors(401, 404, 422)})
def get_agreement_pdf(request: AuthenticatedHttpRequest, agreement_id: int):
    """The agreement's signed text (application/pdf); 404 when none is attached."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    return selectors.pdf_response(agreement.pdf, agreement.pdf_name or "agreement.pdf")


@router.get(
    "/agreements/{agreement_id}/iia.xml", response={200: bytes, **errors(400, 401, 404, 422)}
)
def get_agreement_iia(request: AuthenticatedHttpRequest, agreement_id: int):
    """The newest version as an EWP IIAs v7 get response (application/xml), one `iia` per
    bilateral pair, `in-effect` when both signed; 400 naming the agreement and each field the
    checks before an export refuse (a party without SCHAC id, a year not YYYY/YYYY…)."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    return selectors.iia_response(services.agreement_iia_xml(agreement), agreement)


@router.get("/signatures/{signature_id}/pdf", response={200: bytes, **errors(401, 404, 422)})
def get_signature_pdf(request: AuthenticatedHttpRequest, signature_id: int):
    """The signed copy recorded with a partner's signature (application/pdf)."""
    signature = selectors.access_signature(user=request.user, signature_id=signature_id)
    return selectors.pdf_response(signature.pdf, f"signature-{signature.pk}.pdf")


@router.get(
    "/agreements/{agreement_id}/versions", response={200: list[VersionOut], **errors(401, 404, 422)}
)
def list_versions(request: AuthenticatedHttpRequest, agreement_id: int):
    """Every version, newest first: its hash, signatures and conditions."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    return list(selectors.agreement_versions(agreement=agreement))


@router.get(
    "/agreements/{agreement_id}/versions/{number}/facts",
    response={200: list[dict[str, Any]], **errors(401, 404, 422)},
)
def version_facts(request: AuthenticatedHttpRequest, agreement_id: int, number: int):
    """The version as EWP IIA v7 describes it, one entry per bilateral pair."""
    version = selectors.access_version(user=request.user, agreement_id=agreement_id, number=number)
    return [
        services.agreement_version_facts(version, pair)
        for pair in services.bilateral_pairs(version)
    ]


@router.post("/agreements/{agreement_id}/signatures", response={201: SignatureOut, **WRITE_ERRORS})
@conflicts_409
def sign_agreement(request: AuthenticatedHttpRequest, agreement_id: int, payload: SignIn):
    """Sign a version for a party you work for, naming the hash you approve (409 when signed
    already or when the version changed)."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    party = selectors.access_party_to_sign(
        user=request.user, agreement=agreement, party_id=payload.party
    )
    version = get_object_or_404(agreement.versions, number=payload.version)
    fields = payload.dict(exclude={"party", "version"})
    signature = services.agreement_sign(
        version=version, party=party, actor=request.user, signature=services.SignatureIn(**fields)
    )
    return Status(201, signature)


@router.post(
    "/agreements/{agreement_id}/signatures/on-behalf", response={201: SignatureOut, **WRITE_ERRORS}
)
@conflicts_409
def record_signature(
    request: AuthenticatedHttpRequest,
    agreement_id: int,
    params: Form[SignIn],
    pdf: File[UploadedFile],
):
    """Record the signature of a partner with no staff here, with the signed copy it sent
    (the keeping member's editors)."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    party = selectors.access_party_on_behalf(
        user=request.user, agreement=agreement, party_id=params.party
    )
    version = get_object_or_404(agreement.versions, number=params.version)
    fields = params.dict(exclude={"party", "version"})
    signature = services.agreement_sign(
        version=version,
        party=party,
        actor=request.user,
        signature=services.SignatureIn(**fields),
        on_behalf=True,
        pdf=pdf,
    )
    return Status(201, signature)


@router.post("/agreements/{agreement_id}/amend", response={201: VersionOut, **WRITE_ERRORS})
@conflicts_409
def amend_agreement(request: AuthenticatedHttpRequest, agreement_id: int, payload: AmendIn):
    """A new version to change and sign; the one in effect stays so until it is signed."""
    agreement = selectors.access_agreement(
        user=request.user, agreement_id=agreement_id, for_write=True
    )
    return Status(
        201, services.agreement_amend(agreement=agreement, actor=request.user, note=payload.note)
    )


@router.post("/agreements/{agreement_id}/terminate", response={200: AgreementOut, **WRITE_ERRORS})
@conflicts_409
def terminate_agreement(request: AuthenticatedHttpRequest, agreement_id: int, payload: TerminateIn):
    """End the agreement as a whole (409 once a mobility used it)."""
    agreement = selectors.access_agreement(
        user=request.user, agreement_id=agreement_id, for_write=True
    )
    return services.agreement_terminate(
        agreement=agreement, actor=request.user, on=payload.on, reason=payload.reason
    )
