"""An order's documents on its page: attached (a PDF) and removed by who changes the order,
downloaded by who reads it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.sales import forms, selectors, services
from edcluster.sales.views.orders import order_page


@login_required
@require_POST
def document_add(request: AuthenticatedHttpRequest, order_id: int) -> HttpResponse:
    order = selectors.access_order(user=request.user, order_id=order_id, for_write=True)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                order=order,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document was attached."))
            return redirect("sales:order", order_id=order.pk)
    return order_page(request, order, bound={"document": form}, status=400)


@login_required
def document_download(
    request: AuthenticatedHttpRequest, order_id: int, document_id: int
) -> HttpResponse:
    document = selectors.access_document(
        user=request.user, order_id=order_id, document_id=document_id
    )
    return selectors.document_response(document)


@login_required
@require_POST
def document_remove(
    request: AuthenticatedHttpRequest, order_id: int, document_id: int
) -> HttpResponse:
    document = selectors.access_document(
        user=request.user, order_id=order_id, document_id=document_id, for_write=True
    )
    services.document_remove(document=document, actor=request.user)
    messages.success(request, _("The document was removed."))
    return redirect("sales:order", order_id=order_id)
