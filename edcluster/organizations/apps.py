from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "edcluster.organizations"
    label = "organizations"
    verbose_name = _("Cluster members")

    def ready(self) -> None:
        from edcluster.core import followups
        from edcluster.core.demo import demo_seeder_register
        from edcluster.organizations.demo import demo_members_seeder
        from edcluster.organizations.services import application_confirmed

        demo_seeder_register("organizations.members", demo_members_seeder)
        followups.register(
            followups.ACCOUNT_CONFIRMED, app="organizations", handler=application_confirmed
        )
