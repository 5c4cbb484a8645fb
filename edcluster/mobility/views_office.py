"""The host's international office: the queue by stage with bulk moves, the deadline board,
checking documents, the intake's reviewers and ranking; the operators' flows by country."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST
from django_countries import countries

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.accounts.models import User
from edcluster.accounts.selectors import can_edit_organization, organization_ids_of
from edcluster.core.forms import add_service_errors
from edcluster.core.tables import table_response
from edcluster.mobility import forms, selectors, services
from edcluster.mobility.views import case_page

FLOWS_FILE_NAME = pgettext_lazy("file name", "mobility-flows")


@login_required
def cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The queue: a stage filter (a select with each stage's count) and its cases, each with
    the applicant's passport name and the host (htmx: the list only); several cases can be
    moved on at once."""
    queue = selectors.case_queue(viewer=request.user)
    form = forms.CaseFilterForm(request.GET or None)
    form.fields["stage"].choices = [  # type: ignore[attr-defined]
        ("", _("all stages")),
        *[(code, f"{label} ({count})") for code, label, count in queue],
    ]
    stage = form.cleaned_data["stage"] if form.is_valid() else ""
    found = selectors.application_list(viewer=request.user, stage=stage, office=True)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    template = "mobility/cases.html" + ("#results" if request.htmx else "")
    context = {"form": form, "stage": stage, "page": page, "total": sum(c for *_, c in queue)}
    return TemplateResponse(request, template, context)


@login_required
@require_POST
def bulk_move(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Move the chosen cases to their next stage where each one's preconditions hold; the
    page lists the cases moved and each refused one with its reason."""
    ids = forms.case_ids(request.POST.getlist("ids"))
    if not ids:
        return TemplateResponse(
            request,
            "mobility/bulk_result.html",
            {"moved": [], "refused": [], "empty": True},
            status=400,
        )
    chosen = list(
        selectors.application_visible(viewer=request.user)
        .filter(pk__in=ids)
        .select_related("host")
        .order_by("pk")
    )
    unseen = sorted(set(ids) - {application.pk for application in chosen})
    result = services.applications_move_next(applications=chosen, actor=request.user)
    refused = result.refused + [(pk, _("No such case.")) for pk in unseen]
    return TemplateResponse(
        request,
        "mobility/bulk_result.html",
        {"moved": result.moved, "refused": refused, "empty": False},
        status=200 if result.moved or not refused else 409,
    )


@login_required
def board(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The deadline board: open cases by their next legal deadline, overdue first, with the
    rule; all, overdue only or due within 7 days; 50 a page (ordered by the stored date)."""
    within = {"overdue": -1, "7": 7}.get(request.GET.get("within", ""))
    cases = selectors.board_cases(viewer=request.user, within=within)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "mobility/board.html",
        {
            "rows": selectors.board_rows(page.object_list),
            "page": page,
            "within": request.GET.get("within", ""),
        },
    )


@login_required
def intake_review(request: AuthenticatedHttpRequest, intake_id: int) -> HttpResponse:
    """The intake's scoresheet, reviewers (assigned by the host's editors) and ranking list,
    for the host's staff, operators and the assigned reviewers."""
    intake = selectors.access_intake(user=request.user, intake_id=intake_id)
    editor = can_edit_organization(user=request.user, organization=intake.host)
    staff = (
        request.user.is_operator
        or organization_ids_of(user=request.user).filter(organization_id=intake.host_id).exists()
    )
    if not (staff or selectors.reviews_intake(user=request.user, intake_id=intake.pk)):
        raise PermissionDenied
    form = forms.ReviewerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        if form.is_valid():
            reviewer = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
            if reviewer is None:
                form.add_error("email", _("Nobody has an account with this e-mail."))
            else:
                try:
                    services.reviewer_assign(intake=intake, reviewer=reviewer, actor=request.user)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    return redirect("mobility:review", intake.pk)
        status = 400
    context = {
        "intake": intake,
        "criteria": intake.criteria.all(),
        "reviewers": selectors.reviewers_of(intake_id=intake.pk),
        "ranking": selectors.intake_ranking(intake=intake),
        "form": form if editor else None,
    }
    return TemplateResponse(request, "mobility/review.html", context, status=status)


@login_required
@require_POST
def document_check(
    request: AuthenticatedHttpRequest, application_id: int, document_id: int
) -> HttpResponse:
    application = selectors.access_application(
        user=request.user, application_id=application_id, for_write=True
    )
    document = selectors.access_document(
        user=request.user, application_id=application.pk, document_id=document_id
    )
    form = forms.CheckForm(request.POST)
    if form.is_valid():
        try:
            services.document_check(
                document=document,
                actor=request.user,
                accept=form.cleaned_data["accept"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("mobility:application", application.pk)
    return case_page(request, application, bound={"check": form}, status=400)


def _flows_chart(rows, figure: str) -> dict:
    """What static/js/choropleth.js draws: one value per citizenship, keyed by the country's
    ISO numeric code (a country with none of the figure is left uncoloured)."""
    chart_rows = [
        {
            "id": countries.numeric(row.citizenship, padded=True),
            "name": row.country_name,
            "value": getattr(row, figure),
        }
        for row in rows
        if getattr(row, figure) and countries.numeric(row.citizenship)
    ]
    return {"label": str(forms.FLOW_FIGURES[figure]), "rows": chart_rows}


@login_required
def flows(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Applications started in a period, acceptances and arrivals by citizenship, named in
    the reader's language, with their totals, on a world map and as CSV/XLSX (operators)."""
    form = forms.FlowsFilterForm(request.GET or None)
    rows = selectors.flows_by_country(viewer=request.user, **form.period())
    status = 400 if form.is_bound and not form.is_valid() else 200
    figure = (form.cleaned_data.get("figure") if form.is_valid() else "") or "applications"
    context = {
        "rows": rows,
        "total": selectors.flows_total(rows),
        "form": form,
        "chart": _flows_chart(rows, figure),
        "topojson": static("vendor/world-atlas/countries-110m.json"),
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "mobility/flows.html", context, status=status)


@login_required
def flows_export(request: AuthenticatedHttpRequest, format: str) -> HttpResponse:
    """The flows' table as CSV or XLSX, its period in the file's name (operators)."""
    if format not in ("csv", "xlsx"):
        raise Http404
    form = forms.FlowsFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            str(next(iter(form.errors.values()))[0]), status=400, content_type="text/plain"
        )
    period = form.period()
    rows = selectors.flows_by_country(viewer=request.user, **period)
    total = selectors.flows_total(rows)
    header = [
        _("Citizenship"),
        _("ISO code"),
        *[str(label) for label in forms.FLOW_FIGURES.values()],
    ]
    table = [
        [row.country_name, row.citizenship, row.applications, row.accepted, row.arrived]
        for row in rows
    ]
    table.append([_("Total"), "", total.applications, total.accepted, total.arrived])
    dates = [str(day) for day in (period.get("since"), period.get("until")) if day]
    name = "-".join([str(FLOWS_FILE_NAME), *dates])
    return table_response(name, header, table, format)
