"""Licences: recording one, changing a draft, activating it (which adds the product's markets,
"adopted", in its territory and moves an implemented product to "replicated", both through the
catalog's services), and ending it (a draft is cancelled; one in force ends on a date, its
markets kept: the product was adopted there)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries as known_countries

from edcluster.catalog import services as catalog_services
from edcluster.catalog.models import Market, Product
from edcluster.core.services import audit_record
from edcluster.sales.models import Licence
from edcluster.sales.services.orders import OrderConflict, check_currency

RUSSIA = "RU"


def _check(licence: Licence) -> None:
    errors = {}
    if licence.ends_on < licence.starts_on:
        errors["ends_on"] = _("A licence cannot end before it starts.")
    unknown = [code for code in licence.countries if code not in dict(known_countries)]
    if unknown:
        errors["countries"] = _("Unknown country codes: %(codes)s.") % {"codes": ", ".join(unknown)}
    if not licence.countries and not licence.regions:
        errors["countries"] = _("Name the territory: countries or regions of Russia.")
    if not licence.licensee_name.strip():
        errors["licensee_name"] = _("Name the licensee.")
    for name in ("lump_sum", "per_learner"):
        value = getattr(licence, name)
        if value is not None and value < 0:
            errors[name] = _("A fee is not negative.")
    if errors:
        raise ValidationError(errors)
    check_currency(licence.currency)


@transaction.atomic
def licence_create(*, product: Product, actor, fields: dict) -> Licence:
    """A draft licence of the product."""
    licence = Licence(product=product, **fields)
    if licence.licensee_organization and not licence.licensee_name:
        licence.licensee_name = licence.licensee_organization.name
    _check(licence)
    licence.full_clean()
    licence.save()
    audit_record(actor=actor, verb="sales.licence_created", target=licence)
    return licence


EDITABLE = frozenset(
    "licensee_organization licensee_name countries regions starts_on ends_on lump_sum "
    "per_learner currency learner_cap".split()
)


@transaction.atomic
def licence_update(*, licence: Licence, actor, fields: dict) -> Licence:
    """Change a draft licence (one in force or over changes no more: 409)."""
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    if licence.status != Licence.Status.DRAFT:
        raise OrderConflict(_("Only a draft licence can be changed."))
    for name, value in fields.items():
        if name in EDITABLE:
            setattr(licence, name, value)
    if licence.licensee_organization and not licence.licensee_name.strip():
        licence.licensee_name = licence.licensee_organization.name
    _check(licence)
    licence.full_clean()
    licence.save()
    audit_record(actor=actor, verb="sales.licence_updated", target=licence)
    return licence


@transaction.atomic
def licence_end(*, licence: Licence, actor, on: date) -> Licence:
    """A draft is cancelled; a licence in force ends on `on` (in its term; not before it
    started). Anything else: 409."""
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    if licence.status == Licence.Status.DRAFT:
        licence.status = Licence.Status.CANCELLED
    elif licence.status == Licence.Status.ACTIVE:
        if not licence.starts_on <= on <= licence.ends_on:
            raise ValidationError({"on": _("The licence is not in its term on this date.")})
        licence.status, licence.ends_on = Licence.Status.ENDED, on
    else:
        raise OrderConflict(_("The licence is over already."))
    licence.save(update_fields=["status", "ends_on", "updated_at"])
    audit_record(
        actor=actor, verb="sales.licence_ended", target=licence, data={"on": on.isoformat()}
    )
    return licence


@transaction.atomic
def licence_activate(*, licence: Licence, actor, on: date) -> Licence:
    """In force from `on`: the product is adopted in each country (regions: in Russia) of the
    territory, and an implemented product becomes replicated."""
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    if licence.status != Licence.Status.DRAFT:
        raise OrderConflict(_("Only a draft licence can be activated."))
    if not licence.starts_on <= on <= licence.ends_on:
        raise ValidationError({"on": _("The licence is not in its term on this date.")})
    places = [(code, "") for code in licence.countries] + [
        (RUSSIA, region) for region in licence.regions
    ]
    for country, region in places:
        catalog_services.market_add(
            product=licence.product,
            country=country,
            region=region,
            kind=Market.Kind.ADOPTED,
            since=on,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
    product = licence.product
    if product.stage == Product.Stage.IMPLEMENTED:
        catalog_services.product_stage_set(
            product=product, stage=Product.Stage.REPLICATED, actor=actor, on=on
        )
    licence.status = Licence.Status.ACTIVE
    licence.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, verb="sales.licence_activated", target=licence)
    return licence
