"""The partnerships API under /api/partnerships/: one router per topic."""

from ninja import Router

from edcluster.partnerships.api import agreements, conditions, partners

router = Router(tags=["partnerships"])
for topic in (partners, agreements, conditions):
    router.add_router("", topic.router)
