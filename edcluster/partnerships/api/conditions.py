"""Cooperation conditions (IIA v7 terms) of an agreement's newest version, and the quotas used."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import StrictInt

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.api import In, api_enum, errors
from edcluster.partnerships import selectors, services
from edcluster.partnerships.api.conflicts import conflicts_409
from edcluster.partnerships.models import CooperationCondition, QuotaUse

router = Router()

ConditionType = api_enum("ConditionType", CooperationCondition.Type)
WRITE_ERRORS = errors(400, 401, 403, 404, 409, 422)


class SubjectAreaIO(Schema):
    code: str = Field(..., max_length=10, description="A detailed ISCED-F 2013 field, 4 digits")
    clarification: str = Field("", max_length=255)


class LanguageIO(Schema):
    language: str = Field(..., max_length=3, description="ISO 639-1")
    cefr: str = Field(..., max_length=2, description="A1 to C2")


class QuotaUseOut(Schema):
    academic_year: str
    used: int


class ConditionOut(Schema):
    id: int
    version: int
    type: str
    sending_party: int
    sending_unit_id: str | None
    receiving_party: int
    receiving_unit_id: str | None
    first_year: str
    last_year: str
    mobilities_per_year: int
    total_per_year: Decimal
    subject_areas: list[SubjectAreaIO]
    eqf_levels: list[int]
    languages: list[LanguageIO]
    blended: bool
    other_terms: str
    quota_use: list[QuotaUseOut]

    @staticmethod
    def resolve_version(condition: CooperationCondition) -> int:
        return condition.version.number

    @staticmethod
    def resolve_sending_party(condition: CooperationCondition) -> int:
        return condition.sending_party_id

    @staticmethod
    def resolve_receiving_party(condition: CooperationCondition) -> int:
        return condition.receiving_party_id

    @staticmethod
    def resolve_sending_unit_id(condition: CooperationCondition) -> str | None:
        return condition.sending_unit.unit_id if condition.sending_unit else None

    @staticmethod
    def resolve_receiving_unit_id(condition: CooperationCondition) -> str | None:
        return condition.receiving_unit.unit_id if condition.receiving_unit else None

    @staticmethod
    def resolve_quota_use(condition: CooperationCondition) -> list[QuotaUse]:
        return list(condition.quota_uses.all())


class ConditionIn(In):
    type: ConditionType  # type: ignore[valid-type]
    sending_party: StrictInt = Field(..., ge=1, le=2**31 - 1)
    sending_unit_id: str | None = Field(None, max_length=64)
    receiving_party: StrictInt = Field(..., ge=1, le=2**31 - 1)
    receiving_unit_id: str | None = Field(None, max_length=64)
    first_year: str = Field(..., max_length=20, description="YYYY/YYYY")
    last_year: str = Field(..., max_length=20, description="YYYY/YYYY")
    mobilities_per_year: StrictInt = Field(..., le=100_000, description="At least 1")
    total_per_year: Decimal = Field(
        ...,
        ge=0,
        le=100_000,
        max_digits=7,
        decimal_places=1,
        description="Total months a year (students) or days a year (staff)",
    )
    subject_areas: list[SubjectAreaIO] = Field([], max_length=50)
    eqf_levels: list[StrictInt] = Field([], max_length=8, description="Student studies only")
    languages: list[LanguageIO] = Field([], max_length=50)
    blended: bool = False
    other_terms: str = Field("", max_length=5000)


class QuotaUseIn(In):
    academic_year: str = Field(..., max_length=20, description="YYYY/YYYY")
    used: StrictInt = Field(..., ge=0, le=100_000)


def condition_data(version, payload: ConditionIn) -> dict:
    """The service's fields from the payload: parties and units resolved (400 naming them)."""
    data = payload.dict()
    parties = {
        party.pk: party for party in version.agreement.parties.select_related("organization")
    }
    for side in ("sending", "receiving"):
        party = parties.get(data[f"{side}_party"])
        if party is None:
            raise ValidationError({f"{side}_party": _("Choose a party of this agreement.")})
        data[f"{side}_party"] = party
        unit_id = data.pop(f"{side}_unit_id")
        data[f"{side}_unit"] = None
        if unit_id:
            data[f"{side}_unit"] = party.organization.units.filter(unit_id=unit_id).first()
            if data[f"{side}_unit"] is None:
                raise ValidationError({f"{side}_unit_id": _("The party has no unit with this id.")})
    return data


@router.get(
    "/agreements/{agreement_id}/conditions",
    response={200: list[ConditionOut], **errors(401, 404, 422)},
)
def list_conditions(request: AuthenticatedHttpRequest, agreement_id: int):
    """The newest version's conditions, in IIA v7's order."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    return services.conditions_in_order(services.latest_version(agreement))


@router.post("/agreements/{agreement_id}/conditions", response={201: ConditionOut, **WRITE_ERRORS})
@conflicts_409
def add_condition(request: AuthenticatedHttpRequest, agreement_id: int, payload: ConditionIn):
    """Add a condition to the newest version while it is unsigned (409 after)."""
    agreement = selectors.access_agreement(
        user=request.user, agreement_id=agreement_id, for_write=True
    )
    version = services.latest_version(agreement)
    data = condition_data(version, payload)
    return Status(201, services.condition_add(version=version, actor=request.user, data=data))


@router.put("/conditions/{condition_id}", response={200: ConditionOut, **WRITE_ERRORS})
@conflicts_409
def update_condition(request: AuthenticatedHttpRequest, condition_id: int, payload: ConditionIn):
    """Replace a condition's terms while its version is unsigned (409 after)."""
    condition = selectors.access_condition(
        user=request.user, condition_id=condition_id, for_write=True
    )
    data = condition_data(condition.version, payload)
    return services.condition_update(condition=condition, actor=request.user, data=data)


@router.delete("/conditions/{condition_id}", response={204: None, **WRITE_ERRORS})
@conflicts_409
def delete_condition(request: AuthenticatedHttpRequest, condition_id: int):
    """Remove a condition while its version is unsigned (409 after)."""
    condition = selectors.access_condition(
        user=request.user, condition_id=condition_id, for_write=True
    )
    services.condition_delete(condition=condition, actor=request.user)
    return HttpResponse(status=204)


@router.post("/conditions/{condition_id}/quota-use", response={200: QuotaUseOut, **WRITE_ERRORS})
def set_quota_use(request: AuthenticatedHttpRequest, condition_id: int, payload: QuotaUseIn):
    """How many mobilities of an academic year the condition served (by hand until the
    mobility app records them)."""
    condition = selectors.access_condition(
        user=request.user, condition_id=condition_id, for_write=True
    )
    return services.quota_use_set(
        condition=condition,
        actor=request.user,
        academic_year=payload.academic_year,
        used=payload.used,
    )
