"""The projects API under /api/projects/: one router per topic."""

from ninja import Router

from edcluster.projects.api import lines, projects

router = Router(tags=["projects"])
for topic in (projects, lines):
    router.add_router("", topic.router)
