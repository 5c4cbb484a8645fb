"""The flow of an order's lines, told from where the buyer and the sellers are, seen from the
cluster's home region (`settings.CLUSTER_HOME_REGION`)."""

from collections.abc import Iterable

from django.conf import settings

from edcluster.core.text import fold_spaces
from edcluster.sales.models import Flow

RUSSIA = "RU"


def in_home_region(*, country: str, region: str) -> bool:
    """Whether a place (country code, region name) is the cluster's home region."""
    home = fold_spaces(settings.CLUSTER_HOME_REGION)
    return str(country) == RUSSIA and fold_spaces(region or "") == home


def flow_of(*, buyer_country: str, buyer_region: str, sellers: Iterable) -> Flow:
    """Export abroad (a buyer outside Russia: an organization, or a foreign learner on an
    individual contract), export to other regions (a Russian buyer outside the home region),
    import (every seller outside the home region or abroad, delivering to a buyer here),
    domestic (a seller here, a buyer here)."""
    buyer_home = in_home_region(country=buyer_country, region=buyer_region)
    seller_home = any(
        in_home_region(country=seller.country, region=seller.region) for seller in sellers
    )
    if buyer_home:
        return Flow.DOMESTIC if seller_home else Flow.IMPORT
    if str(buyer_country) != RUSSIA:
        return Flow.EXPORT_ABROAD
    return Flow.EXPORT_REGIONS
