"""What the agreement page shows, shared by the views that render it again with a form."""

from django.template.loader import render_to_string

from edcluster.partnerships import selectors, services
from edcluster.partnerships.forms import AmendForm, ConditionForm, QuotaForm


def agreement_context(request, agreement, **forms) -> dict:
    """The agreement, its version in effect and its newest version with conditions and
    signatures, and what the viewer may do."""
    user = request.user
    selectors.parties_prefetch([agreement])  # read by the table, the pairs, the hash, signing
    versions = selectors.agreement_page_versions(agreement=agreement)
    latest = versions[0]
    in_effect = next((version for version in versions if version.approved_at), None)
    editable = selectors.organizations_editable(user=user)  # one query for every question
    can_edit = selectors.can_edit_agreement(user=user, agreement=agreement, editable=editable)
    live = agreement.status not in (agreement.Status.TERMINATED, agreement.Status.EXPIRED)
    signed = {signature.party_id for signature in latest.signatures.all()}
    frozen = bool(signed)
    parties = selectors.agreement_parties(agreement=agreement)
    staffed = selectors.organizations_with_staff([party.organization_id for party in parties])
    signable = [
        party
        for party in selectors.parties_signable_by(
            user=user, agreement=agreement, editable=editable
        )
        if party.pk not in signed and party.organization_id in staffed
    ]
    on_behalf = [
        party
        for party in parties
        if party.pk not in signed and party.organization_id not in staffed
    ]
    quota_form = forms.get("quota_form") or QuotaForm()
    return {
        "agreement": agreement,
        "parties": parties,
        "latest": latest,
        "in_effect": in_effect,
        "older": versions[1:],
        "conditions": services.conditions_in_order(latest),
        "frozen": frozen,
        "hash": services.version_hash(latest),
        "can_edit": can_edit and live,
        "can_sign": live and bool(signable),
        "can_record": live and can_edit and bool(on_behalf),
        "can_amend": live and can_edit and frozen,
        "can_edit_conditions": live and can_edit and not frozen,
        "condition_form": (
            ConditionForm(agreement=agreement, parties=parties) if can_edit and not frozen else None
        ),
        "amend_form": forms.get("amend_form") or AmendForm(),
        "quota_form": quota_form,
        # the same fields under every condition: rendered once (widgets render by template)
        "quota_fields": render_to_string("form_fields.html", {"form": quota_form}),
        "quota_condition": forms.get("quota_condition"),
        "used": services.quota_used(agreement),  # of every version: one sum
    }
