from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic.base import RedirectView

from config.api import api
from edcluster.core.views import health
from edcluster.workspaces.views import home

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health", health, name="health"),
    # Browsers ask for /favicon.ico whatever the page says: a 404 on every first visit otherwise.
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"/{settings.STATIC_URL.strip('/')}/favicon.svg"),
        name="favicon",
    ),
]
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("", include("edcluster.core.urls")),
    path("accounts/", include("edcluster.accounts.urls")),
    path("organizations/", include("edcluster.organizations.urls")),
    path("catalog/", include("edcluster.catalog.urls")),
    path("skills/", include("edcluster.skills.urls")),
    path("demand/", include("edcluster.demand.urls")),
    path("matching/", include("edcluster.matching.urls")),
    path("partnerships/", include("edcluster.partnerships.urls")),
    path("projects/", include("edcluster.projects.urls")),
    path("mobility/", include("edcluster.mobility.urls")),
    path("quality/", include("edcluster.quality.urls")),
    path("sales/", include("edcluster.sales.urls")),
    path("admin/", admin.site.urls),
)
