"""The catalog's rows of the authorization matrix (config/tests/test_authorization_matrix.py):
who may call each of its pages and API operations, and what its rows need in the shared
context (`arrange`)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from edcluster.catalog import services as catalog
from edcluster.catalog.imports import import_run, import_start
from edcluster.catalog.models import ImportRun, Product
from edcluster.organizations.tests.authorization import W_ORG
from edcluster.organizations.tests.factories import organization_make
from edcluster.testing.authorization import EDITOR, OPERATOR, Case, Context, everyone, statuses


def product_state(ctx: Context) -> tuple:
    product = Product.objects.get(pk=ctx.product.pk)
    return (
        product.title_en,
        product.status,
        product.stage,
        product.ownerships.count(),
        tuple(product.offerings.values_list("place", "starts_on")),
    )


def new_product_form(ctx: Context, persona: str) -> dict:
    # The outsider edits for Globex, so it may create there but not for Acme: its choice of
    # "acme" is refused by the form (400 with the message) and Acme's products stay as they are.
    return {"owner": "acme", "kind": "module", "title_ru": "Модуль", "outcomes": "Умеет"}


# A draft is seen by its owners' staff and operators; anyone else gets 404.
DRAFT_READ = statuses(404, 404, 200, 200, 200, 200)
OFFERING = {
    "starts_on": "2027-09-01",
    "ends_on": "2027-12-20",
    "place": "Томск, пр. Ленина 36",
    "seats": 25,
}
W_RUN = {EDITOR, OPERATOR}  # an import run is its author's (and the operators')
RUN_READ = statuses(302, 404, 404, 200, 404, 200)
CSV_FILE = (
    b"external_id,kind,title_ru\nx-1,module,\xd0\x9c\xd0\xbe\xd0\xb4\xd1\x83\xd0\xbb\xd1\x8c\n"
)


def runs(ctx: Context) -> int:
    return ImportRun.objects.count()


def upload(ctx: Context, persona: str) -> dict:
    return {
        "file": SimpleUploadedFile("catalog.csv", CSV_FILE),
        "owner": "acme",
        "encoding": "utf-8",
    }


def arrange(ctx: Context) -> None:
    """Acme's draft course (co-owned by Initech, a partner with no persona in it, so that
    co-ownership changes nobody's rights here), its offering, and an import's preview."""
    editor = ctx.users[EDITOR]
    ctx.product = catalog.product_create(
        owner=ctx.organization,
        actor=editor,
        fields={"kind": "mooc", "title_en": "Draft course", "summary_en": "Summary"},
        outcomes=[("Explains the basics", "en")],
    )
    catalog.product_owner_add(
        product=ctx.product, organization=organization_make("initech"), actor=editor
    )
    offering = catalog.offering_save(
        product=ctx.product,
        actor=editor,
        fields={"starts_on": date(2027, 2, 1), "ends_on": date(2027, 3, 1), "is_online": True},
    )
    ctx.offering_id = offering.pk
    ctx.run_id = import_run(
        run=import_start(
            actor=editor,
            data=CSV_FILE,
            file_name="catalog.csv",
            owner=ctx.organization,
            enqueue=False,
        )
    ).pk


PAGES: dict[str, list[Case]] = {
    "catalog:catalog": [Case("GET", lambda ctx: "/en/catalog/", everyone(200))],
    "catalog:product": [Case("GET", lambda ctx: f"/en/catalog/{ctx.product.slug}/", DRAFT_READ)],
    "catalog:new": [
        Case("GET", lambda ctx: "/en/catalog/new/", statuses(302, 200, 403, 200, 200, 200)),
        Case(
            "POST",
            lambda ctx: "/en/catalog/new/",
            statuses(302, 400, 403, 302, 302, 302),
            state=lambda ctx: Product.objects.filter(ownerships__organization__slug="acme").count(),
            writers=W_ORG,
            data=new_product_form,
        ),
    ],
    "catalog:edit": [
        Case(
            "GET",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/edit/",
            statuses(302, 404, 403, 200, 200, 200),
        ),
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/edit/",
            statuses(302, 404, 403, 302, 302, 302),
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"kind": "mooc", "title_en": "Renamed", "outcomes": "x"},
        ),
    ],
    "catalog:product_review": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/review/",
            statuses(302, 404, 403, 302, 302, 302),
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"action": "submit"},
        )
    ],
    "catalog:review": [
        Case("GET", lambda ctx: "/en/catalog/review/", statuses(302, 403, 403, 403, 403, 200))
    ],
    "catalog:export": [Case("GET", lambda ctx: "/en/catalog/export/csv/", everyone(200))],
    "catalog:import": [
        Case("GET", lambda ctx: "/en/catalog/import/", statuses(302, 200, 403, 200, 200, 200)),
        # The outsider edits Globex only: its choice of Acme is refused by the form.
        Case(
            "POST",
            lambda ctx: "/en/catalog/import/",
            statuses(302, 400, 403, 302, 302, 302),
            state=runs,
            writers=W_ORG,
            data=upload,
        ),
    ],
    "catalog:import_run": [Case("GET", lambda ctx: f"/en/catalog/import/{ctx.run_id}/", RUN_READ)],
    "catalog:import_confirm": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/import/{ctx.run_id}/confirm/",
            statuses(302, 404, 404, 302, 404, 302),
            state=runs,
            writers=W_RUN,
        )
    ],
    # The context's run is done: its author and operators are told it cannot resume, and it
    # has no other encoding to try (test_import_limits.py resumes and retries real ones).
    "catalog:import_resume": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/import/{ctx.run_id}/resume/",
            statuses(302, 404, 404, 302, 404, 302),
        )
    ],
    "catalog:import_retry": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/import/{ctx.run_id}/retry/",
            statuses(302, 404, 404, 302, 404, 302),
        )
    ],
}

API: dict[str, list[Case]] = {
    "GET /api/catalog/products": [Case("GET", lambda ctx: "/api/catalog/products", everyone(200))],
    "GET /api/catalog/export": [
        Case("GET", lambda ctx: "/api/catalog/export?format=elm", everyone(200))
    ],
    "GET /api/catalog/products-removed": [
        Case(
            "GET",
            lambda ctx: "/api/catalog/products-removed?since=2026-01-01T00:00:00Z",
            everyone(200),
        )
    ],
    "POST /api/catalog/imports": [
        Case(
            "POST",
            lambda ctx: "/api/catalog/imports",
            statuses(401, 403, 403, 202, 202, 202),
            state=runs,
            writers=W_ORG,
            data=upload,
        )
    ],
    "GET /api/catalog/imports": [
        Case("GET", lambda ctx: "/api/catalog/imports", statuses(401, 200, 200, 200, 200, 200))
    ],
    "GET /api/catalog/imports/{run_id}": [
        Case(
            "GET",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}",
            statuses(401, 404, 404, 200, 404, 200),
        )
    ],
    "GET /api/catalog/imports/{run_id}/errors": [
        Case(
            "GET",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}/errors",
            statuses(401, 404, 404, 200, 404, 200),
        )
    ],
    "GET /api/catalog/imports/{run_id}/actions": [
        Case(
            "GET",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}/actions",
            statuses(401, 404, 404, 200, 404, 200),
        )
    ],
    "POST /api/catalog/imports/{run_id}/resume": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}/resume",
            statuses(401, 404, 404, 400, 404, 400),
        )
    ],
    "POST /api/catalog/imports/{run_id}/confirm": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/imports/{ctx.run_id}/confirm",
            statuses(401, 404, 404, 202, 404, 202),
            state=runs,
            writers=W_RUN,
        )
    ],
    "GET /api/catalog/suggest": [
        Case("GET", lambda ctx: "/api/catalog/suggest?q=prog", everyone(200))
    ],
    "POST /api/catalog/products": [
        Case(
            "POST",
            lambda ctx: "/api/catalog/products",
            statuses(401, 403, 403, 201, 201, 201),
            json=True,
            state=lambda ctx: Product.objects.count(),
            writers=W_ORG,
            data=lambda ctx, persona: {"owner": "acme", "kind": "module", "title_ru": "Модуль"},
        )
    ],
    "GET /api/catalog/products/{slug}": [
        Case("GET", lambda ctx: f"/api/catalog/products/{ctx.product.slug}", DRAFT_READ)
    ],
    "PATCH /api/catalog/products/{slug}": [
        Case(
            "PATCH",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}",
            statuses(401, 404, 403, 200, 200, 200),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"title_en": "Renamed"},
        )
    ],
    "POST /api/catalog/products/{slug}/review": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/review",
            statuses(401, 404, 403, 200, 200, 200),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"action": "submit"},
        )
    ],
    "POST /api/catalog/products/{slug}/stage": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/stage",
            statuses(401, 404, 403, 200, 200, 200),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"stage": "development"},
        )
    ],
    "POST /api/catalog/products/{slug}/owners": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/owners",
            statuses(401, 404, 403, 201, 201, 201),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: {"organization": "globex"},
        )
    ],
    "DELETE /api/catalog/products/{slug}/owners/{organization}": [
        Case(
            "DELETE",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/owners/initech",
            statuses(401, 404, 403, 204, 204, 204),
            state=product_state,
            writers=W_ORG,
        )
    ],
    "POST /api/catalog/products/{slug}/offerings": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/offerings",
            statuses(401, 404, 403, 201, 201, 201),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: OFFERING,
        )
    ],
    "PUT /api/catalog/products/{slug}/offerings/{offering_id}": [
        Case(
            "PUT",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/offerings/{ctx.offering_id}",
            statuses(401, 404, 403, 200, 200, 200),
            json=True,
            state=product_state,
            writers=W_ORG,
            data=lambda ctx, persona: OFFERING,
        )
    ],
}
