"""The quality API under /api/quality/: one router per topic."""

from ninja import Router

from edcluster.quality.api import feedback, reviews

router = Router(tags=["quality"])
for topic in (reviews, feedback):
    router.add_router("", topic.router)
