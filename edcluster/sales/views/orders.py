"""The sales pages: the orders of the viewer's members (as sellers or buyers), a new order, an
order's page with its buyer, sellers, lines (added and removed by htmx), status and payments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog.models import Product
from edcluster.core.forms import add_service_errors
from edcluster.core.tables import table_response
from edcluster.sales import forms, reports, reports_extra, selectors, services
from edcluster.sales.models import Order


@login_required
def order_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The orders where the viewer's organizations sell or buy (all of them for operators)."""
    form = forms.FilterForm(request.GET or None)
    found = selectors.order_list(viewer=request.user, **form.filters())
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_create": selectors.seller_candidates(user=request.user).exists(),
        "offers": selectors.offers_awaiting_order(user=request.user)[:20],
    }
    template = "sales/list.html" + ("#results" if request.htmx else "")
    return TemplateResponse(request, template, context)


@login_required
def order_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A quote, sold by a member where the viewer edits (by default the product's owners)."""
    sellers = selectors.seller_candidates(user=request.user)
    if not sellers.exists():
        raise PermissionDenied
    return _new_order(request, sellers, offer=None, initial={})


@login_required
def order_from_offer(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    """ "Create an order" from an accepted offer: the form prefilled with its organization as
    the seller, its product, and the requesting employer as the buyer."""
    offer = selectors.access_offer_to_order(user=request.user, offer_id=offer_id)
    initial = {
        "seller": offer.organization_id,
        "product": offer.product_id,
        "buyer_kind": Order.BuyerKind.MEMBER,
        "buyer_organization": offer.request.organization_id,
    }
    sellers = selectors.seller_candidates(user=request.user)
    return _new_order(request, sellers, offer=offer, initial=initial)


def _new_order(request, sellers, *, offer, initial: dict) -> HttpResponse:
    products = Product.objects.filter(owners__in=sellers).distinct().order_by("title_ru", "pk")
    form = forms.NewOrderForm(
        request.POST or None, sellers=sellers, products=products, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        product, seller = data["product"], data["seller"]
        try:
            order = services.order_create(
                actor=request.user,
                buyer=form.buyer(),
                sellers=None if product else [(seller, services.orders.HUNDRED)],
                product=product,
                number=data["number"],
                on=data["on"],
                origin_offer=offer,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The order was created."))
            return redirect("sales:order", order_id=order.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "offer": offer}
    return TemplateResponse(request, "sales/new.html", context, status=status)


def _forms(request, order: Order, bound: dict) -> dict:
    """The forms of the actions the viewer may take and the order's status allows."""
    if not selectors.can_edit_order(user=request.user, order=order):
        return {}
    rules = services.order_rules(order)
    made: dict = {}
    if rules["parties"]:
        sellers_text = "\n".join(
            f"{seller.organization.slug} {seller.share}"
            for seller in order.sellers.select_related("organization")
        )
        made["buyer"] = forms.NoteForm(
            initial={
                "buyer_kind": order.buyer_kind,
                "buyer_organization": order.buyer_organization_id,
                "buyer_name": order.buyer_name,
                "buyer_country": order.buyer_country,
                "buyer_region": order.buyer_region,
                "note": order.note,
            }
        )
        made["sellers"] = forms.SellersForm(initial={"sellers": sellers_text})
    if rules["lines"]:
        made["line"] = forms.LineForm(products=selectors.product_candidates(order=order))
    if rules["payments"]:
        made["payment"] = forms.PaymentForm()
    if rules["moves"]:
        made["status"] = forms.StatusForm(moves=selectors.allowed_moves(order=order))
    made["document"] = forms.DocumentForm()
    return made | bound


def order_page(request, order: Order, *, bound: dict | None = None, status: int = 200, part=""):
    lines = selectors.order_lines(order)
    payments = selectors.order_payments(order)
    context = {
        "order": order,
        "sellers": order.sellers.select_related("organization"),
        "lines": lines,
        "payments": payments,
        "contracted": selectors.order_totals([figure for _line, figure in lines]),
        "received": selectors.order_totals([figure for _payment, figure in payments]),
        "history": selectors.order_history(order),
        "documents": order.documents.defer("content").order_by("uploaded_at", "pk"),
        "can_change_lines": selectors.can_edit_order(user=request.user, order=order)
        and services.order_rules(order)["lines"],
        "order_forms": _forms(request, order, bound or {}),
    }
    template = "sales/order.html" + (f"#{part}" if part and request.htmx else "")
    return TemplateResponse(request, template, context, status=status)


@login_required
def order_detail(request: AuthenticatedHttpRequest, order_id: int) -> HttpResponse:
    order = selectors.access_order(user=request.user, order_id=order_id)
    return order_page(request, order)


def _saved(request, order: Order, kind: str, form, save) -> HttpResponse:
    """Save through `save(data)` when the form is valid; the page (or its lines) again."""
    part = "lines" if kind == "line" else ""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if part and request.htmx:
                order.refresh_from_db()
                return order_page(request, order, part=part)
            messages.success(request, _("Saved."))
            return redirect("sales:order", order_id=order.pk)
    order.refresh_from_db()
    return order_page(request, order, bound={kind: form}, status=400, part=part)


@login_required
@require_POST
def order_edit(request: AuthenticatedHttpRequest, order_id: int) -> HttpResponse:
    """The buyer and the note."""
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    form = forms.NoteForm(request.POST)

    def save(data):
        services.order_update(
            order=order, actor=request.user, buyer=form.buyer(), note=data["note"]
        )

    return _saved(request, order, "buyer", form, save)


@login_required
@require_POST
def sellers_edit(request: AuthenticatedHttpRequest, order_id: int) -> HttpResponse:
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    form = forms.SellersForm(request.POST)

    def save(data):
        services.sellers_set(order=order, actor=request.user, sellers=data["sellers"])

    return _saved(request, order, "sellers", form, save)


@login_required
@require_POST
def line_add(request: AuthenticatedHttpRequest, order_id: int) -> HttpResponse:
    """A line, by htmx: the lines again (with the form and its errors in place)."""
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    form = forms.LineForm(request.POST, products=selectors.product_candidates(order=order))

    def save(data):
        services.line_add(order=order, actor=request.user, **data)

    return _saved(request, order, "line", form, save)


@login_required
@require_POST
def line_remove(request: AuthenticatedHttpRequest, order_id: int, line_id: int) -> HttpResponse:
    line = selectors.access_line(user=request.user, order_id=order_id, line_id=line_id)
    order = line.order
    try:
        services.line_remove(line=line, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        order.refresh_from_db()
        return order_page(request, order, part="lines")
    return redirect("sales:order", order_id=order.pk)


@login_required
@require_POST
def order_status(request: AuthenticatedHttpRequest, order_id: int) -> HttpResponse:
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    form = forms.StatusForm(request.POST, moves=selectors.allowed_moves(order=order))

    def save(data):
        services.order_move(order=order, actor=request.user, to=data["status"], on=data["on"])

    return _saved(request, order, "status", form, save)


@login_required
@require_POST
def payment_add(request: AuthenticatedHttpRequest, order_id: int) -> HttpResponse:
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    form = forms.PaymentForm(request.POST)

    def save(data):
        services.payment_add(order=order, actor=request.user, **data)

    return _saved(request, order, "payment", form, save)


REPORT_TITLES = {
    "year": gettext_lazy("By year"),
    "period": gettext_lazy("By quarter"),
    "product": gettext_lazy("By product"),
    "member": gettext_lazy("By member (by share)"),
    "country": gettext_lazy("By buyer's country"),
    "region": gettext_lazy("By buyer's region (abroad: by country)"),
    "flow": gettext_lazy("By flow"),
}


@login_required
def report_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Contracted and received revenue in roubles, by period, product, member, country,
    region and flow; a report as CSV or XLSX with ?report=…&format=csv|xlsx."""
    form = forms.ReportForm(request.GET or None, years=reports.years(viewer=request.user))
    year = form.cleaned_data["year"] if form.is_valid() else None
    name, format = request.GET.get("report", ""), request.GET.get("format", "")
    if name in reports.REPORTS and format in ("csv", "xlsx"):
        rows = reports.report(viewer=request.user, name=name, year=year)
        header = [
            _("Key"),
            _("Name"),
            _("Contracted, roubles"),
            _("Received, roubles"),
            _("Figures without a rate"),
        ]
        values = [[r.key, r.label, r.contracted, r.received, r.left_out] for r in rows]
        return table_response(f"sales-{name}", header, values, format)
    context = {"form": form, "year": year} | _report_context(request.user, year)
    return TemplateResponse(request, "sales/reports.html", context)


@login_required
def order_training(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """ "Order training" from a product's page: a quote of the product for the employer."""
    product = selectors.access_training_product(user=request.user, slug=slug)
    buyers = selectors.training_buyers(user=request.user, product=product)
    offerings = product.offerings.filter(
        cancelled_at__isnull=True, starts_on__gte=timezone.localdate()
    ).order_by("starts_on")
    form = forms.TrainingOrderForm(request.POST or None, buyers=buyers, offerings=offerings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.training_order(
                product=product,
                buyer=data["buyer"],
                actor=request.user,
                quantity=data["quantity"],
                offering=data["offering"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your order was sent to the product's owners as a quote."))
            return redirect("sales:order", order_id=order.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "product": product}
    return TemplateResponse(request, "sales/order_training.html", context, status=status)


# The product report has a row per product sold (thousands): the page shows the biggest, the
# CSV and XLSX every row.
PAGE_ROWS = {"product": 20}


def _report_context(viewer, year: int | None) -> dict:
    tables = {
        name: reports.report(viewer=viewer, name=name, year=year, limit=PAGE_ROWS.get(name))
        for name in reports.REPORTS
    }
    sizes = {
        name: reports.report_size(viewer=viewer, name=name, year=year)
        if name in PAGE_ROWS
        else len(rows)
        for name, rows in tables.items()
    }
    visible = selectors.order_visible(viewer=viewer)
    contracted = _("Contracted, roubles")
    return {
        "totals": reports.totals(viewer=viewer, year=year),
        "tables": [(name, REPORT_TITLES[name], rows, sizes[name]) for name, rows in tables.items()],
        "missing": reports.missing_rates(
            orders=visible.filter(Q(signed_on__year=year) if year else Q())
        ),
        "top_buyers": reports_extra.top_buyers(viewer=viewer, year=year),
        "territories": reports_extra.licences_in_force(
            viewer=viewer, year=year, on=None if year else timezone.localdate()
        ),
        "charts": {
            "periods": reports_extra.chart(tables["period"]),
            "flows": reports_extra.chart(tables["flow"]),
            "products": reports_extra.chart(tables["product"], limit=15),
            "map": reports_extra.country_map(tables["country"], label=contracted),
        },
        "topojson": static("vendor/world-atlas/countries-110m.json"),
        "can_publish": bool(year) and getattr(viewer, "is_operator", False),
        "published": selectors.published_years().filter(year=year or 0).first(),
    }
