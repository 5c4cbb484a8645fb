"""The matching API under /api/matching/: one router per topic (operation ids stay
`edcluster_matching_api_<function>`: config.api leaves the topic module out)."""

from ninja import Router

from edcluster.matching.api import coverage, gaps, offers, proposals, reach, skills

router = Router(tags=["matching"])
for topic in (skills, coverage, gaps, proposals, offers, reach):
    router.add_router("", topic.router)
