"""Intakes (public while open), the caller's applicant profile, the office's queue, the
operators' flows by country and an intake's ranking."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router
from ninja.pagination import paginate
from pydantic import constr

from edcluster.accounts.auth import OPTIONAL, PUBLIC_OPENAPI, AuthenticatedHttpRequest
from edcluster.accounts.selectors import organization_ids_of
from edcluster.core.api import In, Pages, api_enum, errors
from edcluster.mobility import selectors, services
from edcluster.mobility.api.schemas import FlowOut, IntakeOut, ProfileOut, RankedOut, StageCountOut
from edcluster.mobility.models import ApplicantProfile

router = Router()
Sex = api_enum("ApplicantSex", ApplicantProfile.Sex)


class IntakeFilters(In):
    q: str = Field("", max_length=200)
    host: str = Field("", max_length=100)


class ProfileIn(In):
    passport_name: str = Field(..., min_length=1, max_length=200, pattern=r"^[A-Za-z' .\-]+$")
    citizenship: constr(to_upper=True, min_length=2, max_length=2)  # type: ignore[valid-type]
    birth_date: date
    sex: Sex  # type: ignore[valid-type]
    passport_number: str = Field(..., min_length=1, max_length=30)
    passport_expires: date
    residence: str = Field("", max_length=200)
    consulate_city: str = Field("", max_length=100)
    education: str = Field("", max_length=5000)
    languages: str = Field("", max_length=200)
    consent_personal_data: bool | None = Field(
        None, description="Give (true) or withdraw (false) the consent to personal data"
    )
    consent_health_data: bool | None = Field(
        None, description="Give (true) or withdraw (false) the consent to health data"
    )


@router.get(
    "/intakes",
    response={200: list[IntakeOut], **errors(422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
@paginate(Pages)
def list_intakes(request, filters: Query[IntakeFilters]):
    """Intakes open to foreign applicants (and, for their host's staff, closed ones)."""
    return selectors.intake_list(viewer=request.user, query=filters.q, host=filters.host)


@router.get(
    "/intakes/{intake_id}",
    response={200: IntakeOut, **errors(404, 422)},
    auth=OPTIONAL,
    openapi_extra=PUBLIC_OPENAPI,
)
def get_intake(request, intake_id: int):
    return selectors.access_intake(user=request.user, intake_id=intake_id)


@router.get(
    "/intakes/{intake_id}/ranking", response={200: list[RankedOut], **errors(401, 403, 404, 422)}
)
def get_ranking(request: AuthenticatedHttpRequest, intake_id: int):
    """The intake's cases by weighted score, for its host's staff and operators."""
    intake = selectors.access_intake(user=request.user, intake_id=intake_id)
    if not (
        request.user.is_operator
        or organization_ids_of(user=request.user).filter(organization_id=intake.host_id).exists()
    ):
        raise PermissionDenied
    return [
        {"application_id": row.application.pk, "score": row.score, "reviewers": row.reviewers}
        for row in selectors.intake_ranking(intake=intake)
    ]


@router.get("/profile", response={200: ProfileOut, **errors(401, 404)})
def get_profile(request: AuthenticatedHttpRequest):
    """The caller's own applicant profile (404 before it is filled in)."""
    profile = ApplicantProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise Http404
    return profile


@router.put("/profile", response={200: ProfileOut, **errors(400, 401, 403, 422)})
def put_profile(request: AuthenticatedHttpRequest, payload: ProfileIn):
    """Fill in or change the caller's applicant profile (an expired passport: 400)."""
    fields = payload.dict()
    fields["sex"] = str(fields["sex"])
    consents = {
        purpose: given
        for purpose in ("personal_data", "health_data")
        if (given := fields.pop(f"consent_{purpose}")) is not None
    }
    return services.profile_save(user=request.user, fields=fields, consents=consents)


@router.get("/cases", response={200: list[StageCountOut], **errors(401, 403)})
def list_case_counts(request: AuthenticatedHttpRequest):
    """The office's queue: its member's cases by stage (operators: every member's)."""
    return [
        {"stage": stage, "label": label, "count": count}
        for stage, label, count in selectors.case_queue(viewer=request.user)
    ]


class PeriodIn(In):
    since: date | None = None
    until: date | None = None


@router.get("/stats/countries", response={200: list[FlowOut], **errors(401, 403, 422)})
def list_flows(request: AuthenticatedHttpRequest, period: Query[PeriodIn]):
    """Applications started in the period, their acceptances and arrivals, by citizenship;
    operators only."""
    return selectors.flows_by_country(viewer=request.user, since=period.since, until=period.until)
