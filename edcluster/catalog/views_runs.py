"""The product page's own parts: its runs (editors add, change and cancel them in place) and
visitors' enquiries (anyone asks; the editors see them and mark them answered). Each answers
htmx with its fragment of the product page, and a plain form post with the page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog import services, services_enquiries
from edcluster.catalog.formats.schemaorg import schemaorg_script
from edcluster.catalog.forms import EnquiryForm, OfferingForm
from edcluster.catalog.models import FrameworkItem, Product
from edcluster.catalog.selectors import (
    access_enquiry,
    access_offering,
    access_product,
    can_edit_product,
    enquiry_list,
    revision_pending,
    revision_returned,
    revision_rows,
)
from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest
from edcluster.core.ratelimit import client_address, page_status

TEXTS = [
    ("description", gettext_lazy("Description")),
    ("target_audience", gettext_lazy("Who it is for")),
    ("entry_requirements", gettext_lazy("Entry requirements")),
    ("certificate", gettext_lazy("Certificate")),
]


def product_texts(product: Product) -> list[dict]:
    """The product's texts in the reader's language, or in the other one marked as such."""
    russian = (get_language() or "ru").startswith("ru")
    texts = []
    for name, label in TEXTS:
        ru, en = getattr(product, f"{name}_ru"), getattr(product, f"{name}_en")
        own, other = (ru, en) if russian else (en, ru)
        if own or other:
            fallback = not own
            lang = ("en" if russian else "ru") if fallback else ("ru" if russian else "en")
            texts.append(
                {
                    "name": name,
                    "label": label,
                    "text": own or other,
                    "lang": lang,
                    "fallback": fallback,
                }
            )
    return texts


def _enquiry_initial(user) -> dict:
    if not user.is_authenticated:
        return {}
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return {"name": name or "", "email": user.email}


def product_context(request: HttpRequest, product: Product, **bound) -> dict:
    """Everything the product page shows; `bound` carries forms to show again with errors."""
    can_edit = can_edit_product(user=request.user, product=product)
    offerings = list(product.offerings.all())
    url = request.build_absolute_uri(reverse("catalog:product", kwargs={"slug": product.slug}))
    published = product.status == Product.Status.PUBLISHED
    return {
        "product": product,
        "owners": product.ownerships.select_related("organization"),
        "outcomes": product.outcomes.all(),
        "offerings": offerings,
        "enrolling": any(offering.availability() == "open" for offering in offerings),
        "texts": product_texts(product),
        "priority_areas": product.priority_areas.all(),
        "markets": product.markets.all(),
        "stages": product.stage_changes.all(),
        "framework_items": FrameworkItem.objects.filter(framework__product=product),
        "can_edit": can_edit,
        "is_operator": request.user.is_authenticated and request.user.is_operator,
        "jsonld": schemaorg_script(product, url=url),
        "offering_form": bound.get("offering_form") or (OfferingForm() if can_edit else None),
        "edited_offering": bound.get("edited_offering"),
        "enquiry_form": bound.get("enquiry_form")
        or (
            EnquiryForm(product=product, initial=_enquiry_initial(request.user))
            if published
            else None
        ),
        "enquiry_sent": bound.get("enquiry_sent", False),
        "enquiries": enquiry_list(viewer=request.user, product=product) if can_edit else None,
        "notice": bound.get("notice", ""),
        **revision_context(product, can_edit=can_edit),
    }


def revision_context(product, *, can_edit: bool) -> dict:
    """Everyone learns that changes wait; those who may edit see them (and operators decide)."""
    revision = revision_pending(product=product)
    return {
        "revision": revision,
        "revision_changes": revision_rows(revision=revision) if revision and can_edit else [],
        "returned": revision_returned(product=product) if can_edit and not revision else None,
    }


def _answer(
    request, product: Product, part: str, *, status: int = 200, notice: str = "", **bound
) -> HttpResponse:
    """The fragment for htmx (with the notice in it); otherwise the page with the errors, or
    back to the page with the notice as a message."""
    if request.htmx:
        bound["notice"] = notice
        context = product_context(request, product, **bound)
        return TemplateResponse(request, f"catalog/product.html#{part}", context, status=status)
    if status != 200:
        context = product_context(request, product, **bound)
        return TemplateResponse(request, "catalog/product.html", context, status=status)
    if notice:
        messages.success(request, notice)
    return redirect(reverse("catalog:product", kwargs={"slug": product.slug}) + f"#{part}")


def _offering_saved(request, product: Product, form: OfferingForm, offering=None):
    if form.is_valid():
        try:
            services.offering_save(
                product=product,
                actor=request.user,
                fields=form.offering_fields(),
                offering=offering,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _answer(request, product, "runs", notice=_("The run was saved."))
    return _answer(
        request, product, "runs", status=400, offering_form=form, edited_offering=offering
    )


@login_required
@require_POST
def offering_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """An editor adds a run; bad input shows the form again in place."""
    product = access_product(user=request.user, slug=slug, for_write=True)
    return _offering_saved(request, product, OfferingForm(request.POST))


@login_required
def offering_edit(request: AuthenticatedHttpRequest, slug: str, offering_id: int) -> HttpResponse:
    """An editor changes a run: the form in place of the add form, then the runs again."""
    offering = access_offering(
        user=request.user, slug=slug, offering_id=offering_id, for_write=True
    )
    product = offering.product
    if request.method == "POST":
        return _offering_saved(
            request, product, OfferingForm(request.POST, instance=offering), offering
        )
    form = OfferingForm(instance=offering)
    return _answer_form(request, product, form=form, offering=offering)


def _answer_form(request, product, *, form, offering) -> HttpResponse:
    context = product_context(request, product, offering_form=form, edited_offering=offering)
    part = "#runs" if request.htmx else ""
    return TemplateResponse(request, f"catalog/product.html{part}", context)


@login_required
@require_POST
def offering_cancel(request: AuthenticatedHttpRequest, slug: str, offering_id: int) -> HttpResponse:
    """An editor cancels a run; it stays listed as cancelled."""
    offering = access_offering(
        user=request.user, slug=slug, offering_id=offering_id, for_write=True
    )
    try:
        services.offering_cancel(offering=offering, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return _answer(request, offering.product, "runs", status=400)
    return _answer(request, offering.product, "runs", notice=_("The run was cancelled."))


def enquire(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone asks the product's owners a question (about a run, when one is chosen)."""
    product = access_product(user=request.user, slug=slug)
    if request.method != "POST":
        initial = _enquiry_initial(request.user) | {"offering": request.GET.get("offering")}
        form = EnquiryForm(product=product, initial=initial)
        return _answer_form_enquiry(request, product, form)
    form = EnquiryForm(request.POST, product=product)
    if form.is_valid():
        try:
            services_enquiries.enquiry_create(
                product=product,
                user=request.user if request.user.is_authenticated else None,
                address=client_address(request),
                language=get_language() or "",
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            notice = _("Your enquiry was sent to the product's owners.")
            return _answer(request, product, "enquire", notice=notice, enquiry_sent=True)
    return _answer(request, product, "enquire", status=page_status(form), enquiry_form=form)


def _answer_form_enquiry(request, product, form) -> HttpResponse:
    context = product_context(request, product, enquiry_form=form)
    part = "#enquire" if request.htmx else ""
    return TemplateResponse(request, f"catalog/product.html{part}", context)


@login_required
@require_POST
def enquiry_answered(request: AuthenticatedHttpRequest, slug: str, enquiry_id: int) -> HttpResponse:
    """An editor marks an enquiry answered."""
    enquiry = access_enquiry(user=request.user, slug=slug, enquiry_id=enquiry_id)
    try:
        services_enquiries.enquiry_answer(enquiry=enquiry, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return _answer(request, enquiry.product, "enquiries", status=400)
    return _answer(request, enquiry.product, "enquiries", notice=_("Marked answered."))
