from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemandConfig(AppConfig):
    name = "edcluster.demand"
    label = "demand"
    verbose_name = _("Market demand")

    def ready(self) -> None:
        from edcluster.core import sections
        from edcluster.demand.views import request_page

        sections.register_page("demand.request", request_page)
