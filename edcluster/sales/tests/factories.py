"""Sales records for tests, made through the services (audited, with rollups moved)."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from edcluster.catalog import services as catalog_services
from edcluster.catalog.models import Product
from edcluster.sales import services
from edcluster.sales.models import ExchangeRate, Line, Order


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
