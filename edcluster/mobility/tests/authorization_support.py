"""What mobility's matrix rows share: the arrangement and the states a write changes.

Acme hosts two open intakes. The `applicant` persona (Hooli's administrator) is also a
foreign applicant: their profile and a submitted application at Acme's first intake, its
passport uploaded. Acme's staff read the case and its editors and administrators work it
(not while Acme is suspended); operators see and work all; anyone else gets 404."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from edcluster.mobility import services
from edcluster.mobility.demo import PDF
from edcluster.mobility.models import (
    ApplicantProfile,
    Application,
    Document,
    IntakeReviewer,
    Message,
    Score,
)
from edcluster.mobility.tests.factories import (
    application_make,
    intake_make,
    operator_user,
    upload,
)
from edcluster.testing.authorization import (
    ADMIN,
    APPLICANT,
    EDITOR,
    OPERATOR,
    PARTNER,
    SUSPENDED,
    VIEWER,
    Context,
)

SIGNED_IN = {VIEWER, EDITOR, ADMIN, OPERATOR, APPLICANT, PARTNER, SUSPENDED, "outsider"}
OFFICE = {EDITOR, ADMIN, OPERATOR}


def arrange(ctx: Context) -> None:
    intake = intake_make(ctx.organization)
    ctx.mobility_intake_id = intake.pk
    ctx.mobility_intake2_id = intake_make(ctx.organization, title_en="Physics").pk
    applicant = ctx.users[APPLICANT]
    services.profile_save(
        user=applicant,
        fields=profile_fields("HOOLI ADMIN"),
        consents={"personal_data": True, "health_data": True},
    )
    application = application_make(applicant, intake, stage="submitted")
    ctx.mobility_application_id = application.pk
    passport = application.documents.get(kind="passport")
    ctx.mobility_document_id = upload(passport, applicant).pk
    ctx.mobility_criterion_id = services.criterion_add(
        intake=intake, actor=operator_user(), name="Grades", weight=Decimal(2)
    ).pk
    # Acme's viewer is the intake's assigned reviewer: the only one who scores.
    services.reviewer_assign(intake=intake, reviewer=ctx.users[VIEWER], actor=operator_user())


def profile_fields(name: str) -> dict:
    return {
        "passport_name": name,
        "citizenship": "CN",
        "birth_date": date(2001, 1, 2),
        "sex": "f",
        "passport_number": "E7654321",
        "passport_expires": timezone.localdate() + timedelta(days=2000),
    }


def profile_form(ctx: Context, persona: str) -> dict:
    fields = profile_fields("NEW NAME")
    return {key: str(value) for key, value in fields.items()}


def profiles_state(ctx: Context) -> list:
    return sorted(ApplicantProfile.objects.values_list("user_id", "passport_name"))


def apply_form(ctx: Context, persona: str) -> dict:
    arrival = timezone.localdate() + timedelta(days=100)
    return {
        "intake_id": ctx.mobility_intake2_id,
        "category": "exchange",
        "planned_arrival": str(arrival),
        "planned_departure": str(arrival + timedelta(days=150)),
    }


def applications_state(ctx: Context) -> int:
    return Application.objects.filter(intake_id=ctx.mobility_intake2_id).count()


def move_form(ctx: Context, persona: str) -> dict:
    """The applicant withdraws; the office cancels, saying why."""
    if persona == APPLICANT:
        return {"to": "withdrawn", "reason": "Another offer"}
    return {"to": "cancelled", "reason": "Duplicate case"}


def case_state(ctx: Context) -> tuple:
    application = Application.objects.get(pk=ctx.mobility_application_id)
    return application.stage, application.history.count()


def upload_form(ctx: Context, persona: str) -> dict:
    return {"file": SimpleUploadedFile("new.pdf", PDF, content_type="application/pdf")}


def document_state(ctx: Context) -> tuple:
    document = Document.objects.get(pk=ctx.mobility_document_id)
    return document.status, document.file_name, document.uploaded_at


def scores_state(ctx: Context) -> list:
    return sorted(Score.objects.values_list("reviewer_id", "value"))


def path(template: str):
    return lambda ctx: template.format(ctx=ctx)


def messages_state(ctx: Context) -> int:
    return Message.objects.filter(application_id=ctx.mobility_application_id).count()


def reviewers_state(ctx: Context) -> list:
    return sorted(
        IntakeReviewer.objects.filter(intake_id=ctx.mobility_intake_id).values_list(
            "reviewer_id", flat=True
        )
    )


def nomination_state(ctx: Context) -> tuple:
    application = Application.objects.get(pk=ctx.mobility_application_id)
    return application.condition_id, application.nominated_by_id


def cases_state(ctx: Context) -> list:
    return sorted(Application.objects.values_list("pk", "stage"))
