from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog.selectors import access_product
from edcluster.core.forms import add_service_errors
from edcluster.matching import linking
from edcluster.matching.forms import DecisionForm, SkillAddForm
from edcluster.matching.templatetags.matching import skills_context
from edcluster.skills.models import Skill


def _answer(request, product, *, form=None, status: int = 200) -> HttpResponse:
    """The product's skills again (htmx swaps them), or back to the product page."""
    if request.htmx or status != 200:
        context = skills_context(request, product, add_form=form)
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
            linking.skill_add(product=product, skill=form.cleaned_data["skill"], actor=request.user)
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
            linking.skill_decide(
                product=product, skill=skill, actor=request.user,
                decision=form.cleaned_data["decision"],
            )  # fmt: skip
        except ValidationError:
            return _answer(request, product, status=400)
        return _answer(request, product)
    return _answer(request, product, status=400)


@login_required
def postings_coverage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Products ranked by how much of a region's posting demand in a period they cover."""
    from edcluster.demand.forms import AnalyticsForm
    from edcluster.demand.selectors import analytics, require_demand_reader
    from edcluster.matching.coverage import demand_of_postings, rank_products

    require_demand_reader(user=request.user)
    form = AnalyticsForm(request.GET or None, regions=analytics.regions())
    ask = form.ask()
    period = analytics.period_of(ask["start"], ask["end"])
    demand = demand_of_postings(region=ask["region"], period=period)
    context = {"form": form, "period": period, "region": ask["region"], "demand": demand,
               "ranked": rank_products(demand, limit=20)}  # fmt: skip
    return TemplateResponse(request, "matching/postings_coverage.html", context)


def _gaps(request):
    from edcluster.demand.selectors import analytics, require_demand_reader
    from edcluster.matching.forms import GapsForm
    from edcluster.matching.gaps import gaps_by_group, market_gaps

    require_demand_reader(user=request.user)
    form = GapsForm(request.GET or None, regions=analytics.regions())
    ask, more = form.ask(), form.gap_filters()
    period = analytics.period_of(ask["start"], ask["end"])
    gaps = market_gaps(period=period, region=ask["region"], **more)
    return form, period, ask["region"], gaps, gaps_by_group(gaps)


@login_required
def gaps_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Demanded skills no published product teaches, by group, with a chart and downloads."""
    from edcluster.core.models import in_language

    form, period, region, gaps, groups = _gaps(request)
    chart = {"labels": [in_language(g["label_ru"], g["label"]) or g["uri"] for g in groups],
             "values": [g["demand"] for g in groups]}  # fmt: skip
    context = {"form": form, "period": period, "region": region, "gaps": gaps,
               "groups": groups, "chart": chart, "query": request.GET.urlencode()}  # fmt: skip
    return TemplateResponse(request, "matching/gaps.html", context)


@login_required
def gaps_export(request: AuthenticatedHttpRequest, format: str) -> HttpResponse:
    from django.http import Http404

    from edcluster.core.tables import table_response

    if format not in ("csv", "xlsx"):
        raise Http404
    _form, period, region, gaps, _groups = _gaps(request)
    header = ["uri", "skill", "skill_ru", "postings", "weighted_demand", "best_coverage",
              "group"]  # fmt: skip
    rows = [(g.skill.uri, g.skill.label, g.skill.label_ru, g.postings, g.demand, g.best_credit,
             g.group) for g in gaps]  # fmt: skip
    return table_response(f"gaps-{period.start:%Y-%m}-{period.end:%Y-%m}", header, rows, format)


@login_required
def proposals(request: AuthenticatedHttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator

    from edcluster.matching.selectors import proposal_list

    page = Paginator(proposal_list(viewer=request.user), 30).get_page(request.GET.get("page"))
    return TemplateResponse(request, "matching/proposals.html", {"page": page})


@login_required
@require_POST
def proposal_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An operator drafts a proposal from the gaps shown (of one skill group, if chosen)."""
    from django.core.exceptions import PermissionDenied

    from edcluster.matching.proposals import proposal_draft

    if not request.user.is_operator:
        raise PermissionDenied
    _form, period, region, gaps, _groups = _gaps(request)
    group = request.GET.get("group", "")
    chosen = [gap for gap in gaps if gap.group == group] if group else gaps
    try:
        proposal = proposal_draft(gaps=chosen, period=period, region=region, actor=request.user)
    except ValidationError as error:
        from django.contrib import messages

        messages.error(request, " ".join(error.messages))
        return redirect("matching:gaps")
    return redirect("matching:proposal", proposal_id=proposal.pk)


def _proposal_page(request, proposal, *, accept=None, decline=None, status=200):
    from edcluster.matching.forms import AcceptForm, DeclineForm

    suggested = [item["organization"] for item in proposal.consortium]
    operator = request.user.is_operator and proposal.status == "proposed"
    context = {
        "proposal": proposal, "skills": proposal.skills.order_by("label"),
        "accept": accept or (AcceptForm(suggested=suggested) if operator else None),
        "decline": decline or (DeclineForm() if operator else None),
    }  # fmt: skip
    return TemplateResponse(request, "matching/proposal.html", context, status=status)


@login_required
def proposal_detail(request: AuthenticatedHttpRequest, proposal_id: int) -> HttpResponse:
    from edcluster.matching.selectors import access_proposal

    return _proposal_page(request, access_proposal(user=request.user, proposal_id=proposal_id))


@login_required
@require_POST
def proposal_decide(request: AuthenticatedHttpRequest, proposal_id: int, action: str):
    """Accept (creating the draft product) or decline with a reason: operators."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from edcluster.matching import proposals as service
    from edcluster.matching.forms import AcceptForm, DeclineForm
    from edcluster.matching.selectors import access_proposal

    proposal = access_proposal(user=request.user, proposal_id=proposal_id)
    if not request.user.is_operator:
        raise PermissionDenied
    suggested = [item["organization"] for item in proposal.consortium]
    if action == "accept":
        form = AcceptForm(request.POST, suggested=[])
        if form.is_valid():
            try:
                service.proposal_accept(proposal=proposal, actor=request.user,
                                        members=form.ordered(suggested))  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("matching:proposal", proposal_id=proposal.pk)
        return _proposal_page(request, proposal, accept=form, status=400)
    if action == "decline":
        decline = DeclineForm(request.POST)
        if decline.is_valid():
            try:
                service.proposal_decline(proposal=proposal, actor=request.user,
                                         reason=decline.cleaned_data["reason"])  # fmt: skip
            except ValidationError as error:
                add_service_errors(decline, error)
            else:
                return redirect("matching:proposal", proposal_id=proposal.pk)
        return _proposal_page(request, proposal, decline=decline, status=400)
    raise Http404


def _request_again(request, demand, key: str, form) -> HttpResponse:
    """The request's page again with the offers form and its errors."""
    from edcluster.demand.views import _request_page

    return _request_page(request, demand, status=400, offer_forms={key: form})


def _to_offers(demand) -> HttpResponse:
    from django.urls import reverse

    return redirect(reverse("demand:request", args=[demand.pk]) + "#offers")


@login_required
@require_POST
def offer_ask(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    """The employer asks a product's owner for an offer on the request."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from edcluster.catalog.models import Product
    from edcluster.demand.selectors import access_request
    from edcluster.matching.forms import AskForm
    from edcluster.matching.offers import offer_ask as ask

    demand = access_request(user=request.user, request_id=request_id, for_write=True)
    form = AskForm(request.POST)
    if form.is_valid():
        product = get_object_or_404(Product, slug=form.cleaned_data["product"])
        try:
            ask(request=demand, product=product, actor=request.user,
                message=form.cleaned_data["message"])  # fmt: skip
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
    import re

    from django.contrib import messages
    from django.http import HttpResponseBadRequest
    from django.utils.translation import gettext as _

    from edcluster.catalog.models import Offering
    from edcluster.demand.selectors import access_request
    from edcluster.matching.forms import OfferForm
    from edcluster.matching.offers import offer_make as make
    from edcluster.matching.selectors import editable_products

    demand = access_request(user=request.user, request_id=request_id)
    prefix = request.POST.get("prefix", "respond")
    if not re.fullmatch(r"respond|answer-\d+", prefix):
        return HttpResponseBadRequest()
    products = editable_products(user=request.user)
    runs = Offering.objects.filter(product__in=products) if prefix != "respond" else None
    form = OfferForm(request.POST, products=products, offerings=runs, prefix=prefix,
                     fixed=prefix != "respond")  # fmt: skip
    if form.is_valid():
        data = form.cleaned_data
        try:
            make(request=demand, product=data["product"], actor=request.user,
                 answer=data["answer"], offering=data.get("offering"))  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your offer is sent to the employer."))
            return _to_offers(demand)
    return _request_again(request, demand, prefix, form)


@login_required
@require_POST
def offer_decline(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    """The owner declines an ask, saying why."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from edcluster.matching.forms import OfferDeclineForm
    from edcluster.matching.offers import offer_decline as decline
    from edcluster.matching.selectors import access_offer

    offer = access_offer(user=request.user, offer_id=offer_id)
    prefix = f"decline-{offer.pk}"
    form = OfferDeclineForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            decline(offer=offer, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The employer is told that you decline."))
            return _to_offers(offer.request)
    return _request_again(request, offer.request, prefix, form)


@login_required
@require_POST
def offer_decide(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    """The employer accepts an offer or does not take it."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from edcluster.matching.forms import OfferDecideForm
    from edcluster.matching.offers import offer_decide as decide
    from edcluster.matching.selectors import access_offer

    offer = access_offer(user=request.user, offer_id=offer_id)
    prefix = f"decide-{offer.pk}"
    form = OfferDecideForm(request.POST, prefix=prefix)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decide(offer=offer, actor=request.user, accept=data["decision"] == "accepted",
                   note=data["note"])  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The owner is told of your decision."))
            return _to_offers(offer.request)
    return _request_again(request, offer.request, prefix, form)


@login_required
def offers(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The viewer's offers (on their requests and of their products) and the open requests
    their products cover."""
    from django.core.paginator import Paginator

    from edcluster.matching.forms import OfferFilterForm
    from edcluster.matching.selectors import covered_requests, offer_list

    form = OfferFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(offer_list(viewer=request.user, status=status), 30).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "covered": covered_requests(user=request.user)}
    return TemplateResponse(request, "matching/offers_page.html", context)
