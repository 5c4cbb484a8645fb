"""Who sees and works which case. Applicants see only their own applications; the staff of
the host member read its cases and its editors and administrators work them; operators see
and work all. Anyone else gets 404. Intakes open to applications are public."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from edcluster.accounts.selectors import organization_ids_editable, organization_ids_of
from edcluster.mobility.models import (
    Application,
    Document,
    DocumentKind,
    DocumentRequirement,
    Intake,
    IntakeReviewer,
    Stage,
)
from edcluster.mobility.pipeline import (
    APPLICANT_MOVES,
    CLOSED,
    OFFICE_MOVES,
    REOPEN,
    next_stages,
)


def intake_visible(*, viewer) -> QuerySet[Intake]:
    """Open intakes for anyone; closed ones for their host's staff and operators."""
    intakes = Intake.objects.all()
    if getattr(viewer, "is_operator", False):
        return intakes
    if not viewer.is_authenticated:
        return intakes.filter(is_open=True)
    return intakes.filter(Q(is_open=True) | Q(host__in=organization_ids_of(user=viewer)))


def access_intake(*, user, intake_id: int) -> Intake:
    """An intake the user may read (404 otherwise)."""
    return get_object_or_404(
        intake_visible(viewer=user).select_related("offering__product", "host"), pk=intake_id
    )


def application_visible(*, viewer) -> QuerySet[Application]:
    """Operators: all; an applicant: their own; host staff: their member's cases; an
    intake's reviewers: its submitted cases; a nominating partner's staff: its nominations."""
    applications = Application.objects.all()
    if not viewer.is_authenticated:
        return applications.none()
    if viewer.is_operator:
        return applications
    mine = organization_ids_of(user=viewer)
    seen = Q(applicant_id=viewer.pk) | Q(host__in=mine) | Q(nominated_by__in=mine)
    # Only a reviewer's queries carry the reviewers' clause (the office's queue stays lean).
    reviewed = list(
        IntakeReviewer.objects.filter(reviewer_id=viewer.pk).values_list("intake_id", flat=True)
    )
    if reviewed:
        seen |= Q(intake__in=reviewed) & ~Q(stage=Stage.DRAFT)
    return applications.filter(seen)


def reviews_intake(*, user, intake_id: int) -> bool:
    """Whether the user is one of the intake's assigned reviewers."""
    return (
        user.is_authenticated
        and IntakeReviewer.objects.filter(intake_id=intake_id, reviewer_id=user.pk).exists()
    )


# Files a reviewer never opens: the passport and the health documents (issue 20).
def _withheld_from_reviewers(document: Document) -> bool:
    if document.kind == DocumentKind.PASSPORT:
        return True
    return DocumentRequirement.objects.filter(kind=document.kind, is_health=True).exists()


def works_cases_of(*, user, application: Application) -> bool:
    """Operators and the host's editors and administrators (not while it is suspended)."""
    if not user.is_authenticated:
        return False
    if user.is_operator:
        return True
    return organization_ids_editable(user=user).filter(organization_id=application.host_id).exists()


def access_application(*, user, application_id: int, for_write: bool = False) -> Application:
    """A case the user may read (404 otherwise); with `for_write`, work as the office (403)."""
    application = get_object_or_404(
        application_visible(viewer=user).select_related(
            "intake__offering__product",
            "host",
            "applicant__applicant_profile",
            "nominated_by",
            "condition__version__agreement",
        ),
        pk=application_id,
    )
    if for_write and not works_cases_of(user=user, application=application):
        raise PermissionDenied
    return application


def allowed_moves(*, user, application: Application) -> list[str]:
    """The stages this user may move the application to now (and `reopen` for operators)."""
    if application.stage in (Stage.WITHDRAWN, Stage.CANCELLED):
        return [REOPEN] if user.is_authenticated and user.is_operator else []
    reachable = next_stages(
        stage=application.stage,
        citizenship=str(application.citizenship),
        decision=application.decision,
    )
    allowed: set[str] = set()
    if application.applicant_id == user.pk:
        allowed |= APPLICANT_MOVES
    if works_cases_of(user=user, application=application):
        allowed |= OFFICE_MOVES
    if user.is_authenticated and user.is_operator:
        allowed |= set(reachable)
    return [stage for stage in reachable if stage in allowed]


def may_act_on(*, user, application: Application) -> bool:
    """Whether the user has any part in moving the case (the applicant, its office, operators)."""
    return application.applicant_id == user.pk or works_cases_of(user=user, application=application)


def access_document(*, user, application_id: int, document_id: int) -> Document:
    """A checklist line of a case the user may read (404 otherwise)."""
    application = access_application(user=user, application_id=application_id)
    document = get_object_or_404(application.documents.defer("content"), pk=document_id)
    document.application = application
    only_partner_or_reviewer = not (
        application.applicant_id == user.pk
        or user.is_operator
        or organization_ids_of(user=user).filter(organization_id=application.host_id).exists()
    )
    if only_partner_or_reviewer and _withheld_from_reviewers(document):
        raise Http404
    return document


def is_closed(application: Application) -> bool:
    return application.stage in CLOSED


LETTER_KINDS = ("acceptance", "visa-support")


def letters_of(*, user, application: Application, visa_free: bool) -> list[str]:
    """The letters the user may print for the case: an accepted, open case's acceptance letter
    and (unless its citizens need no visa) its invitation support letter; for the applicant,
    the host's staff and operators (not reviewers nor partners)."""
    if application.decision != Application.Decision.ACCEPTED or application.stage in (
        Stage.WITHDRAWN,
        Stage.CANCELLED,
    ):
        return []
    if not (
        application.applicant_id == user.pk
        or user.is_operator
        or organization_ids_of(user=user).filter(organization_id=application.host_id).exists()
    ):
        return []
    return ["acceptance"] if visa_free else list(LETTER_KINDS)
