from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "edcluster.catalog"
    label = "catalog"
    verbose_name = _("Catalog of educational products")

    def ready(self) -> None:
        from edcluster.catalog import signals  # noqa: F401 (connects the receivers)
        from edcluster.catalog.demo import demo_catalog_seeder
        from edcluster.core.demo import demo_seeder_register

        demo_seeder_register("catalog.products", demo_catalog_seeder)
