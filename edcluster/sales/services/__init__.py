"""The sales app's writes, by topic: `orders` (orders, sellers, lines, status, payments),
`rates` (the Bank of Russia's rates), `rollups` (the reports' rollups) and `flows`."""

from edcluster.sales.services.documents import (
    MAX_DOCUMENT_BYTES,
    document_add,
    document_remove,
)
from edcluster.sales.services.licences import (
    licence_activate,
    licence_create,
    licence_end,
    licence_update,
)
from edcluster.sales.services.orders import (
    MOVES,
    OrderConflict,
    buyer_fields,
    line_add,
    line_remove,
    line_update,
    lines_add,
    order_create,
    order_move,
    order_rules,
    order_update,
    owners_shares,
    payment_add,
    payment_remove,
    sellers_set,
)
from edcluster.sales.services.publication import year_publish, year_unpublish
from edcluster.sales.services.rates import RatesFileError, rates_import, rates_parse
from edcluster.sales.services.rollups import rollups_rebuild
from edcluster.sales.services.training import training_order

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "document_add",
    "document_remove",
    "MOVES",
    "OrderConflict",
    "RatesFileError",
    "buyer_fields",
    "licence_activate",
    "licence_create",
    "licence_end",
    "licence_update",
    "line_add",
    "lines_add",
    "line_remove",
    "line_update",
    "order_create",
    "order_move",
    "order_rules",
    "order_update",
    "owners_shares",
    "payment_add",
    "payment_remove",
    "rates_import",
    "rates_parse",
    "rollups_rebuild",
    "sellers_set",
    "training_order",
    "year_publish",
    "year_unpublish",
]
