from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "edcluster.organizations"
    label = "organizations"
    verbose_name = _("Cluster members")

    def ready(self) -> None:
        from edcluster.core.demo import demo_seeder_register
        from edcluster.organizations.demo import demo_members_seeder

        demo_seeder_register("organizations.members", demo_members_seeder)
