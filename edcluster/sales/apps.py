from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "edcluster.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from edcluster.core.demo import demo_seeder_register
        from edcluster.sales.demo import demo_sales_seeder

        demo_seeder_register("sales.orders", demo_sales_seeder)
