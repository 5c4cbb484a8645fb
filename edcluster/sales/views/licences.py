"""The licence pages: the licences of the viewer's members (as licensor or licensee; operators
all), a new licence, a licence's page with its terms (changed while a draft), activation and
its end."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.sales import forms, selectors, services
from edcluster.sales.models import Licence


@login_required
def licence_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The licences of the viewer's members' products or granted to them (operators: all)."""
    form = forms.LicenceFilterForm(request.GET or None)
    found = selectors.licence_list(viewer=request.user, **form.filters())
    context = {
        "form": form,
        "page": Paginator(found, 30).get_page(request.GET.get("page")),
        "can_create": selectors.licensable_products(user=request.user).exists(),
    }
    template = "sales/licences.html" + ("#results" if request.htmx else "")
    return TemplateResponse(request, template, context)


@login_required
def licence_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    products = selectors.licensable_products(user=request.user)
    if not products.exists():
        raise PermissionDenied
    form = forms.LicenceForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        try:
            licence = services.licence_create(
                product=form.cleaned_data["product"], actor=request.user, fields=form.terms()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The licence was recorded as a draft."))
            return redirect("sales:licence", licence_id=licence.pk)
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "sales/licence_new.html", {"form": form}, status=status)


def _initial(licence: Licence) -> dict:
    return {
        "licensee_organization": licence.licensee_organization_id,
        "licensee_name": licence.licensee_name,
        "countries": licence.countries,
        "regions": "\n".join(licence.regions),
        "starts_on": licence.starts_on,
        "ends_on": licence.ends_on,
        "lump_sum": licence.lump_sum,
        "per_learner": licence.per_learner,
        "currency": licence.currency,
        "learner_cap": licence.learner_cap,
    }


def licence_page(request, licence: Licence, *, bound: dict | None = None, status: int = 200):
    can_change = selectors.can_license(user=request.user, product=licence.product)
    made: dict = {}
    if can_change and licence.status == Licence.Status.DRAFT:
        made = {
            "edit": forms.LicenceForm(initial=_initial(licence)),
            "activate": forms.LicenceDateForm(),
        }
    if can_change and licence.status in (Licence.Status.DRAFT, Licence.Status.ACTIVE):
        made["end"] = forms.LicenceDateForm()
    context = {"licence": licence, "licence_forms": made | (bound or {})}
    return TemplateResponse(request, "sales/licence.html", context, status=status)


@login_required
def licence_detail(request: AuthenticatedHttpRequest, licence_id: int) -> HttpResponse:
    licence = selectors.access_licence(user=request.user, licence_id=licence_id)
    return licence_page(request, licence)


def _act(request, licence_id: int, kind: str, form, act) -> HttpResponse:
    licence = selectors.access_licence(user=request.user, licence_id=licence_id, for_write=True)
    if form.is_valid():
        try:
            act(licence, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("sales:licence", licence_id=licence.pk)
    licence.refresh_from_db()
    return licence_page(request, licence, bound={kind: form}, status=400)


@login_required
@require_POST
def licence_edit(request: AuthenticatedHttpRequest, licence_id: int) -> HttpResponse:
    form = forms.LicenceForm(request.POST)

    def act(licence, data):
        services.licence_update(licence=licence, actor=request.user, fields=form.terms())

    return _act(request, licence_id, "edit", form, act)


@login_required
@require_POST
def licence_activate(request: AuthenticatedHttpRequest, licence_id: int) -> HttpResponse:
    def act(licence, data):
        services.licence_activate(licence=licence, actor=request.user, on=data["on"])

    return _act(request, licence_id, "activate", forms.LicenceDateForm(request.POST), act)


@login_required
@require_POST
def licence_end(request: AuthenticatedHttpRequest, licence_id: int) -> HttpResponse:
    def act(licence, data):
        services.licence_end(licence=licence, actor=request.user, on=data["on"])

    return _act(request, licence_id, "end", forms.LicenceDateForm(request.POST), act)
