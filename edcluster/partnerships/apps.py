from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "edcluster.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from edcluster.core import schedule
        from edcluster.core.demo import demo_seeder_register
        from edcluster.partnerships.demo import demo_agreements_seeder
        from edcluster.partnerships.selectors import country_map  # noqa: F401 (registers its source)

        demo_seeder_register("partnerships.agreements", demo_agreements_seeder)
        schedule.register(
            "partnerships_expiry",
            cron="0 7 * * *",
            command="partnerships_expiry",
            doc="Agreements past their end marked expired; editors reminded 90 and 30 days before.",
        )
