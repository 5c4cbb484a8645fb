import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog.models import Offering, Product
from edcluster.catalog.selectors import access_product
from edcluster.core import sections
from edcluster.core.forms import add_service_errors
from edcluster.core.models import in_language
from edcluster.core.tables import table_response
from edcluster.demand.selectors import access_request, analytics, require_demand_reader
from edcluster.matching.forms import (
    AcceptForm,
    AskForm,
    DecisionForm,
    DeclineForm,
    GapsForm,
    OfferDecideForm,
    OfferDeclineForm,
    OfferFilterForm,
    OfferForm,
    PostingsForm,
    SkillAddForm,
)
from edcluster.matching.sections import OFFER_FORMS, product_skills_context
from edcluster.matching.selectors.coverage import demand_of_postings, rank_products
from edcluster.matching.selectors.gaps import gaps_by_group, market_gaps
from edcluster.matching.selectors.offers import (
    access_offer,
    covered_requests,
    editable_products,
    offer_list,
)
from edcluster.matching.selectors.products import processing
from edcluster.matching.selectors.proposals import (
    access_proposal,
    can_manage_proposals,
    proposal_list,
    require_proposal_manager,
)
from edcluster.matching.services import offers as offers_service
from edcluster.matching.services import product_skills as skills_service
from edcluster.matching.services import proposals as proposals_service
from edcluster.skills.models import Skill


def _answer(request, product, *, form=None, status: int = 200) -> HttpResponse:
    """The product's skills again (htmx swaps them), or back to the product page."""
    if request.htmx or status != 200:
        context = product_skills_context(request, product, add_form=form)
        return TemplateResponse(request, "matching/product_skills.html", context, status=status)
    return redirect("catalog:product", slug=product.slug)


@login_required
@require_POST
def skill_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """An editor adds a skill the product teaches, by name."""
    product = access_product(user=request.user, slug=slug, for_write=True)
    form = SkillAddForm(request.POST)
    if form.is_valid():
        try:
            skills_service.skill_add(
                product=product, skill=form.cleaned_data["skill"], actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _answer(request, product)
    return _answer(request, product, form=form, status=400)


@login_required
@require_POST
def skill_decide(request: AuthenticatedHttpRequest, slug: str, skill_id: int) -> HttpResponse:
    """An editor confirms a skill found in the outcomes, removes it, or takes that back."""
    product = access_product(user=request.user, slug=slug, for_write=True)
    skill = get_object_or_404(Skill, pk=skill_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            skills_service.skill_decide(
                product=product,
                skill=skill,
                actor=request.user,
                decision=form.cleaned_data["decision"],
            )
        except ValidationError:
            return _answer(request, product, status=400)
        return _answer(request, product)
    return _answer(request, product, status=400)


@login_required
def postings_coverage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Products ranked by how much of a region's posting demand in a period they cover."""
    require_demand_reader(user=request.user)
    form = PostingsForm(request.GET or None, regions=analytics.regions())
    query = form.query()
    period = query.period()
    demand = demand_of_postings(region=query.region, period=period)
    context = {
        "form": form,
        "period": period,
        "region": query.region,
        "demand": demand,
        "ranked": rank_products(demand, limit=20),
        "processing": processing(),
    }
    return TemplateResponse(request, "matching/postings_coverage.html", context)


def _gaps(request):
    require_demand_reader(user=request.user)
    form = GapsForm(request.GET or None, regions=analytics.regions())
    query, more = form.query(), form.gap_filters()
    period = query.period()
    gaps = market_gaps(period=period, region=query.region, **more)
    return form, period, query.region, gaps, gaps_by_group(gaps)


@login_required
def gaps_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Demanded skills no published product teaches, by group, with a chart and downloads."""
    form, period, region, gaps, groups = _gaps(request)
    chart = {
        "labels": [in_language(g["label_ru"], g["label"]) or g["uri"] for g in groups],
        "values": [g["demand"] for g in groups],
    }
    context = {
        "form": form,
        "period": period,
        "region": region,
        "gaps": gaps,
        "groups": groups,
        "chart": chart,
        "query": request.GET.urlencode(),
        "processing": processing(),
    }
    return TemplateResponse(request, "matching/gaps.html", context)


@login_required
def gaps_export(request: AuthenticatedHttpRequest, format: str) -> HttpResponse:
    if format not in ("csv", "xlsx"):
        raise Http404
    _form, period, region, gaps, _groups = _gaps(request)
    header = ["uri", "skill", "skill_ru", "postings", "weighted_demand", "best_coverage", "group"]
    rows = [
        (g.skill.uri, g.skill.label, g.skill.label_ru, g.postings, g.demand, g.best_credit, g.group)
        for g in gaps
    ]
    name = pgettext("file name", "market-gaps")
    return table_response(f"{name}-{period.start:%Y-%m}-{period.end:%Y-%m}", header, rows, format)


@login_required
def proposals(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(proposal_list(viewer=request.user), 30).get_page(request.GET.get("page"))
    context = {"page": page, "processing": processing()}
    return TemplateResponse(request, "matching/proposals.html", context)


@login_required
@require_POST
def proposal_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An operator drafts a proposal from the gaps shown (of one skill group, if chosen)."""
    require_proposal_manager(user=request.user)
    _form, period, region, gaps, _groups = _gaps(request)
    group = request.GET.get("group", "")
    chosen = [gap for gap in gaps if gap.group == group] if group else gaps
    try:
        proposal = proposals_service.proposal_draft(
            gaps=chosen, period=period, region=region, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:gaps")
    return redirect("matching:proposal", proposal_id=proposal.pk)


def _proposal_page(request, proposal, *, accept=None, decline=None, status=200):
    suggested = [item["organization"] for item in proposal.consortium]
    operator = can_manage_proposals(user=request.user) and proposal.status == "proposed"
    context = {
        "proposal": proposal,
        "skills": proposal.skills.order_by("label"),
        "accept": accept or (AcceptForm(suggested=suggested) if operator else None),
        "decline": decline or (DeclineForm() if operator else None),
    }
    return TemplateResponse(request, "matching/proposal.html", context, status=status)


@login_required
def proposal_detail(request: AuthenticatedHttpRequest, proposal_id: int) -> HttpResponse:
    return _proposal_page(request, access_proposal(user=request.user, proposal_id=proposal_id))


@login_required
@require_POST
def proposal_decide(request: AuthenticatedHttpRequest, proposal_id: int, action: str):
    """Accept (creating the draft product) or decline with a reason: operators."""
    proposal = access_proposal(user=request.user, proposal_id=proposal_id, for_write=True)
    suggested = [item["organization"] for item in proposal.consortium]
    if action == "accept":
        form = AcceptForm(request.POST, suggested=suggested)
        if form.is_valid():
            try:
                proposals_service.proposal_accept(
                    proposal=proposal, actor=request.user, members=form.ordered(suggested)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("matching:proposal", proposal_id=proposal.pk)
        return _proposal_page(request, proposal, accept=form, status=400)
    if action == "decline":
        decline = DeclineForm(request.POST)
        if decline.is_valid():
            try:
                proposals_service.proposal_decline(
                    proposal=proposal, actor=request.user, reason=decline.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(decline, error)
            else:
                return redirect("matching:proposal", proposal_id=proposal.pk)
        return _proposal_page(request, proposal, decline=decline, status=400)
    raise Http404


def _request_again(request, demand, key: str, form) -> HttpResponse:
    """The request's page again (rendered by demand, the offers section by us) with the offers
    form and its errors."""
    sections.bind(request, OFFER_FORMS, {key: form})
    return sections.render_page("demand.request", request, demand, status=400)


def _to_offers(demand) -> HttpResponse:
    return redirect(reverse("demand:request", args=[demand.pk]) + "#offers")


@login_required
@require_POST
def offer_ask(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """The employer asks a product's owner for an offer on the request."""
    demand = access_request(user=request.user, request_id=request_id, for_write=True)
    form = AskForm(request.POST)
    if form.is_valid():
        product = get_object_or_404(Product, slug=form.cleaned_data["product"])
        try:
            offers_service.offer_ask(
                request=demand,
                product=product,
                actor=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _request_again(request, demand, "ask", form)
        messages.success(request, _("The owner is asked for an offer."))
        return _to_offers(demand)
    messages.error(request, _("Choose a product."))
    return _request_again(request, demand, "ask", form)


@login_required
@require_POST
def offer_make(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """An owner's editors offer a product for the request: the one asked about, or one of
    theirs chosen unasked."""
    demand = access_request(user=request.user, request_id=request_id)
    prefix = request.POST.get("prefix", "respond")
    if not re.fullmatch(r"respond|answer-\d+", prefix):
        return HttpResponseBadRequest()
    products = editable_products(user=request.user)
    runs = Offering.objects.filter(product__in=products) if prefix != "respond" else None
    form = OfferForm(
        request.POST, products=products, offerings=runs, prefix=prefix, fixed=prefix != "respond"
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            offers_service.offer_make(
                request=demand,
                product=data["product"],
                actor=request.user,
                answer=data["answer"],
                offering=data.get("offering"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your offer is sent to the employer."))
            return _to_offers(demand)
    return _request_again(request, demand, prefix, form)


def _offer_step(request, offer_id: int, *, step: str, form_class, act, done) -> HttpResponse:
    """A step on an offer from the request's page (the owner declines, the employer decides):
    the form of the offer's prefix, then the service `act(offer, data)`; back to the offers,
    or the request's page again with the errors."""
    offer = access_offer(user=request.user, offer_id=offer_id)
    prefix = f"{step}-{offer.pk}"
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            act(offer, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return _to_offers(offer.request)
    return _request_again(request, offer.request, prefix, form)


@login_required
@require_POST
def offer_decline(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    """The owner declines an ask, saying why."""

    def act(offer, data) -> None:
        offers_service.offer_decline(offer=offer, actor=request.user, reason=data["reason"])

    done = _("The employer is told that you decline.")
    return _offer_step(
        request, offer_id, step="decline", form_class=OfferDeclineForm, act=act, done=done
    )


@login_required
@require_POST
def offer_decide(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    """The employer accepts an offer or does not take it."""

    def act(offer, data) -> None:
        accept = data["decision"] == "accepted"
        offers_service.offer_decide(
            offer=offer, actor=request.user, accept=accept, note=data["note"]
        )

    done = _("The owner is told of your decision.")
    return _offer_step(
        request, offer_id, step="decide", form_class=OfferDecideForm, act=act, done=done
    )


@login_required
def offers(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The viewer's offers (on their requests and of their products) and the open requests
    their products cover."""
    form = OfferFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(offer_list(viewer=request.user, status=status), 30).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "covered": covered_requests(user=request.user)}
    return TemplateResponse(request, "matching/offers_page.html", context)
