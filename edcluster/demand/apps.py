from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandConfig(AppConfig):
    name = "edcluster.demand"
    label = "demand"
    verbose_name = _("Market demand")

    def ready(self) -> None:
        from edcluster.core import sections
        from edcluster.core.demo import demo_seeder_register
        from edcluster.demand.demo import demo_postings_seeder, demo_requests_seeder
        from edcluster.demand.views import request_page

        # postings first: their rollups do not depend on requests, and the order is the output's
        demo_seeder_register("demand.postings", demo_postings_seeder)
        demo_seeder_register("demand.requests", demo_requests_seeder)
        sections.register_page("demand.request", request_page)
