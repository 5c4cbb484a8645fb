"""The public page of the cluster's sales: the years' aggregates operators published (nothing
else of the sales is public), and the operators' publishing of a year from the reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.http import HttpRequest
from edcluster.core.selectors import require_operator
from edcluster.sales import forms, selectors, services
from edcluster.sales.models import PublishedYear


def public_page(request: HttpRequest) -> HttpResponse:
    """The latest published year, or the one asked for (?year=), and the others' links."""
    years = selectors.published_years()
    asked = request.GET.get("year", "")
    published: PublishedYear | None
    if asked.isdigit():
        published = get_object_or_404(years, year=int(asked))
    else:
        published = years.first()
    figures = selectors.published_labelled(published) if published else None
    context = {
        "years": list(years.values_list("year", flat=True)),
        "published": published,
        "figures": figures,
        "chart": {
            "labels": [row["label"] for row in figures["period"]],
            "values": [float(row["contracted"]) for row in figures["period"]],
        }
        if figures
        else None,
    }
    return TemplateResponse(request, "sales/public.html", context)


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Publish a year's aggregates (or take them back): operators only."""
    require_operator(user=request.user)
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year to publish."))
        return redirect("sales:reports")
    year, take_back = form.cleaned_data["year"], form.cleaned_data["take_back"]
    try:
        if take_back:
            services.year_unpublish(year=year, actor=request.user)
        else:
            services.year_publish(year=year, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('sales:reports')}?year={year}")
    messages.success(request, _("The public page was updated."))
    return redirect("sales:public")
