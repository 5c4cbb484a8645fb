from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "edcluster.catalog"
    label = "catalog"
    verbose_name = _("Catalog of educational products")

    def ready(self) -> None:
        """The signal receivers, and the catalog's scheduled work."""
        from edcluster.catalog import sections, signals  # noqa: F401 (connects the receivers)
        from edcluster.catalog.demo import demo_catalog_seeder
        from edcluster.core.demo import demo_seeder_register

        demo_seeder_register("catalog.products", demo_catalog_seeder)
        sections.register()  # the organization page's products

        from edcluster.core import schedule

        schedule.register(
            "catalog_import_purge",
            cron="15 3 * * *",
            command="catalog_import_purge",
            doc="nightly: remove uploaded import files older than CATALOG_IMPORT_KEEP_DAYS",
        )
        schedule.register(
            "catalog_reindex_missing",
            cron="20 * * * *",
            command="catalog_reindex",
            args=("--missing",),
            doc="hourly: queue the products missing from the search index (a lost task)",
        )
