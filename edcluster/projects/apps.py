from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "edcluster.projects"
    label = "projects"
    verbose_name = _("Joint projects")

    def ready(self) -> None:
        from edcluster.core import lookups, sections
        from edcluster.core.demo import demo_seeder_register
        from edcluster.partnerships.selectors import country_map
        from edcluster.projects import country_map as projects_map
        from edcluster.projects.demo import demo_projects_seeder
        from edcluster.projects.sections import (
            agreement_programmes,
            product_projects,
            proposal_project,
        )
        from edcluster.projects.selectors import product_makers

        demo_seeder_register("projects.projects", demo_projects_seeder)
        lookups.register(lookups.PRODUCT_MAKERS, app="projects", answer=product_makers)
        country_map.register(projects_map.SOURCE)
        sections.register(
            "catalog.product",
            name="projects.projects",
            order=60,
            template="projects/product_section.html",
            context=product_projects,
        )
        sections.register(
            "matching.proposal",
            name="projects.start",
            order=60,
            template="projects/proposal_section.html",
            context=proposal_project,
        )
        sections.register(
            "partnerships.agreement",
            name="projects.programmes",
            order=60,
            template="projects/agreement_section.html",
            context=agreement_programmes,
        )
