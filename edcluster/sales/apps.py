from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "edcluster.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from edcluster.core import sections
        from edcluster.core.demo import demo_seeder_register
        from edcluster.sales.demo import demo_sales_seeder
        from edcluster.sales.sections import product_order_training, request_orders
        from edcluster.sales.views.orders import order_page

        demo_seeder_register("sales.orders", demo_sales_seeder)
        sections.register(
            "catalog.product",
            name="sales.order_training",
            order=80,
            template="sales/product_section.html",
            context=product_order_training,
        )
        sections.register(
            "demand.request",
            name="sales.orders",
            order=30,
            template="sales/request_section.html",
            context=request_orders,
        )
        # The order page, for the apps above that add sections to it (quality's feedback) and
        # show it again with their form's errors.
        sections.register_page("sales.order", order_page)
