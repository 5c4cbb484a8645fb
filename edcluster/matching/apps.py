from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "edcluster.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from edcluster.matching import receivers  # noqa: F401 (connects the receivers)
