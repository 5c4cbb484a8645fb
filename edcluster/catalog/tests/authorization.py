"""The catalog's rows of the authorization matrix (config/tests/test_authorization_matrix.py):
who may call each of its pages and API operations, and what its rows need in the shared
context (`arrange`)."""

from datetime import date

from edcluster.catalog import services as catalog
from edcluster.catalog.imports import import_run, import_start
from edcluster.catalog.models import Enquiry, Offering, Product, ProductRevision
from edcluster.catalog.tests.authorization_imports import CSV_FILE, IMPORT_API, IMPORT_PAGES
from edcluster.organizations.models import Organization
from edcluster.organizations.tests.authorization import W_ORG
from edcluster.testing.authorization import (
    APPLICANT,
    EDITOR,
    OPERATOR,
    PARTNER,
    SUSPENDED,
    Case,
    Context,
    everyone,
    statuses,
)


def product_state(ctx: Context) -> tuple:
    product = Product.objects.get(pk=ctx.product.pk)
    return (
        product.title_en,
        product.status,
        product.stage,
        product.ownerships.count(),
        tuple(product.offerings.values_list("place", "starts_on")),
    )


def revision_state(ctx: Context) -> tuple:
    return tuple(
        ProductRevision.objects.filter(product=ctx.live).values_list("status", flat=True)
    ), Product.objects.get(pk=ctx.live.pk).title_en


# Only operators decide on a published product's waiting changes; its editors read them.
DECIDE = statuses(401, 403, 403, 403, 403, 200)


def new_product_form(ctx: Context, persona: str) -> dict:
    # The outsider edits for Globex, so it may create there but not for Acme: its choice of
    # "acme" is refused by the form (400 with the message) and Acme's products stay as they are.
    return {"owner": "acme", "kind": "module", "title_ru": "Модуль", "outcomes": "Умеет"}


# A draft is seen by its owners' staff (the partner co-owner's too) and operators; anyone else
# gets 404. A suspended member's editor still reads it.
DRAFT_READ = statuses(404, 404, 200, 200, 200, 200) | {PARTNER: 200}
# The forms that create for one's own organization: admitted members' editors (and operators).
NEW_FORM = statuses(302, 200, 403, 200, 200, 200) | {SUSPENDED: 403, APPLICANT: 403}
# The partner co-owner's editors edit the joint draft (not its owners); a suspended member's
# editor opens no form it could not save.
EDIT_FORM = statuses(302, 404, 403, 200, 200, 200) | {PARTNER: 200, SUSPENDED: 403}
W_JOINT = W_ORG | {PARTNER}  # enquiries are read by those who answer them: no SUSPENDED
OFFERING = {
    "starts_on": "2027-09-01",
    "ends_on": "2027-12-20",
    "place": "Томск, пр. Ленина 36",
    "seats": 25,
}
RUN_FORM = {
    "starts_on": "2027-09-01",
    "ends_on": "2027-12-20",
    "place": "Томск, пр. Ленина 36",
    "seats": "25",
    "enrolled": "0",
}
ENQUIRY = {"name": "Ivan", "email": "ivan@example.net", "message": "Is there a group in May?"}


def runs_state(ctx: Context) -> tuple:
    return tuple(Offering.objects.order_by("pk").values_list("place", "seats", "cancelled_at"))


def enquiries_state(ctx: Context) -> tuple:
    return tuple(Enquiry.objects.order_by("pk").values_list("pk", "answered_at"))


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
        product=ctx.product, organization=Organization.objects.get(slug="initech"), actor=editor
    )
    offering = catalog.offering_save(
        product=ctx.product,
        actor=editor,
        fields={"starts_on": date(2027, 2, 1), "ends_on": date(2027, 3, 1), "is_online": True},
    )
    ctx.offering_id = offering.pk
    live = catalog.product_create(
        owner=ctx.organization,
        actor=editor,
        fields={"kind": "mooc", "title_en": "Live course", "summary_en": "Summary"},
        outcomes=[("Explains the basics", "en")],
    )
    catalog.product_submit(product=live, actor=editor)
    ctx.live = catalog.product_publish(product=live, actor=ctx.users[OPERATOR])
    catalog.product_update(product=ctx.live, actor=editor, fields={"title_en": "Renamed"})
    # The draft takes no enquiries from the page: this one stands for one made when published.
    ctx.enquiry_id = Enquiry.objects.create(
        product=ctx.product, name="Ivan", email="ivan@example.net", message="Hello"
    ).pk
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
        Case("GET", lambda ctx: "/en/catalog/new/", NEW_FORM),
        Case(
            "POST",
            lambda ctx: "/en/catalog/new/",
            statuses(302, 400, 403, 302, 302, 302) | {APPLICANT: 403},
            state=lambda ctx: Product.objects.filter(ownerships__organization__slug="acme").count(),
            writers=W_ORG,
            data=new_product_form,
        ),
    ],
    "catalog:edit": [
        Case(
            "GET",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/edit/",
            EDIT_FORM,
        ),
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/edit/",
            statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 302},
            state=product_state,
            writers=W_JOINT,
            data=lambda ctx, persona: {"kind": "mooc", "title_en": "Renamed", "outcomes": "x"},
        ),
    ],
    "catalog:product_review": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/review/",
            statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 302},
            state=product_state,
            writers=W_JOINT,
            data=lambda ctx, persona: {"action": "submit"},
        )
    ],
    "catalog:revision": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.live.slug}/revision/",
            statuses(302, 403, 403, 403, 403, 302),
            state=revision_state,
            writers={OPERATOR},
            data=lambda ctx, persona: {"action": "approve"},
        )
    ],
    "catalog:review": [
        Case("GET", lambda ctx: "/en/catalog/review/", statuses(302, 403, 403, 403, 403, 200))
    ],
    "catalog:offering_add": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/runs/",
            statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 302},
            state=runs_state,
            writers=W_JOINT,
            data=lambda ctx, persona: RUN_FORM,
        )
    ],
    "catalog:offering_edit": [
        Case(
            "GET",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/runs/{ctx.offering_id}/",
            EDIT_FORM,
        ),
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/runs/{ctx.offering_id}/",
            statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 302},
            state=runs_state,
            writers=W_JOINT,
            data=lambda ctx, persona: RUN_FORM,
        ),
    ],
    "catalog:offering_cancel": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/runs/{ctx.offering_id}/cancel/",
            statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 302},
            state=runs_state,
            writers=W_JOINT,
        )
    ],
    # A draft is not in the public catalog: those who see it are told it takes no enquiries.
    "catalog:enquire": [
        Case("GET", lambda ctx: f"/en/catalog/{ctx.product.slug}/enquire/", DRAFT_READ),
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/enquire/",
            statuses(404, 404, 400, 400, 400, 400) | {PARTNER: 400},
            state=enquiries_state,
            data=lambda ctx, persona: ENQUIRY,
        ),
    ],
    "catalog:enquiry_answered": [
        Case(
            "POST",
            lambda ctx: f"/en/catalog/{ctx.product.slug}/enquiries/{ctx.enquiry_id}/answered/",
            statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 302},
            state=enquiries_state,
            writers=W_JOINT,
        )
    ],
    "catalog:export": [Case("GET", lambda ctx: "/en/catalog/export/csv/", everyone(200))],
    **IMPORT_PAGES,
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
    **IMPORT_API,
    "GET /api/catalog/revisions": [Case("GET", lambda ctx: "/api/catalog/revisions", DECIDE)],
    "GET /api/catalog/products/{slug}/revision": [
        Case(
            "GET",
            lambda ctx: f"/api/catalog/products/{ctx.live.slug}/revision",
            statuses(401, 403, 403, 200, 200, 200) | {SUSPENDED: 403},
        )
    ],
    "POST /api/catalog/products/{slug}/revision": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.live.slug}/revision",
            DECIDE,
            json=True,
            state=revision_state,
            writers={OPERATOR},
            data=lambda ctx, persona: {"action": "approve"},
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
            statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 200},
            json=True,
            state=product_state,
            writers=W_JOINT,
            data=lambda ctx, persona: {"title_en": "Renamed"},
        )
    ],
    "POST /api/catalog/products/{slug}/review": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/review",
            statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 200},
            json=True,
            state=product_state,
            writers=W_JOINT,
            data=lambda ctx, persona: {"action": "submit"},
        )
    ],
    "POST /api/catalog/products/{slug}/stage": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/stage",
            statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 200},
            json=True,
            state=product_state,
            writers=W_JOINT,
            data=lambda ctx, persona: {"stage": "development"},
        )
    ],
    "POST /api/catalog/products/{slug}/owners": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/owners",
            # A partner's editors add nobody: only the lead's editors change the owners.
            statuses(401, 404, 403, 201, 201, 201) | {PARTNER: 403},
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
            statuses(401, 404, 403, 204, 204, 204) | {PARTNER: 403},
            state=product_state,
            writers=W_ORG,
        )
    ],
    "POST /api/catalog/products/{slug}/offerings": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/offerings",
            statuses(401, 404, 403, 201, 201, 201) | {PARTNER: 201},
            json=True,
            state=product_state,
            writers=W_JOINT,
            data=lambda ctx, persona: OFFERING,
        )
    ],
    "POST /api/catalog/products/{slug}/offerings/{offering_id}/cancel": [
        Case(
            "POST",
            lambda ctx: (
                f"/api/catalog/products/{ctx.product.slug}/offerings/{ctx.offering_id}/cancel"
            ),
            statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 200},
            state=runs_state,
            writers=W_JOINT,
        )
    ],
    "POST /api/catalog/products/{slug}/enquiries": [
        Case(
            "POST",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/enquiries",
            statuses(404, 404, 400, 400, 400, 400) | {PARTNER: 400},
            json=True,
            state=enquiries_state,
            data=lambda ctx, persona: ENQUIRY,
        )
    ],
    "GET /api/catalog/products/{slug}/enquiries": [
        Case(
            "GET",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/enquiries",
            statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 200, SUSPENDED: 403},
        )
    ],
    "POST /api/catalog/products/{slug}/enquiries/{enquiry_id}/answered": [
        Case(
            "POST",
            lambda ctx: (
                f"/api/catalog/products/{ctx.product.slug}/enquiries/{ctx.enquiry_id}/answered"
            ),
            statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 200},
            state=enquiries_state,
            writers=W_JOINT,
        )
    ],
    "PUT /api/catalog/products/{slug}/offerings/{offering_id}": [
        Case(
            "PUT",
            lambda ctx: f"/api/catalog/products/{ctx.product.slug}/offerings/{ctx.offering_id}",
            statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 200},
            json=True,
            state=product_state,
            writers=W_JOINT,
            data=lambda ctx, persona: OFFERING,
        )
    ],
}
