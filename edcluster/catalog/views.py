from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse

from edcluster.catalog.forms import CatalogFilterForm
from edcluster.catalog.selectors import access_product, can_edit_product, product_search
from edcluster.core.http import HttpRequest


def catalog(request: HttpRequest) -> HttpResponse:
    """The public catalog; results refresh by htmx as the search and filters change."""
    form = CatalogFilterForm(request.GET or None)
    products = product_search(viewer=request.user, **form.filters())
    page = Paginator(products, 20).get_page(request.GET.get("page"))
    template = "catalog/catalog.html" + ("#results" if request.htmx else "")
    return TemplateResponse(request, template, {"form": form, "page": page})


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A product with its owners, outcomes, offerings and lifecycle."""
    product = access_product(user=request.user, slug=slug)
    context = {
        "product": product,
        "owners": product.ownerships.select_related("organization"),
        "outcomes": product.outcomes.all(),
        "offerings": product.offerings.all(),
        "stages": product.stage_changes.all(),
        "can_edit": can_edit_product(user=request.user, product=product),
    }
    return TemplateResponse(request, "catalog/product.html", context)
