"""Writes of the partnerships app, by topic; the public names are re-exported here."""

from edcluster.partnerships.services.agreements import (
    PartyIn,
    SignatureIn,
    agreement_amend,
    agreement_create,
    agreement_sign,
    agreement_terminate,
    agreement_update,
    quota_use_set,
    quota_used,
)
from edcluster.partnerships.services.conditions import (
    academic_year_check,
    condition_add,
    condition_delete,
    condition_update,
)
from edcluster.partnerships.services.expiry import agreements_expiry
from edcluster.partnerships.services.facts import (
    agreement_version_facts,
    bilateral_pairs,
    conditions_in_order,
    version_content,
    version_hash,
)
from edcluster.partnerships.services.partners import (
    contact_add,
    contact_remove,
    partner_create,
    partner_update,
    unit_add,
)
from edcluster.partnerships.services.status import (
    AgreementConflict,
    agreement_status_refresh,
    latest_version,
    status_of,
    version_in_effect,
    version_is_frozen,
)

__all__ = [
    "AgreementConflict",
    "PartyIn",
    "SignatureIn",
    "academic_year_check",
    "agreement_amend",
    "agreement_create",
    "agreement_sign",
    "agreement_status_refresh",
    "agreement_terminate",
    "agreement_update",
    "agreement_version_facts",
    "agreements_expiry",
    "bilateral_pairs",
    "condition_add",
    "condition_delete",
    "condition_update",
    "conditions_in_order",
    "contact_add",
    "contact_remove",
    "latest_version",
    "partner_create",
    "partner_update",
    "quota_use_set",
    "quota_used",
    "status_of",
    "unit_add",
    "version_content",
    "version_hash",
    "version_in_effect",
    "version_is_frozen",
]
