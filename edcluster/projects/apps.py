from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "edcluster.projects"
    label = "projects"
    verbose_name = _("Joint projects")

    def ready(self) -> None:
        from edcluster.core import sections
        from edcluster.core.demo import demo_seeder_register
        from edcluster.projects.demo import demo_projects_seeder
        from edcluster.projects.sections import agreement_programmes, product_projects

        demo_seeder_register("projects.projects", demo_projects_seeder)
        sections.register(
            "catalog.product",
            name="projects.projects",
            order=60,
            template="projects/product_section.html",
            context=product_projects,
        )
        sections.register(
            "partnerships.agreement",
            name="projects.programmes",
            order=60,
            template="projects/agreement_section.html",
            context=agreement_programmes,
        )
