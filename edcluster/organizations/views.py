from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.accounts.selectors import (
    can_edit_organization,
    can_manage_members,
    membership_list,
)
from edcluster.accounts.services import membership_remove
from edcluster.core.concurrency import EditConflict
from edcluster.core.forms import add_service_errors
from edcluster.core.http import HttpRequest
from edcluster.core.ratelimit import page_status
from edcluster.core.selectors import is_operator, require_operator
from edcluster.organizations import selectors, services
from edcluster.organizations.forms import (
    DirectoryFilterForm,
    JoinForm,
    MemberForm,
    OrganizationForm,
    StatusForm,
)
from edcluster.organizations.services import JOIN


def directory(request: HttpRequest) -> HttpResponse:
    """The public members directory; the results part refreshes by htmx as filters change."""
    form = DirectoryFilterForm(request.GET or None, operator=is_operator(user=request.user))
    organizations = selectors.organization_list(viewer=request.user, **form.filters())
    page = Paginator(organizations, 24).get_page(request.GET.get("page"))
    template = "organizations/directory.html" + ("#results" if request.htmx else "")
    return TemplateResponse(request, template, {"form": form, "page": page})


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organization's profile; its staff and operators also see people and history."""
    organization = selectors.access_organization(user=request.user, slug=slug)
    user = request.user
    insider = selectors.is_insider(user=user, organization=organization)
    context = {
        "organization": organization,
        "can_edit": can_edit_organization(user=user, organization=organization),
        "can_manage": can_manage_members(user=user, organization=organization),
        "insider": insider,
        "history": selectors.status_history(organization=organization) if insider else None,
        "people": membership_list(organization=organization) if insider else None,
        "status_form": StatusForm(current=organization.status) if is_operator(user=user) else None,
    }
    return TemplateResponse(request, "organizations/detail.html", context)


@login_required
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Edit the profile; bad input shows the form again with the messages, nothing saved."""
    organization = selectors.access_organization(user=request.user, slug=slug, for_write=True)
    form = OrganizationForm(
        request.POST or None, instance=organization, operator=is_operator(user=request.user)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                organization=organization,
                actor=request.user,
                fields=form.changed_fields(),
                expected_version=form.expected_version(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            status = 409 if isinstance(error, EditConflict) else 400
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("organizations:detail", slug=organization.slug)
    status = 400 if form.errors and status == 200 else status
    return TemplateResponse(
        request,
        "organizations/edit.html",
        {"form": form, "organization": organization},
        status=status,
    )


def join(request: HttpRequest) -> HttpResponse:
    """The public application form; the applicant becomes the organization's administrator.

    A new applicant is asked to confirm their address; one whose address is registered gets
    the same page (its owner a mail). Each address sends `JOIN` applications at most."""
    signed_in = request.user.is_authenticated
    form = JoinForm(request.POST or None, signed_in=signed_in)
    if request.method == "POST" and form.is_valid():
        try:
            JOIN.hit(request=request)
            organization = services.organization_apply(
                fields=form.changed_fields(),
                applicant=request.user if request.user.is_authenticated else None,
                **form.administrator(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context = {"organization": organization, "form": form, "signed_in": signed_in}
            return TemplateResponse(request, "organizations/join_done.html", context)
    return TemplateResponse(
        request, "organizations/join.html", {"form": form}, status=page_status(form)
    )


@login_required
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Operators' queue of applications waiting for a decision."""
    applications = selectors.applications_pending(viewer=request.user)
    return TemplateResponse(
        request,
        "organizations/review.html",
        {"applications": applications.prefetch_related("memberships__user")},
    )


@login_required
@require_POST
def change_status(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Operators admit, decline, suspend or mark an organization as left."""
    organization = selectors.access_organization(user=request.user, slug=slug)
    require_operator(user=request.user)  # before the form: a refusal says nothing of the choices
    form = StatusForm(request.POST, current=organization.status)
    if form.is_valid():
        try:
            services.organization_change_status(
                organization=organization,
                to_status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
    else:
        organization.refresh_from_db()
        messages.success(
            request,
            _("%(name)s is now %(status)s.")
            % {"name": organization.name, "status": organization.get_status_display()},
        )
    return redirect("organizations:detail", slug=organization.slug)


@login_required
def members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organization's administrators add people, change and remove roles."""
    organization = selectors.access_organization(user=request.user, slug=slug, for_members=True)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_invite(
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("organizations:members", slug=slug)
    return TemplateResponse(
        request,
        "organizations/members.html",
        {
            "organization": organization,
            "people": membership_list(organization=organization),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Remove one person; the last administrator stays."""
    organization = selectors.access_organization(user=request.user, slug=slug, for_members=True)
    membership = get_object_or_404(membership_list(organization=organization), user_id=user_id)
    try:
        membership_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed."))
    return redirect("organizations:members", slug=slug)
