"""A product's markets: where it is delivered or adopted (replication is one of the cluster's
indicators). Other apps record them through here, never by writing `Market` themselves."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries

from edcluster.accounts.models import User
from edcluster.catalog.models import Market, Product
from edcluster.core.services import audit_record


@transaction.atomic
def market_add(
    *,
    product: Product,
    country: str,
    kind: str,
    actor: User | None,
    region: str = "",
    since: date | None = None,
) -> tuple[Market, bool]:
    """The product's market in the country (and region), of the kind; created if new (with
    `since`), else left as it is. Returns the market and whether it was created."""
    code = str(country).strip().upper()
    if code not in dict(countries):
        raise ValidationError({"country": _("Unknown country code: %(code)s.") % {"code": code}})
    if kind not in Market.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of market.")})
    market, created = Market.objects.get_or_create(
        product=product,
        country=code,
        region=region.strip(),
        kind=kind,
        defaults={"since": since},
    )
    if created:
        audit_record(
            actor=actor,
            verb="product.market_added",
            target=product,
            data={"country": code, "region": market.region, "kind": kind},
        )
    return market, created
