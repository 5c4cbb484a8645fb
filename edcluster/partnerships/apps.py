from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "edcluster.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from edcluster.core import followups, schedule
        from edcluster.core.demo import demo_seeder_register
        from edcluster.partnerships.demo import demo_agreements_seeder
        from edcluster.partnerships.selectors import country_map  # noqa: F401 (registers its source)
        from edcluster.partnerships.tasks import partner_place_changed

        demo_seeder_register("partnerships.agreements", demo_agreements_seeder)
        followups.register(
            followups.ORGANIZATION_PLACE_CHANGED, app="partnerships", handler=partner_place_changed
        )
        schedule.register(
            "partnerships_expiry",
            cron="0 7 * * *",
            command="partnerships_expiry",
            doc="Agreements past their end marked expired; editors reminded 90 and 30 days before.",
        )
