"""The mobility API under /api/mobility/: one router per topic."""

from ninja import Router

from edcluster.mobility.api import applications, intakes, signup, stats, stay, work

router = Router(tags=["mobility"])
for topic in (intakes, applications, work, stay, stats, signup):
    router.add_router("", topic.router)
