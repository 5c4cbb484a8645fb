from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityConfig(AppConfig):
    name = "edcluster.mobility"
    label = "mobility"
    verbose_name = _("Mobility")

    def ready(self) -> None:
        from edcluster.core import schedule
        from edcluster.core.demo import demo_seeder_register
        from edcluster.mobility import checks  # noqa: F401  (registers the system checks)
        from edcluster.mobility.demo import demo_mobility_seeder

        demo_seeder_register("mobility.applications", demo_mobility_seeder)
        schedule.register(
            "mobility_deadlines",
            cron="0 8 * * *",
            command="mobility_deadlines",
            doc="Remind applicants and host offices of deadlines 7, 3 and 1 days before and at "
            "a breach, each once.",
        )
