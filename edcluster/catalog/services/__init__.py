"""The catalog's writes: products and what belongs to them (products), editing and the review
of edits to published products (editing), and the mail of review decisions (notify)."""

from edcluster.catalog.services.editing import (
    DIRECT,
    REVIEWED,
    product_update,
    revision_approve,
    revision_fields,
    revision_return,
)
from edcluster.catalog.services.notify import revision_notify
from edcluster.catalog.services.products import (
    EDITABLE,
    NOT_EDITABLE,
    RELATIONS,
    RESERVED_SLUGS,
    index_later,
    offering_save,
    product_archive,
    product_create,
    product_owner_add,
    product_owner_remove,
    product_publish,
    product_return,
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
    "offering_save",
    "product_archive",
    "product_create",
    "product_owner_add",
    "product_owner_remove",
    "product_publish",
    "product_return",
    "product_stage_set",
    "product_submit",
    "product_update",
    "removal_record",
    "revision_approve",
    "revision_fields",
    "revision_notify",
    "revision_return",
]
