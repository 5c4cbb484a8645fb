"""Sales records for tests, made through the services (audited, with rollups moved)."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from edcluster.accounts.models import Membership
from edcluster.catalog import services as catalog_services
from edcluster.catalog.models import Product
from edcluster.demand.selectors import SkillChoice
from edcluster.demand.services import request_create
from edcluster.matching.models import Offer
from edcluster.matching.services.offers import offer_decide
from edcluster.matching.tests import factories
from edcluster.organizations.models import Organization
from edcluster.sales import services
from edcluster.sales.models import ExchangeRate, Line, Order
from edcluster.testing import make_organization, make_user


def product_make(owner, *, title_en: str = "Data course") -> Product:
    """A draft catalog product of `owner`."""
    return catalog_services.product_create(
        owner=owner,
        actor=None,  # type: ignore[arg-type]
        fields={"kind": "short_course", "title_en": title_en},
    )


def external_buyer(
    name: str = "Astana IT Hub", country: str = "KZ", region: str = "", kind: str = "organization"
) -> dict:
    return services.buyer_fields(
        kind=kind, organization=None, name=name, country=country, region=region
    )


def member_buyer(organization) -> dict:
    return services.buyer_fields(
        kind="member", organization=organization, name="", country="", region=""
    )


def order_make(
    product: Product,
    *,
    buyer: dict | None = None,
    sellers=None,
    actor=None,
    lines=((Decimal(10), Decimal("1000.00"), "RUB"),),
    signed_on: date | None = None,
    number: str = "",
) -> Order:
    """An order of `product` (quantity, unit price, currency per line), signed on a date."""
    order = services.order_create(
        actor=actor,
        buyer=buyer or external_buyer(),
        sellers=sellers,
        product=product,
        number=number,
        on=signed_on,
    )
    for quantity, price, currency in lines:
        services.line_add(
            order=order,
            actor=actor,
            product=product,
            quantity=Decimal(quantity),
            unit=Line.Unit.LEARNERS,
            unit_price=Decimal(price),
            currency=currency,
        )
    if signed_on is not None:
        order = services.order_move(order=order, actor=actor, to="signed", on=signed_on)
    return order


def rate_make(currency: str, on: date, roubles: str) -> ExchangeRate:
    return ExchangeRate.objects.create(currency=currency, on=on, roubles=Decimal(roubles))


def rates_xml(on: date, rates: dict[str, tuple[int, str]], encoding: str = "windows-1251") -> bytes:
    """A daily file as the Bank of Russia writes it: code → (nominal, value with a comma)."""
    valutes = "".join(
        f'<Valute ID="R{index:05d}"><NumCode>000</NumCode><CharCode>{code}</CharCode>'
        f"<Nominal>{nominal}</Nominal><Name>Валюта</Name><Value>{value}</Value></Valute>\n"
        for index, (code, (nominal, value)) in enumerate(rates.items())
    )
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        f'<ValCurs Date="{on:%d.%m.%Y}" name="Foreign Currency Market">\n{valutes}</ValCurs>\n'
    )
    return text.encode("cp1251" if encoding == "windows-1251" else encoding)


PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(data: bytes = PDF, name: str = "contract.pdf") -> SimpleUploadedFile:
    """An uploaded file claiming to be a PDF (it is one with the default data)."""
    return SimpleUploadedFile(name, data, "application/pdf")


def accepted_offer(seller: Organization, editor) -> Offer:
    """The seller's published course, asked for by a Kazakh employer's request, offered and
    accepted by the employer's editor through matching's service."""
    employer = make_organization("steppe", name_en="Steppe Mining", country="KZ", region="")
    hr = make_user("hr@steppe.example")
    Membership.objects.create(user=hr, organization=employer, role=Membership.Role.EDITOR)
    python = factories.skill("python")
    demand = request_create(
        organization=employer,
        actor=hr,
        fields={
            "title": "Data analysts",
            "description": "…",
            "headcount": 20,
            "needed_by": date(2027, 6, 1),
        },
        skills=[SkillChoice(python)],
    )
    product = factories.product(owner=seller, actor=editor, title="Mining data analytics")
    offer = factories.offer(request=demand, product=product, status=Offer.Status.OFFERED)
    return offer_decide(offer=offer, actor=hr, accept=True, note="Twenty people in spring")
