"""The feedback pages: a run's links and results for its owners, an employer's rating of an
accepted offer or of a delivered order (a section of the order page), and the learner's
one-time form (no account)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.catalog.selectors import can_edit_product
from edcluster.core import sections
from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest
from edcluster.quality import forms, selectors, services
from edcluster.quality.questions import questions
from edcluster.quality.sections import ORDER_FEEDBACK


def _run_page(request, offering, *, form=None, status: int = 200) -> HttpResponse:
    editor = can_edit_product(user=request.user, product=offering.product)
    results = selectors.feedback_results(offering=offering)
    means = results.get("means") or {}
    context = {
        "offering": offering,
        "product": offering.product,
        "results": results,
        "questions": [(text, means[name]) for name, text in questions() if name in means],
        "links": selectors.link_list(offering=offering).filter(used_at__isnull=True)[:500]
        if editor
        else [],
        "used": selectors.link_list(offering=offering).filter(used_at__isnull=False).count(),
        "form": (form or forms.LinksForm()) if editor else None,
    }
    return TemplateResponse(request, "quality/run.html", context, status=status)


@login_required
def run_feedback(request: AuthenticatedHttpRequest, offering_id: int) -> HttpResponse:
    """A run's feedback: results from five answers on; its owners' editors make links."""
    if request.method != "POST":
        offering = selectors.access_offering(user=request.user, offering_id=offering_id)
        return _run_page(request, offering)
    offering = selectors.access_offering(user=request.user, offering_id=offering_id, for_write=True)
    form = forms.LinksForm(request.POST)
    if form.is_valid():
        try:
            services.links_create(
                offering=offering, actor=request.user, count=form.cleaned_data["count"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("quality:run", offering.pk)
    return _run_page(request, offering, form=form, status=400)


@login_required
def rate_offer(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    """The employer's rating of an offer it accepted, once."""
    offer = selectors.access_offer_for_feedback(user=request.user, offer_id=offer_id)
    given = selectors.employer_feedback_of(offer=offer)
    form = forms.EmployerFeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST" and given is None:
        if form.is_valid():
            try:
                services.employer_feedback_give(
                    offer=offer,
                    actor=request.user,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except services.QualityConflict as conflict:
                form.add_error(None, conflict)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                return redirect("quality:rate", offer.pk)
        else:
            status = 400
    elif request.method == "POST":
        status = 409
    context = {"offer": offer, "given": given, "form": form}
    return TemplateResponse(request, "quality/rate.html", context, status=status)


@login_required
@require_POST
def rate_order(request: AuthenticatedHttpRequest, order_id: int) -> HttpResponse:
    """The buyer's rating of a delivered order, once; errors shown on the order page again."""
    order = selectors.access_order_for_feedback(user=request.user, order_id=order_id)
    form = forms.EmployerFeedbackForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.order_feedback_give(
                order=order,
                actor=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except services.QualityConflict as conflict:
            form.add_error(None, conflict)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(reverse("sales:order", args=[order.pk]) + "#employer-feedback")
    sections.bind(request, ORDER_FEEDBACK, form)
    return sections.render_page("sales.order", request, order, status=status)


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """A learner's form through a one-time link: 410 once it was used."""
    link = selectors.access_link(token=token)
    context: dict = {"offering": link.offering, "product": link.offering.product}
    if link.used_at is not None:
        return TemplateResponse(
            request, "quality/answer.html", context | {"gone": True}, status=410
        )
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        comment = data.pop("comment")
        try:
            services.answer_give(link=link, answers=data, comment=comment)
        except services.LinkUsed:
            return TemplateResponse(
                request, "quality/answer.html", context | {"gone": True}, status=410
            )
        return TemplateResponse(request, "quality/answer.html", context | {"thanks": True})
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "quality/answer.html", context | {"form": form}, status=status)
