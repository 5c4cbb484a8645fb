"""The partnerships pages, by topic."""

from edcluster.partnerships.views.agreements import (
    agreement_amend,
    agreement_detail,
    agreement_edit,
    agreement_history,
    agreement_iia,
    agreement_list,
    agreement_new,
    agreement_pdf,
    agreement_terminate,
    quota_set,
    signature_pdf,
)
from edcluster.partnerships.views.country_map import partner_map, partner_map_export
from edcluster.partnerships.views.partners import (
    contact_remove,
    partner_contact_add,
    partner_detail,
    partner_edit,
    partner_list,
    partner_new,
    partner_unit_add,
)
from edcluster.partnerships.views.signing import (
    agreement_sign,
    condition_delete,
    condition_edit,
    condition_new,
    signature_record,
)

__all__ = [
    "agreement_amend",
    "agreement_detail",
    "agreement_edit",
    "agreement_history",
    "agreement_iia",
    "agreement_list",
    "agreement_new",
    "agreement_pdf",
    "agreement_sign",
    "agreement_terminate",
    "condition_delete",
    "condition_edit",
    "condition_new",
    "contact_remove",
    "partner_contact_add",
    "partner_detail",
    "partner_edit",
    "partner_list",
    "partner_map",
    "partner_map_export",
    "partner_new",
    "partner_unit_add",
    "quota_set",
    "signature_pdf",
    "signature_record",
]
