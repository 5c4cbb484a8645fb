from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog import services
from edcluster.catalog.forms import (
    CatalogFilterForm,
    OwnerChoiceForm,
    ProductForm,
    ReviewForm,
    RevisionDecisionForm,
)
from edcluster.catalog.selectors import (
    ENTITY,
    access_product,
    access_revision,
    can_change_owners,
    owner_candidates,
    product_search,
    product_suggest,
    review_queue,
    revision_pending,
    revision_queue,
)
from edcluster.catalog.views_runs import product_context
from edcluster.core import facets
from edcluster.core.concurrency import EditConflict
from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest

WAITING = gettext_lazy(
    "Your changes wait for an operator's review; the catalog shows the previous version until then."
)
EXPORT_LABELS = [
    ("elm", "ELM v3"),
    ("schemaorg", "schema.org"),
    ("case", "CASE 1.1"),
    ("csv", "CSV"),
    ("xlsx", "XLSX"),
]


def catalog(request: HttpRequest) -> HttpResponse:
    """The public catalog; results refresh by htmx as the search and filters change."""
    form = CatalogFilterForm(request.GET or None)
    ask = form.filters()
    page = Paginator(product_search(viewer=request.user, ask=ask), 20).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)  # read once: the cards and their badges
    badges = facets.badges_html(ENTITY, request, page.object_list)
    for product in page.object_list:
        product.list_badges = badges.get(product.pk, [])
    suggestions = {}
    if ask.query:
        suggestions = product_suggest(viewer=request.user, query=ask.query, products=False)
    template = "catalog/catalog.html" + ("#results" if request.htmx else "")
    context = {
        "form": form,
        "page": page,
        "suggestions": suggestions,
        "ask": ask,
        "export_formats": EXPORT_LABELS,
        # Offered only to those the new-product and import pages let in.
        "may_create": request.user.is_authenticated
        and owner_candidates(user=request.user).exists(),
    }
    return TemplateResponse(request, template, context)


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A product with everything it says, its owners, outcomes, runs and lifecycle; a form to
    enquire for anyone, runs and enquiries to manage for its editors."""
    product = access_product(user=request.user, slug=slug)
    return TemplateResponse(request, "catalog/product.html", product_context(request, product))


def _product_form_page(request, *, form, product=None, owner_form=None, status=200):
    context = {"form": form, "product": product, "owner_form": owner_form}
    return TemplateResponse(request, "catalog/product_form.html", context, status=status)


@login_required
def product_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A member editor describes a new product; it starts as a draft idea."""
    candidates = owner_candidates(user=request.user)
    if not candidates.exists():
        raise PermissionDenied
    owner_form = OwnerChoiceForm(request.POST or None, organizations=candidates)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and owner_form.is_valid() and form.is_valid():
        try:
            with transaction.atomic():
                product = services.product_create(
                    owner=owner_form.cleaned_data["owner"],
                    actor=request.user,
                    fields=form.product_fields(),
                    outcomes=form.outcome_list(),
                )
                services.product_stage_and_partners_set(
                    product=product, actor=request.user, **form.extras()
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The product was created as a draft."))
            return redirect("catalog:product", slug=product.slug)
    status = 400 if (form.errors or owner_form.errors) else 200
    return _product_form_page(request, form=form, owner_form=owner_form, status=status)


@login_required
def product_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Edit a product; bad input shows the form again and changes nothing."""
    product = access_product(user=request.user, slug=slug, for_write=True)
    revision = revision_pending(product=product)
    form = ProductForm(
        request.POST or None, instance=product, pending=revision.changes if revision else None
    )
    if not can_change_owners(user=request.user, product=product):
        form.owners_read_only()
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.product_update(
                    product=product,
                    actor=request.user,
                    fields=form.product_fields(),
                    outcomes=form.outcome_list(),
                    expected_version=form.expected_version(),
                )
                services.product_stage_and_partners_set(
                    product=product, actor=request.user, **form.extras()
                )
        except ValidationError as error:
            add_service_errors(form, error)
            status = 409 if isinstance(error, EditConflict) else 400
        else:
            if revision_pending(product=product) and not request.user.is_operator:
                messages.success(request, WAITING)
            else:
                messages.success(request, _("The product was saved."))
            return redirect("catalog:product", slug=product.slug)
    status = 400 if form.errors and status == 200 else status
    return _product_form_page(request, form=form, product=product, status=status)


@login_required
@require_POST
def product_review(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Submit (editors); publish, return with a comment, or archive (operators)."""
    product = access_product(user=request.user, slug=slug, for_write=True)
    form = ReviewForm(request.POST)
    if form.is_valid():
        action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
        calls = {
            "submit": lambda: services.product_submit(product=product, actor=request.user),
            "publish": lambda: services.product_publish(product=product, actor=request.user),
            "return": lambda: services.product_return(
                product=product, actor=request.user, comment=comment
            ),
            "archive": lambda: services.product_archive(product=product, actor=request.user),
        }
        try:
            updated = calls[action]()
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                _("The product is now %(status)s.") % {"status": updated.get_status_display()},
            )
    else:
        messages.error(request, _("Unknown action."))
    return redirect("catalog:product", slug=product.slug)


@login_required
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Operators' queue of products waiting for review."""
    context = {
        "products": review_queue(viewer=request.user),
        "revisions": revision_queue(viewer=request.user),
    }
    return TemplateResponse(request, "catalog/review.html", context)


@login_required
@require_POST
def product_revision(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Operators approve a published product's waiting changes or return them with a reason."""
    revision = access_revision(user=request.user, slug=slug)
    form = RevisionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return redirect("catalog:product", slug=slug)
    try:
        if form.cleaned_data["action"] == "approve":
            services.revision_approve(product=revision.product, actor=request.user)
            messages.success(request, _("The changes are approved and published."))
        else:
            services.revision_return(
                product=revision.product, actor=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("The changes were returned to the editors."))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("catalog:product", slug=slug)
