from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "edcluster.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        """The kernel's scheduled work."""
        from edcluster.core import schedule

        schedule.register(
            "runs_sweep",
            cron="*/5 * * * *",
            command="runs_sweep",
            doc="every five minutes: mark interrupted the runs whose process died (core.runs)",
        )


class OperatorAdminConfig(admin_apps.AdminConfig):
    """Django admin, opened to the Management Company's operators rather than to is_staff."""

    default = False
    default_site = "edcluster.core.admin_site.OperatorAdminSite"
