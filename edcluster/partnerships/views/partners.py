"""The partners' pages: list, page (identity, units, contacts, agreements), add, edit."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.partnerships import selectors, services
from edcluster.partnerships.forms import ContactForm, PartnerFilterForm, PartnerForm, UnitForm


@login_required
def partner_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Foreign partners with their EWP identity; results refresh by htmx."""
    form = PartnerFilterForm(request.GET or None)
    found = selectors.partner_list(viewer=request.user, **form.filters())
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    template = "partnerships/partners.html" + ("#results" if request.htmx else "")
    context = {
        "form": form,
        "page": page,
        "can_edit": selectors.can_edit_partners(user=request.user),
    }
    return TemplateResponse(request, template, context)


def _partner_page(
    request, partner, *, unit_form=None, contact_form=None, status=200
) -> HttpResponse:
    can_edit = selectors.can_edit_partners(user=request.user)
    context = {
        "partner": partner,
        "units": partner.units.all(),
        "contacts": selectors.partner_contacts(partner=partner),
        "agreements": selectors.agreements_of_partner(viewer=request.user, partner=partner),
        "can_edit": can_edit,
        "unit_form": unit_form or (UnitForm() if can_edit else None),
        "contact_form": contact_form or (ContactForm() if can_edit else None),
    }
    return TemplateResponse(request, "partnerships/partner.html", context, status=status)


@login_required
def partner_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _partner_page(request, selectors.access_partner(user=request.user, slug=slug))


@login_required
def partner_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a foreign partner (members' editors, operators)."""
    if not selectors.can_edit_partners(user=request.user):
        raise PermissionDenied
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(actor=request.user, **form.identity())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("partnerships:partner", slug=partner.slug)
    return TemplateResponse(request, "partnerships/partner_form.html", {"form": form})


@login_required
def partner_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    partner = selectors.access_partner(user=request.user, slug=slug, for_write=True)
    initial = {name: getattr(partner, name) for name in PartnerForm.base_fields}
    form = PartnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(partner=partner, actor=request.user, **form.identity())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("partnerships:partner", slug=partner.slug)
    return TemplateResponse(
        request, "partnerships/partner_form.html", {"form": form, "partner": partner}
    )


@login_required
@require_POST
def partner_unit_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    partner = selectors.access_partner(user=request.user, slug=slug, for_write=True)
    form = UnitForm(request.POST)
    if form.is_valid():
        try:
            services.unit_add(partner=partner, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("partnerships:partner", slug=partner.slug)
    return _partner_page(request, partner, unit_form=form)


@login_required
@require_POST
def partner_contact_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    partner = selectors.access_partner(user=request.user, slug=slug, for_write=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(partner=partner, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("partnerships:partner", slug=partner.slug)
    return _partner_page(request, partner, contact_form=form)


@login_required
@require_POST
def contact_remove(request: AuthenticatedHttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.access_contact(user=request.user, contact_id=contact_id)
    slug = contact.organization.slug
    services.contact_remove(contact=contact, actor=request.user)
    return redirect("partnerships:partner", slug=slug)
