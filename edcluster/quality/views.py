"""The quality pages: the operators' and experts' desk (indices by product, assignments, the
assignment form), the scoresheet, and an assignment with its review form."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog.models import Product
from edcluster.core.forms import add_service_errors
from edcluster.quality import forms, selectors, services


def _assign_form(data=None) -> forms.AssignmentForm:
    return forms.AssignmentForm(
        data,
        experts=selectors.experts(),
        products=Product.objects.all(),
        shown_products=selectors.products_to_assign(),
    )


def _home(request, *, assign_form=None, status: int = 200) -> HttpResponse:
    user = request.user
    cycle = timezone.localdate().year
    operator = selectors.is_quality_operator(user=user)
    runs = None if operator else selectors.offerings_visible(viewer=user).order_by("-starts_on")
    context = {
        "cycle": cycle,
        "operator": operator,
        "assignments": selectors.assignments_visible(viewer=user)[:200],
        # Operators and experts have a list of assignments, empty or not; nobody else has one.
        "shows_assignments": operator or user.is_expert,
        "ranking": selectors.index_ranking(cycle=cycle)[:200] if operator else [],
        "members": selectors.member_indices(cycle=cycle) if operator else [],
        "third_wanted": selectors.third_review_wanted(cycle=cycle) if operator else [],
        "assign_form": assign_form or (_assign_form() if operator else None),
        "runs": runs[:50] if runs is not None else [],
        "offers": selectors.offers_to_rate(user=user)[:50],
        "orders": selectors.orders_to_rate(user=user).order_by("-status_on", "-pk")[:50],
    }
    return TemplateResponse(request, "quality/home.html", context, status=status)


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Operators: products by index, every assignment, the assignment form; experts: their
    assignments; members' staff: their runs' feedback and the offers they may rate."""
    return _home(request)


@login_required
@require_POST
def assign(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_operator(user=request.user)
    form = _assign_form(request.POST)
    if form.is_valid():
        try:
            services.assignment_create(
                product=form.cleaned_data["product"],
                expert=form.cleaned_data["expert"],
                cycle=form.cleaned_data["cycle"],
                due_on=form.cleaned_data["due_on"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("quality:home")
    return _home(request, assign_form=form, status=400)


@login_required
def product_options(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The assignment form's list of products for a search (operators; htmx swaps them in)."""
    selectors.require_operator(user=request.user)
    query = request.GET.get("product_search", "")[:200]
    context = {"products": selectors.products_to_assign(query=query), "query": query}
    return TemplateResponse(request, "quality/product_options.html", context)


@login_required
def criteria(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The scoresheet in use; operators make the next version."""
    current = selectors.criteria_current()
    operator = selectors.is_quality_operator(user=request.user)
    if request.method == "POST":
        selectors.require_operator(user=request.user)
    form = None
    status = 200
    if operator:
        criteria_rows = list(current.criteria.all()) if current else []
        form = forms.CriteriaForm(request.POST or None, current=criteria_rows)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.criteria_set_create(
                        actor=request.user,
                        criteria=form.criteria(),
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    return redirect("quality:criteria")
            status = 400
    context = {"criteria_set": current, "form": form}
    return TemplateResponse(request, "quality/criteria.html", context, status=status)


def _review_page(request, assignment, *, form=None, status: int = 200) -> HttpResponse:
    own = assignment.expert_id == request.user.pk
    current = selectors.criteria_current()
    reviews = selectors.reviews_visible(viewer=request.user).filter(
        assignment__product=assignment.product, assignment__cycle=assignment.cycle
    )
    open_form = own and assignment.status == assignment.Status.ASSIGNED and current is not None
    if open_form and form is None:
        form = forms.ReviewForm(criteria=list(current.criteria.all()))  # type: ignore[union-attr]
    context = {
        "assignment": assignment,
        "product": assignment.product,
        "reviews": list(reviews),
        "form": form if open_form else None,
        "evidence": selectors.relevance_evidence(product=assignment.product) if own else None,
        "divergent": selectors.divergent_criteria(
            product_id=assignment.product_id, cycle=assignment.cycle
        )
        if selectors.is_quality_operator(user=request.user)
        else [],
    }
    return TemplateResponse(request, "quality/review.html", context, status=status)


@login_required
def review(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    """An assignment: its review form for its expert, the reviews the reader may see."""
    if request.method != "POST":
        assignment = selectors.access_assignment(user=request.user, assignment_id=assignment_id)
        return _review_page(request, assignment)
    assignment = selectors.access_assignment(
        user=request.user, assignment_id=assignment_id, for_review=True
    )
    current = selectors.criteria_current()
    form = forms.ReviewForm(request.POST, criteria=list(current.criteria.all()) if current else [])
    if form.is_valid():
        try:
            services.review_submit(
                assignment=assignment,
                actor=request.user,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
                no_conflict=form.cleaned_data["no_conflict"],
            )
        except services.QualityConflict as conflict:
            form.add_error(None, conflict)
            return _review_page(request, assignment, form=form, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("quality:review", assignment.pk)
    return _review_page(request, assignment, form=form, status=400)
