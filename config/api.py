"""The JSON API: one router per app under /api/<app>/, OpenAPI at /api/openapi.json."""

from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from edcluster.accounts.api import router as accounts_router
from edcluster.accounts.auth import REQUIRED
from edcluster.catalog.api import router as catalog_router
from edcluster.catalog.api_exchange import router as catalog_exchange_router
from edcluster.catalog.api_revisions import router as catalog_revisions_router
from edcluster.catalog.api_runs import router as catalog_runs_router
from edcluster.core.api import install_body_limits, install_error_handlers
from edcluster.core.api import router as core_router
from edcluster.demand.api import router as demand_router
from edcluster.matching.api import router as matching_router
from edcluster.mobility.api import router as mobility_router
from edcluster.organizations.api import router as organizations_router
from edcluster.partnerships.api import router as partnerships_router
from edcluster.projects.api import router as projects_router
from edcluster.quality.api import router as quality_router
from edcluster.sales.api import router as sales_router
from edcluster.skills.api import router as skills_router


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """ninja's `<module>_<function>`, with the topic module of an app's `api` package left
        out: splitting an app's api.py into a package keeps every operation id."""
        module, package, _topic = operation.view_func.__module__.partition(".api.")
        return f"{module}{'.api' if package else ''}_{operation.view_func.__name__}".replace(
            ".", "_"
        )


api = Api(
    title="edcluster API",
    version="1",
    description=(
        "API of the territorial educational cluster platform. Authenticate with a personal "
        "token (`Authorization: Bearer edc_…`, created on your account page) or the browser "
        "session. Errors are JSON: `detail`, and `errors` naming each bad field."
    ),
    auth=REQUIRED,
    # Never persistAuthorization: it keeps the Bearer token in the browser's localStorage.
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_decorator=csp_override({"style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}),
    urls_namespace="api",
)
install_error_handlers(api)
install_body_limits(api)
api.add_router("/accounts/", accounts_router)
api.add_router("/organizations/", organizations_router)
api.add_router("/catalog/", catalog_router)
api.add_router("/catalog/", catalog_exchange_router)
api.add_router("/catalog/", catalog_revisions_router)
api.add_router("/catalog/", catalog_runs_router)
api.add_router("/skills", skills_router)
api.add_router("/demand/", demand_router)
api.add_router("/matching/", matching_router)
api.add_router("/partnerships/", partnerships_router)
api.add_router("/projects/", projects_router)
api.add_router("/mobility/", mobility_router)
api.add_router("/quality/", quality_router)
api.add_router("/sales/", sales_router)
api.add_router("/core/", core_router)
