"""Conditions added and edited by htmx on the agreement page, and signatures: a member's
editor signs for their organization, the keeping member's editor records a partner's."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from edcluster.accounts.auth import AuthenticatedHttpRequest
from edcluster.core.forms import add_service_errors
from edcluster.partnerships import selectors, services
from edcluster.partnerships.forms import ConditionForm, RecordSignatureForm, SignForm
from edcluster.partnerships.services import AgreementConflict


def _conditions_fragment(request, agreement, form, condition=None, status=200) -> HttpResponse:
    """The conditions' list and the form (to add, or to edit one), as the page's fragment."""
    latest = services.latest_version(agreement)
    context = {
        "agreement": agreement,
        "conditions": services.conditions_in_order(latest),
        "condition_form": form,
        "editing": condition,
        "can_edit_conditions": True,
    }
    template = (
        "partnerships/agreement.html#conditions"
        if request.htmx
        else "partnerships/condition_form.html"
    )
    return TemplateResponse(request, template, context, status=status)


def _status(error: ValidationError) -> int:
    return 409 if isinstance(error, AgreementConflict) else 200


@login_required
def condition_new(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """Add a condition to the newest, unsigned version."""
    agreement = selectors.access_agreement(
        user=request.user, agreement_id=agreement_id, for_write=True
    )
    form = ConditionForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.condition_add(
                version=services.latest_version(agreement),
                actor=request.user,
                data=form.data_for_service(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return _conditions_fragment(request, agreement, form, status=_status(error))
        if not request.htmx:
            return redirect("partnerships:agreement", agreement_id=agreement.pk)
        form = ConditionForm(agreement=agreement)
    return _conditions_fragment(request, agreement, form)


@login_required
def condition_edit(request: AuthenticatedHttpRequest, condition_id: int) -> HttpResponse:
    """Change a condition of an unsigned version."""
    condition = selectors.access_condition(
        user=request.user, condition_id=condition_id, for_write=True
    )
    agreement = condition.version.agreement
    initial = ConditionForm.initial_of(condition)
    form = ConditionForm(request.POST or None, agreement=agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.condition_update(
                condition=condition, actor=request.user, data=form.data_for_service()
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return _conditions_fragment(request, agreement, form, condition, status=_status(error))
        if not request.htmx:
            return redirect("partnerships:agreement", agreement_id=agreement.pk)
        return _conditions_fragment(request, agreement, ConditionForm(agreement=agreement))
    return _conditions_fragment(request, agreement, form, condition)


@login_required
@require_POST
def condition_delete(request: AuthenticatedHttpRequest, condition_id: int) -> HttpResponse:
    condition = selectors.access_condition(
        user=request.user, condition_id=condition_id, for_write=True
    )
    agreement = condition.version.agreement
    try:
        services.condition_delete(condition=condition, actor=request.user)
    except AgreementConflict as error:
        form = ConditionForm(agreement=agreement)
        add_service_errors(form, error)
        return _conditions_fragment(request, agreement, form, status=409)
    if not request.htmx:
        return redirect("partnerships:agreement", agreement_id=agreement.pk)
    return _conditions_fragment(request, agreement, ConditionForm(agreement=agreement))


def _initial(version, parties: list) -> dict:
    """The hash approved, today, and the party when only one may be signed for."""
    initial = {"version_hash": services.version_hash(version), "signed_on": timezone.localdate()}
    if len(parties) == 1:
        initial["party"] = parties[0].pk
    return initial


def _sign_page(request, agreement, *, on_behalf: bool) -> HttpResponse:
    version = services.latest_version(agreement)
    signed = set(version.signatures.values_list("party_id", flat=True))
    if on_behalf:
        if not selectors.can_edit_agreement(user=request.user, agreement=agreement):
            raise PermissionDenied
        parties = [
            p
            for p in agreement.parties.select_related("organization")
            if not selectors.has_staff(p.organization)
        ]
        form_class: type[SignForm] = RecordSignatureForm
    else:
        parties = [
            p
            for p in selectors.parties_signable_by(user=request.user, agreement=agreement)
            if selectors.has_staff(p.organization)
        ]
        form_class = SignForm
    if not parties:
        raise PermissionDenied
    parties = [party for party in parties if party.pk not in signed] or parties
    initial = _initial(version, parties)
    form = form_class(request.POST or None, request.FILES or None, parties=parties, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        party, pdf = data.pop("party"), data.pop("pdf", None)
        try:
            if on_behalf:
                party = selectors.access_party_on_behalf(
                    user=request.user, agreement=agreement, party_id=party.pk
                )
            else:
                party = selectors.access_party_to_sign(
                    user=request.user, agreement=agreement, party_id=party.pk
                )
            services.agreement_sign(
                version=version,
                party=party,
                actor=request.user,
                signature=services.SignatureIn(**data),
                on_behalf=on_behalf,
                pdf=pdf,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            status = _status(error)
        else:
            return redirect("partnerships:agreement", agreement_id=agreement.pk)
    context = {
        "form": form,
        "agreement": agreement,
        "version": version,
        "on_behalf": on_behalf,
        "conditions": services.conditions_in_order(version),
        "hash": initial["version_hash"],
    }
    return TemplateResponse(request, "partnerships/sign.html", context, status=status)


@login_required
def agreement_sign(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """Sign the newest version for an organization one edits, approving its hash."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    return _sign_page(request, agreement, on_behalf=False)


@login_required
def signature_record(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    """Record the signature of a partner with no staff here, with the signed copy."""
    agreement = selectors.access_agreement(user=request.user, agreement_id=agreement_id)
    return _sign_page(request, agreement, on_behalf=True)
