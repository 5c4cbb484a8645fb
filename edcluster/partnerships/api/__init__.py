"""The partnerships API under /api/partnerships/: one router per topic."""

from ninja import Router

from edcluster.partnerships.api import agreements, conditions, country_map, partners

router = Router(tags=["partnerships"])
for topic in (partners, agreements, conditions, country_map):
    router.add_router("", topic.router)
