"""Sales' rows of the authorization matrix (config/tests/test_authorization_matrix.py).

Acme sells a signed order to Initech (the partner editor's organization): Acme's staff,
Initech's staff (the buyer's) and operators read it, anyone else gets 404; Acme's editors and
administrators and operators change it, the buyer's staff and Acme's viewer get 403."""

from datetime import date
from decimal import Decimal

from edcluster.catalog import services as catalog_services
from edcluster.catalog.models import Market, Product
from edcluster.matching.models import Offer
from edcluster.organizations.models import Organization
from edcluster.sales import services
from edcluster.sales.models import (
    Document,
    Licence,
    Line,
    Order,
    Payment,
    PublishedYear,
    Seller,
)
from edcluster.sales.tests.factories import pdf_upload
from edcluster.testing.authorization import (
    ADMIN,
    APPLICANT,
    EDITOR,
    OPERATOR,
    PARTNER,
    SUSPENDED,
    Case,
    Context,
    everyone,
    fixed,
    statuses,
)

SELLERS = {EDITOR, ADMIN, OPERATOR}
READ_PAGE = statuses(302, 404, 200, 200, 200, 200) | {PARTNER: 200}
WRITE_PAGE = statuses(302, 404, 403, 302, 302, 302) | {PARTNER: 403}
READ_API = statuses(401, 404, 200, 200, 200, 200) | {PARTNER: 200}
WRITE_API = statuses(401, 404, 403, 200, 200, 200) | {PARTNER: 403}
CREATED_API = statuses(401, 404, 403, 201, 201, 201) | {PARTNER: 403}
SIGNED_IN_PAGE = statuses(302, 200, 200, 200, 200, 200)
SIGNED_IN_API = statuses(401, 200, 200, 200, 200, 200)


def _course(initech: Organization) -> Product:
    """Initech's published course: Acme's editors (and any employer's) order training of it."""
    course = catalog_services.product_create(
        owner=initech,
        actor=None,  # type: ignore[arg-type]
        fields={"kind": "short_course", "title_en": "Initech's course"},
    )
    Product.objects.filter(pk=course.pk).update(status=Product.Status.PUBLISHED)
    return course


def arrange(ctx: Context) -> None:
    acme = ctx.organization
    initech = Organization.objects.get(slug="initech")
    product = catalog_services.product_create(
        owner=acme,
        actor=None,  # type: ignore[arg-type]
        fields={"kind": "short_course", "title_en": "Sold course"},
    )
    buyer = services.buyer_fields(
        kind="member", organization=initech, name="", country="", region=""
    )
    order = services.order_create(
        actor=None, buyer=buyer, product=product, on=date(2026, 3, 1), number="M-1"
    )
    line = services.line_add(
        order=order,
        actor=None,
        product=product,
        quantity=Decimal(5),
        unit="learners",
        unit_price=Decimal(100),
        currency="RUB",
    )
    services.order_move(order=order, actor=None, to="signed", on=date(2026, 3, 2))
    ctx.sales_order_id = order.pk
    # Lines change only in a quote: the line rows act on Q-1, a quote of the same parties.
    quote = services.order_create(
        actor=None, buyer=buyer, product=product, on=date(2026, 3, 1), number="Q-1"
    )
    line = services.line_add(
        order=quote,
        actor=None,
        product=product,
        quantity=Decimal(5),
        unit="learners",
        unit_price=Decimal(100),
        currency="RUB",
    )
    ctx.sales_quote_id, ctx.sales_line_id = quote.pk, line.pk
    ctx.sales_product = product
    ctx.sales_initech_id = initech.pk
    ctx.sales_licence_id = services.licence_create(
        product=product,
        actor=None,
        fields={
            "licensee_organization": initech,
            "countries": ["KZ"],
            "starts_on": date(2026, 1, 1),
            "ends_on": date(2028, 12, 31),
        },
    ).pk
    ctx.sales_course_slug = _course(initech).slug
    ctx.sales_document_id = services.document_add(
        order=order, actor=None, kind="contract", upload=pdf_upload()
    ).pk
    ctx.sales_offer_id = Offer.objects.create(
        request=ctx.request, product=product, organization=acme, status=Offer.Status.ACCEPTED
    ).pk


def state(ctx: Context) -> tuple:
    """Everything a call on the sales could change."""
    return (
        tuple(Order.objects.order_by("pk").values_list("pk", "status", "buyer_name", "note")),
        tuple(Seller.objects.order_by("pk").values_list("order", "organization", "share")),
        tuple(Line.objects.order_by("pk").values_list("pk", "quantity", "flow")),
        tuple(Payment.objects.order_by("pk").values_list("pk", "amount")),
        tuple(Licence.objects.order_by("pk").values_list("pk", "status", "learner_cap", "ends_on")),
        tuple(Market.objects.order_by("pk").values_list("product", "country", "kind")),
        tuple(Document.objects.order_by("pk").values_list("pk", "kind")),
    )


def order_path(suffix: str = "", api: bool = False, quote: bool = False):
    prefix = "/api/sales/orders/" if api else "/en/sales/"
    end = "" if api else "/"

    def path(ctx) -> str:
        order_id = ctx.sales_quote_id if quote else ctx.sales_order_id
        return f"{prefix}{order_id}/{suffix}".rstrip("/") + end

    return path


def write(method, path, expected, data, *, json=False) -> Case:
    return Case(method, path, expected, data=data, json=json, state=state, writers=SELLERS)


PAGES: dict[str, list[Case]] = {
    "sales:list": [Case("GET", fixed("/en/sales/"), SIGNED_IN_PAGE)],
    "sales:reports": [Case("GET", fixed("/en/sales/reports/"), SIGNED_IN_PAGE)],
    "sales:new": [
        Case(
            "GET",
            fixed("/en/sales/new/"),
            SIGNED_IN_PAGE | {"member_viewer": 403, SUSPENDED: 403, APPLICANT: 403},
        ),
        write(
            "POST",
            fixed("/en/sales/new/"),
            # Acme is not among the outsider's or the partner's sellers: the form again.
            statuses(302, 400, 403, 302, 302, 302) | {PARTNER: 400, APPLICANT: 403},
            lambda ctx, persona: {
                "seller": ctx.organization.pk,
                "buyer_kind": "organization",
                "buyer_name": "Astana Hub",
                "buyer_country": "KZ",
                "on": "2026-03-01",
            },
        ),
    ],
    "sales:from_offer": [
        Case(
            "GET",
            lambda ctx: f"/en/sales/from-offer/{ctx.sales_offer_id}/",
            statuses(302, 404, 403, 200, 200, 200) | {SUSPENDED: 403},
        ),
        write(
            "POST",
            lambda ctx: f"/en/sales/from-offer/{ctx.sales_offer_id}/",
            statuses(302, 404, 403, 302, 302, 302),
            lambda ctx, persona: {
                "seller": ctx.organization.pk,
                "product": ctx.sales_product.pk,
                "buyer_kind": "member",
                "buyer_organization": ctx.request.organization_id,
                "on": "2026-03-01",
            },
        ),
    ],
    "sales:order": [Case("GET", order_path(), READ_PAGE)],
    "sales:edit": [
        write(
            "POST",
            order_path("edit"),
            WRITE_PAGE,
            lambda ctx, persona: {
                "buyer_kind": "member",
                "buyer_organization": ctx.sales_initech_id,
                "note": "Invoice sent",
            },
        )
    ],
    "sales:sellers": [
        write(
            "POST",
            order_path("sellers"),
            WRITE_PAGE,
            lambda ctx, persona: {"sellers": f"{ctx.organization.slug} 60\ninitech 40"},
        )
    ],
    "sales:line_add": [
        write(
            "POST",
            order_path("lines", quote=True),
            WRITE_PAGE,
            lambda ctx, persona: {
                "product": ctx.sales_product.pk,
                "quantity": "2",
                "unit": "hours",
                "unit_price": "50",
                "currency": "RUB",
            },
        )
    ],
    "sales:line_remove": [
        write(
            "POST",
            lambda ctx: f"/en/sales/{ctx.sales_quote_id}/lines/{ctx.sales_line_id}/remove/",
            WRITE_PAGE,
            None,
        )
    ],
    "sales:status": [
        write(
            "POST",
            order_path("status"),
            WRITE_PAGE,
            lambda ctx, persona: {"status": "delivered", "on": "2026-04-01"},
        )
    ],
    "sales:payment": [
        write(
            "POST",
            order_path("payments"),
            WRITE_PAGE,
            lambda ctx, persona: {"paid_on": "2026-04-01", "amount": "100", "currency": "RUB"},
        )
    ],
}


def licence_path(suffix: str = "", api: bool = False):
    prefix = "/api/sales/licences/" if api else "/en/sales/licences/"
    end = "" if api else "/"
    return lambda ctx: f"{prefix}{ctx.sales_licence_id}/{suffix}".rstrip("/") + end


LICENCE_TERMS = {
    "licensee_name": "Altai State University",
    "regions": "Алтайский край",
    "starts_on": "2026-01-01",
    "ends_on": "2027-12-31",
    "currency": "RUB",
}
TRAINING = lambda ctx: f"/en/sales/order-training/{ctx.sales_course_slug}/"  # noqa: E731
DOCUMENT = lambda ctx: f"/en/sales/{ctx.sales_order_id}/documents/{ctx.sales_document_id}/"  # noqa: E731
API_DOCUMENT = (  # noqa: E731
    lambda ctx: f"/api/sales/orders/{ctx.sales_order_id}/documents/{ctx.sales_document_id}"
)
PAGES.update(
    {
        "sales:document_add": [
            write(
                "POST",
                order_path("documents"),
                WRITE_PAGE,
                lambda ctx, persona: {"kind": "invoice", "file": pdf_upload()},
            )
        ],
        "sales:document": [Case("GET", DOCUMENT, READ_PAGE)],
        "sales:document_remove": [
            write("POST", lambda ctx: DOCUMENT(ctx) + "remove/", WRITE_PAGE, None)
        ],
        "sales:public": [Case("GET", fixed("/en/sales/public/"), everyone(200))],
        "sales:publish": [
            Case(
                "POST",
                fixed("/en/sales/reports/publish/"),
                statuses(302, 403, 403, 403, 403, 302) | {PARTNER: 403},
                data=lambda ctx, persona: {"year": "2026"},
                state=lambda ctx: tuple(PublishedYear.objects.values_list("year", "figures")),
                writers={OPERATOR},
            )
        ],
        # Employers' staff who edit order (the outsider's and the applicant's too); the
        # product's own (the partner), operators and viewers do not.
        "sales:order_training": [
            Case(
                "GET",
                TRAINING,
                statuses(302, 200, 403, 200, 200, 403) | {PARTNER: 403, SUSPENDED: 403},
            ),
            Case(
                "POST",
                TRAINING,
                statuses(302, 400, 403, 302, 302, 403) | {PARTNER: 403, SUSPENDED: 403},
                data=lambda ctx, persona: {"buyer": ctx.organization.pk, "quantity": "12"},
                state=state,
                writers={EDITOR, ADMIN},
            ),
        ],
        "sales:licences": [Case("GET", fixed("/en/sales/licences/"), SIGNED_IN_PAGE)],
        "sales:licence_new": [
            Case(
                "GET",
                fixed("/en/sales/licences/new/"),
                SIGNED_IN_PAGE | {"member_viewer": 403, SUSPENDED: 403, APPLICANT: 403},
            ),
            write(
                "POST",
                fixed("/en/sales/licences/new/"),
                # Acme's product is not among the outsider's or the partner's: the form again.
                statuses(302, 400, 403, 302, 302, 302) | {PARTNER: 400, APPLICANT: 403},
                lambda ctx, persona: LICENCE_TERMS | {"product": ctx.sales_product.pk},
            ),
        ],
        "sales:licence": [Case("GET", licence_path(), READ_PAGE)],
        "sales:licence_edit": [
            write("POST", licence_path("edit"), WRITE_PAGE, lambda ctx, persona: LICENCE_TERMS)
        ],
        "sales:licence_activate": [
            write("POST", licence_path("activate"), WRITE_PAGE, lambda c, p: {"on": "2026-06-01"})
        ],
        "sales:licence_end": [
            write("POST", licence_path("end"), WRITE_PAGE, lambda c, p: {"on": "2026-06-01"})
        ],
    }
)

ORDER = "/api/sales/orders/{order_id}"
API: dict[str, list[Case]] = {
    "GET /api/sales/orders": [Case("GET", fixed("/api/sales/orders"), SIGNED_IN_API)],
    "POST /api/sales/orders": [
        write(
            "POST",
            fixed("/api/sales/orders"),
            statuses(401, 403, 403, 201, 201, 201) | {PARTNER: 403, APPLICANT: 403},
            lambda ctx, persona: {
                "buyer": {"kind": "person", "name": "Li Wei", "country": "CN"},
                "sellers": [{"organization": ctx.organization.slug, "share": "100"}],
            },
            json=True,
        )
    ],
    f"GET {ORDER}": [Case("GET", order_path(api=True), READ_API)],
    f"PATCH {ORDER}": [
        Case(
            "PATCH",
            order_path(api=True),
            WRITE_API,
            data=lambda ctx, persona: {"note": "Invoice sent"},
            json=True,
            state=state,
            writers=SELLERS,
        )
    ],
    f"PUT {ORDER}/sellers": [
        Case(
            "PUT",
            order_path("sellers", api=True),
            WRITE_API,
            data=lambda ctx, persona: {
                "sellers": [
                    {"organization": ctx.organization.slug, "share": "60"},
                    {"organization": "initech", "share": "40"},
                ]
            },
            json=True,
            state=state,
            writers=SELLERS,
        )
    ],
    f"POST {ORDER}/lines": [
        write(
            "POST",
            order_path("lines", api=True, quote=True),
            CREATED_API,
            lambda ctx, persona: {
                "product": ctx.sales_product.slug,
                "quantity": "2",
                "unit": "hours",
                "unit_price": "50",
                "currency": "RUB",
            },
            json=True,
        )
    ],
    f"DELETE {ORDER}/lines/{{line_id}}": [
        Case(
            "DELETE",
            lambda ctx: f"/api/sales/orders/{ctx.sales_quote_id}/lines/{ctx.sales_line_id}",
            statuses(401, 404, 403, 204, 204, 204) | {PARTNER: 403},
            state=state,
            writers=SELLERS,
        )
    ],
    f"POST {ORDER}/status": [
        write(
            "POST",
            order_path("status", api=True),
            WRITE_API,
            lambda ctx, persona: {"status": "delivered", "on": "2026-04-01"},
            json=True,
        )
    ],
    f"GET {ORDER}/payments": [Case("GET", order_path("payments", api=True), READ_API)],
    f"POST {ORDER}/payments": [
        write(
            "POST",
            order_path("payments", api=True),
            CREATED_API,
            lambda ctx, persona: {"paid_on": "2026-04-01", "amount": "100", "currency": "RUB"},
            json=True,
        )
    ],
    "GET /api/sales/licences": [Case("GET", fixed("/api/sales/licences"), SIGNED_IN_API)],
    "POST /api/sales/licences": [
        write(
            "POST",
            fixed("/api/sales/licences"),
            statuses(401, 403, 403, 201, 201, 201) | {PARTNER: 403, APPLICANT: 403},
            lambda ctx, persona: {
                "product": ctx.sales_product.slug,
                "licensee_name": "Altai State University",
                "regions": ["Алтайский край"],
                "starts_on": "2026-01-01",
                "ends_on": "2027-12-31",
            },
            json=True,
        )
    ],
    "POST /api/sales/licences/{licence_id}/activate": [
        write(
            "POST",
            lambda ctx: f"/api/sales/licences/{ctx.sales_licence_id}/activate",
            WRITE_API,
            lambda ctx, persona: {"on": "2026-06-01"},
            json=True,
        )
    ],
    "GET /api/sales/licences/{licence_id}": [Case("GET", licence_path(api=True), READ_API)],
    "PATCH /api/sales/licences/{licence_id}": [
        Case(
            "PATCH",
            licence_path(api=True),
            WRITE_API,
            data=lambda ctx, persona: {"learner_cap": 40},
            json=True,
            state=state,
            writers=SELLERS,
        )
    ],
    "POST /api/sales/licences/{licence_id}/end": [
        write(
            "POST",
            licence_path("end", api=True),
            WRITE_API,
            lambda c, p: {"on": "2026-06-01"},
            json=True,
        )
    ],
    f"GET {ORDER}/documents": [Case("GET", order_path("documents", api=True), READ_API)],
    f"POST {ORDER}/documents": [
        write(
            "POST",
            order_path("documents", api=True),
            CREATED_API,
            lambda ctx, persona: {"kind": "act", "file": pdf_upload()},
        )
    ],
    f"GET {ORDER}/documents/{{document_id}}": [Case("GET", API_DOCUMENT, READ_API)],
    f"DELETE {ORDER}/documents/{{document_id}}": [
        Case(
            "DELETE",
            API_DOCUMENT,
            statuses(401, 404, 403, 204, 204, 204) | {PARTNER: 403},
            state=state,
            writers=SELLERS,
        )
    ],
    "GET /api/sales/published": [Case("GET", fixed("/api/sales/published"), everyone(200))],
    "GET /api/sales/rates": [Case("GET", fixed("/api/sales/rates"), everyone(200))],
    "GET /api/sales/reports/{name}": [Case("GET", fixed("/api/sales/reports/flow"), SIGNED_IN_API)],
}
