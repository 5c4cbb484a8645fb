"""The sales API under /api/sales/: one router per topic."""

from ninja import Router

from edcluster.sales.api import ledger, orders

router = Router(tags=["sales"])
for topic in (orders, ledger):
    router.add_router("", topic.router)
