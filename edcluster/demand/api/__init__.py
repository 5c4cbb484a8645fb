"""The demand API under /api/demand/: one router per topic."""

from ninja import Router

from edcluster.demand.api import analytics, ingest, postings, requests

router = Router(tags=["demand"])
for topic in (ingest, postings, analytics, requests):
    router.add_router("", topic.router)
