"""The catalog's writes: products and what belongs to them (products), editing and the review
of edits to published products (editing), the mail of review decisions (notify), and the
markets where a product is delivered or adopted (markets)."""

from edcluster.catalog.services.editing import (
    DIRECT,
    REVIEWED,
    product_update,
    revision_approve,
    revision_fields,
    revision_return,
)
from edcluster.catalog.services.markets import market_add
from edcluster.catalog.services.notify import revision_notify
from edcluster.catalog.services.products import (
    EDITABLE,
    NOT_EDITABLE,
    RELATIONS,
    RESERVED_SLUGS,
    index_later,
    offering_cancel,
    offering_save,
    product_archive,
    product_create,
    product_owner_add,
    product_owner_remove,
    product_partners_set,
    product_publish,
    product_return,
    product_stage_and_partners_set,
    product_stage_set,
    product_submit,
    removal_record,
)

__all__ = [
    "DIRECT",
    "EDITABLE",
    "NOT_EDITABLE",
    "RELATIONS",
    "RESERVED_SLUGS",
    "REVIEWED",
    "index_later",
    "market_add",
    "offering_cancel",
    "offering_save",
    "product_archive",
    "product_create",
    "product_owner_add",
    "product_owner_remove",
    "product_partners_set",
    "product_publish",
    "product_return",
    "product_stage_and_partners_set",
    "product_stage_set",
    "product_submit",
    "product_update",
    "removal_record",
    "revision_approve",
    "revision_fields",
    "revision_notify",
    "revision_return",
]
