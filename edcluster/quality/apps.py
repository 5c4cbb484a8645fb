from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "edcluster.quality"
    label = "quality"
    verbose_name = _("Quality")

    def ready(self) -> None:
        from edcluster.core import schedule, sections
        from edcluster.core.demo import demo_seeder_register
        from edcluster.quality import facets
        from edcluster.quality.demo import demo_quality_seeder
        from edcluster.quality.sections import order_feedback, product_quality

        demo_seeder_register("quality.quality", demo_quality_seeder)
        sections.register(
            "catalog.product",
            name="quality.index",
            order=70,
            template="quality/product_section.html",
            context=product_quality,
        )
        sections.register(
            "sales.order",
            name="quality.order_feedback",
            order=50,
            template="quality/order_section.html",
            context=order_feedback,
        )
        facets.register()
        schedule.register(
            "quality_recompute",
            cron="45 3 * * *",
            command="quality_recompute",
            doc="Quality indices of the cycle recomputed: the cluster's mean ratings moved.",
        )
