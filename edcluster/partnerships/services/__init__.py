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
)
from edcluster.partnerships.services.iia import (
    agreement_iia_xml,
    agreement_iias,
    iias_export,
    pair_hash,
    version_hash,
    version_iias,
)
from edcluster.partnerships.services.iia_import import (
    IiaOutcome,
    agreement_version_propose,
    iia_import,
)
from edcluster.partnerships.services.map_summary import map_summary_rebuild, map_summary_refresh
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
    "IiaOutcome",
    "PartyIn",
    "SignatureIn",
    "academic_year_check",
    "agreement_amend",
    "agreement_create",
    "agreement_iia_xml",
    "agreement_iias",
    "agreement_sign",
    "agreement_status_refresh",
    "agreement_terminate",
    "agreement_update",
    "agreement_version_facts",
    "agreement_version_propose",
    "agreements_expiry",
    "bilateral_pairs",
    "condition_add",
    "condition_delete",
    "condition_update",
    "conditions_in_order",
    "contact_add",
    "contact_remove",
    "iia_import",
    "iias_export",
    "latest_version",
    "map_summary_rebuild",
    "map_summary_refresh",
    "pair_hash",
    "partner_create",
    "partner_update",
    "quota_use_set",
    "quota_used",
    "status_of",
    "unit_add",
    "version_hash",
    "version_iias",
    "version_in_effect",
    "version_is_frozen",
]
