"""The sales API under /api/sales/: one router per topic."""

from ninja import Router

from edcluster.sales.api import documents, ledger, orders

router = Router(tags=["sales"])
for topic in (orders, ledger, documents):
    router.add_router("", topic.router)
