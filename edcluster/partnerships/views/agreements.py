"""The agreements' pages: list, page, new, edit, history; amend and terminate."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.audit import audit_verb_label
from edcluster.core.forms import add_service_errors
from edcluster.partnerships import selectors, services
from edcluster.partnerships.forms import (
    AgreementEditForm,
    AgreementFilterForm,
    AgreementForm,
    AmendForm,
    QuotaForm,
    TerminateForm,
)
from edcluster.partnerships.views.context import agreement_context


@login_required
def agreement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The agreements of the viewer's organizations (operators: all), filtered by htmx."""
    form = AgreementFilterForm(request.GET or None)
    found = selectors.agreement_list(viewer=request.user, **form.filters())
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    template = "partnerships/agreements.html" + ("#results" if request.htmx else "")
    can_create = selectors.keeper_candidates(user=request.user).exists()
    context = {"form": form, "page": page, "can_create": can_create}
    return TemplateResponse(request, template, context)


@login_required
def agreement_detail(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    return TemplateResponse(
        request, "partnerships/agreement.html", agreement_context(request, agreement)
    )


def _parties(data: dict) -> list[services.PartyIn]:
    organizations = [data["owner"], *data["members"], *data["partners"]]
    unique = list(dict.fromkeys(organizations))
    return [services.PartyIn(organization) for organization in unique]


@login_required
def agreement_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Draft an agreement: its keeping member, parties, number, kind and dates."""
    if not selectors.keeper_candidates(user=request.user).exists():
        raise PermissionDenied
    form = AgreementForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = selectors.access_keeper(user=request.user, slug=data["owner"].slug)
        fields = {name: data[name] for name in services.agreements.METADATA}
        try:
            agreement = services.agreement_create(
                owner=owner, actor=request.user, parties=_parties(data), pdf=data["pdf"], **fields
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("partnerships:agreement", agreement_id=agreement.pk)
    return TemplateResponse(request, "partnerships/agreement_form.html", {"form": form})


@login_required
def agreement_edit(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """Number, kind, titles, dates while unsigned; the signed text (PDF) any time."""
    agreement = selectors.access_agreement(
        user=request.user, agreement_id=agreement_id, for_write=True
    )
    initial = {name: getattr(agreement, name) for name in services.agreements.METADATA}
    form = AgreementEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        pdf = data.pop("pdf")
        changed = {name: value for name, value in data.items() if value != initial[name]}
        try:
            services.agreement_update(agreement=agreement, actor=request.user, pdf=pdf, **changed)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("partnerships:agreement", agreement_id=agreement.pk)
    context = {"form": form, "agreement": agreement}
    return TemplateResponse(request, "partnerships/agreement_form.html", context)


@login_required
@require_POST
def agreement_amend(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """A new version of a signed agreement, to change and sign again."""
    agreement = selectors.access_agreement(
        user=request.user, agreement_id=agreement_id, for_write=True
    )
    form = AmendForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_amend(
                agreement=agreement, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("partnerships:agreement", agreement_id=agreement.pk)
    context = agreement_context(request, agreement, amend_form=form)
    return TemplateResponse(request, "partnerships/agreement.html", context, status=409)


@login_required
def agreement_terminate(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """End the agreement as a whole, while no mobility used it."""
    agreement = selectors.access_agreement(
        user=request.user, agreement_id=agreement_id, for_write=True
    )
    form = TerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_terminate(
                agreement=agreement, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("partnerships:agreement", agreement_id=agreement.pk)
    context = {"form": form, "agreement": agreement, "used": services.quota_used(agreement)}
    return TemplateResponse(request, "partnerships/terminate.html", context)


@login_required
@require_POST
def quota_set(request: AuthenticatedHttpRequest, condition_id: int) -> HttpResponse:
    """Record the mobilities one academic year used of a condition's quota."""
    condition = selectors.access_condition(
        user=request.user, condition_id=condition_id, for_write=True
    )
    agreement = condition.version.agreement
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            services.quota_use_set(condition=condition, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("partnerships:agreement", agreement_id=agreement.pk)
    context = agreement_context(request, agreement, quota_form=form, quota_condition=condition.pk)
    return TemplateResponse(request, "partnerships/agreement.html", context)


@login_required
def agreement_iia(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """The newest version as EWP IIA v7 XML; the page again with what to correct (400) when
    the checks before an export refuse it."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    try:
        xml = services.agreement_iia_xml(agreement)
    except ValidationError as error:
        problems = [
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
        context = agreement_context(request, agreement) | {"iia_problems": problems}
        return TemplateResponse(request, "partnerships/agreement.html", context, status=400)
    return selectors.iia_response(xml, agreement)


@login_required
def agreement_pdf(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """The agreement's signed text, to who may read the agreement."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    return selectors.pdf_response(agreement.pdf, agreement.pdf_name or "agreement.pdf")


@login_required
def signature_pdf(request: AuthenticatedHttpRequest, signature_id: int) -> HttpResponse:
    """The signed copy a partner sent, recorded with its signature."""
    signature = selectors.access_signature(user=request.user, signature_id=signature_id)
    return selectors.pdf_response(signature.pdf, f"signature-{signature.pk}.pdf")


@login_required
def agreement_history(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """Every version with its hash and signatures, and the audit entries of the agreement."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    versions = [
        (version, services.version_hash(version))
        for version in selectors.agreement_versions(agreement=agreement)
    ]
    events = [
        (entry, audit_verb_label(entry.verb))
        for entry in selectors.agreement_events(agreement=agreement)
    ]
    context = {"agreement": agreement, "versions": versions, "events": events}
    return TemplateResponse(request, "partnerships/history.html", context)
