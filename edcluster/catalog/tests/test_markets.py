import pytest
from django.core.exceptions import ValidationError

from edcluster.catalog import services
from edcluster.catalog.models import Market
from edcluster.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(organization):
    return services.product_create(
        owner=organization,
        actor=None,  # type: ignore[arg-type]
        fields={"kind": "short_course", "title_en": "Replicated course"},
    )


def test_a_market_is_added_once_and_audited(product):
    market, created = services.market_add(
        product=product, country="kz", kind=Market.Kind.ADOPTED, actor=None
    )
    again, created_again = services.market_add(
        product=product, country="KZ", kind=Market.Kind.ADOPTED, actor=None
    )
    assert created
    assert not created_again
    assert again.pk == market.pk
    assert str(market.country) == "KZ"
    assert AuditEntry.objects.filter(verb="product.market_added").count() == 1


def test_a_region_or_kind_makes_another_market(product):
    services.market_add(
        product=product, country="RU", region="Алтайский край", kind="adopted", actor=None
    )
    services.market_add(product=product, country="RU", kind="delivered", actor=None)
    assert Market.objects.filter(product=product).count() == 2


@pytest.mark.parametrize(
    ("country", "kind", "field"), [("XX", "adopted", "country"), ("KZ", "sold", "kind")]
)
def test_bad_input_names_the_field_and_writes_nothing(product, country, kind, field):
    with pytest.raises(ValidationError) as raised:
        services.market_add(product=product, country=country, kind=kind, actor=None)
    assert field in raised.value.message_dict
    assert not Market.objects.exists()
