from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "edcluster.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        """Matching's links to the apps below it, made explicit: its sections of their pages,
        its handler of the catalog's follow-up, and its scheduled work."""
        from edcluster.core import followups, schedule
        from edcluster.matching import sections
        from edcluster.matching.services.offers import asks_release
        from edcluster.matching.services.product_skills import products_relink

        sections.register()
        followups.register(
            followups.PRODUCT_OUTCOMES_CHANGED, app="matching", handler=products_relink
        )
        followups.register(followups.ORGANIZATION_ADMITTED, app="matching", handler=asks_release)
        schedule.register(
            "matching_recompute",
            cron="30 2 * * *",
            command="matching_recompute",
            doc="nightly: link products whose outcomes changed, recount the demand they meet",
        )
        schedule.register(
            "matching_draft_proposals",
            cron="0 6 * * 1",
            command="matching_draft_proposals",
            doc="weekly: draft proposals for the skill groups with the most uncovered demand",
        )
