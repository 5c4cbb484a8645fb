"""The applicant's pages: intakes, the profile, applying, the case's status page with its
timeline, deadlines and checklist, moves and uploads (htmx fragments of the case page)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.accounts.selectors import organization_ids_of
from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest
from edcluster.core.models import in_language
from edcluster.mobility import forms, selectors, services
from edcluster.mobility.models import ApplicantProfile, Application, Consent
from edcluster.mobility.views_files import file_response
from edcluster.mobility.views_work import case_work_context, stay_context


def intake_list(request: HttpRequest) -> HttpResponse:
    """Intakes open to foreign applicants, searchable; the reader's own cases above."""
    form = forms.IntakeFilterForm(request.GET or None)
    page = Paginator(selectors.intake_list(viewer=request.user, **form.filters()), 30).get_page(
        request.GET.get("page")
    )
    template = "mobility/intake_list.html" + ("#results" if request.htmx else "")
    return TemplateResponse(
        request,
        template,
        {
            "form": form,
            "page": page,
            "is_office": selectors.offices_of(user=request.user),
            "is_partner": selectors.partner_conditions(user=request.user).exists(),
        },
    )


def intake_detail(request: HttpRequest, intake_id: int) -> HttpResponse:
    """The intake with its programme's description and a link to it in the catalog; the
    button to apply only for would-be applicants (not the offices' staff nor operators)."""
    intake = selectors.access_intake(user=request.user, intake_id=intake_id)
    product = intake.offering.product
    context = {
        "intake": intake,
        "product": product,
        "description": in_language(product.description_ru, product.description_en),
        "can_apply": intake.is_open and not selectors.offices_of(user=request.user),
        "is_reviewer": selectors.reviews_intake(user=request.user, intake_id=intake.pk),
        # The review page is the host's staff's and operators' (another member's staff: 403).
        "is_host_staff": request.user.is_authenticated
        and (
            request.user.is_operator
            or organization_ids_of(user=request.user)
            .filter(organization_id=intake.host_id)
            .exists()
        ),
    }
    return TemplateResponse(request, "mobility/intake.html", context)


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The applicant's own profile (passport data is shown to them only)."""
    instance = ApplicantProfile.objects.filter(user=request.user).first()
    initial = {
        f"consent_{purpose}": services.consent_in_force(user=request.user, purpose=purpose)
        for purpose in Consent.Purpose.values
    }
    form = forms.ProfileForm(request.POST or None, instance=instance, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.profile_save(user=request.user, fields=fields, consents=form.consents())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                target = request.GET.get("next", "")
                if url_has_allowed_host_and_scheme(target, allowed_hosts=None):
                    return redirect(target)
                return redirect("mobility:mine")
        status = 400
    return TemplateResponse(request, "mobility/profile.html", {"form": form}, status=status)


@login_required
def my_applications(request: AuthenticatedHttpRequest) -> HttpResponse:
    applications = selectors.application_list(viewer=request.user, mine=True)
    return TemplateResponse(request, "mobility/mine.html", {"applications": applications})


def case_page(
    request,
    application: Application,
    *,
    bound: dict | None = None,
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    """The case: stage timeline, dated deadlines, checklist and the forms the reader may use."""
    deadlines, calendar = selectors.application_deadlines(application)
    office = selectors.works_cases_of(user=request.user, application=application)
    moves = selectors.allowed_moves(user=request.user, application=application)
    bound = bound or {}
    move_forms = []
    for move in moves:
        form = bound.get(move) or forms.MoveForm(initial={"to": move})
        shown = [form[name] for name in forms.MoveForm.FIELDS_OF.get(move, ())]
        move_forms.append((move, forms.ACTION_LABELS.get(move, move), form, shown))
    context = {
        "application": application,
        "history": selectors.application_history(application),
        "deadlines": deadlines,
        "missing_years": sorted(calendar.missing_years),
        "documents": list(application.documents.defer("content")),
        "move_forms": move_forms,
        "office": office,
        "own": application.applicant_id == request.user.pk,
        "upload_form": bound.get("upload") or forms.UploadForm(),
        "check_form": bound.get("check") or forms.CheckForm(),
        "warning": services.passport_warning(application),
        "refusal": refusal,
        **case_work_context(request, application, office=office, bound=bound),
        **stay_context(request, application, office=office, bound=bound),
    }
    template = "mobility/application.html" + ("#case" if request.htmx else "")
    return TemplateResponse(request, template, context, status=status)


@login_required
def application_page(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = selectors.access_application(user=request.user, application_id=application_id)
    return case_page(request, application)


@login_required
@require_POST
def application_move(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """Move the case; a refused move shows the page again with the reason (400 or 409)."""
    application = selectors.access_application(user=request.user, application_id=application_id)
    if not selectors.may_act_on(user=request.user, application=application):
        raise PermissionDenied
    form = forms.MoveForm(request.POST)
    if form.is_valid():
        try:
            services.application_move(
                application=application,
                to=form.cleaned_data["to"],
                actor=request.user,
                data=form.data_for_service(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except services.MoveNotAllowed as refused:
            return case_page(request, application, status=409, refusal=str(refused))
        else:
            return redirect("mobility:application", application.pk)
    return case_page(request, application, bound={form.data.get("to", ""): form}, status=400)


@login_required
@require_POST
def document_upload(
    request: AuthenticatedHttpRequest, application_id: int, document_id: int
) -> HttpResponse:
    document = selectors.access_document(
        user=request.user, application_id=application_id, document_id=document_id
    )
    if not selectors.may_act_on(user=request.user, application=document.application):
        raise PermissionDenied
    form = upload_to(request, document)
    if form is None:
        return redirect("mobility:application", application_id)
    return case_page(request, document.application, bound={"upload": form}, status=400)


def upload_to(request: AuthenticatedHttpRequest, document) -> forms.UploadForm | None:
    """The posted file stored on a checklist line by the upload service (None), or the form
    with what was wrong (a renamed executable, too big a file …)."""
    form = forms.UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_upload(
                document=document,
                actor=request.user,
                file_name=upload.name,
                content=upload.read(services.MAX_BYTES + 1),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return None
    return form


@login_required
def document_file(
    request: AuthenticatedHttpRequest, application_id: int, document_id: int
) -> HttpResponse:
    """The file, to whoever may read the case; the reading is audited."""
    document = selectors.access_document(
        user=request.user, application_id=application_id, document_id=document_id
    )
    try:
        content = services.document_read(document=document, actor=request.user)
    except ValidationError:
        raise Http404 from None
    return file_response(document, content)
