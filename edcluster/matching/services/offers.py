"""Offers between employers and product owners on a demand request.

The employer (the request's editors) asks the owner of a product that covers the request for an
offer; the owner's editors offer their terms (optionally a run of the product) or decline with a
reason; a member may also respond to an open request with its product unasked. The employer then
accepts the offer or does not take it. Every step is audited and mails the other side."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.models import User
from edcluster.accounts.selectors import organization_ids_editable
from edcluster.catalog.models import Offering, Product, ProductOwner
from edcluster.catalog.selectors import can_edit_product
from edcluster.core.ratelimit import RateLimit
from edcluster.core.services import audit_record
from edcluster.demand.models import DemandRequest
from edcluster.demand.selectors import can_edit_request, request_visible
from edcluster.matching.models import Offer
from edcluster.matching.selectors.offers import AGAIN, coverage_score
from edcluster.matching.tasks import notify_offer
from edcluster.organizations.models import Organization

Status = Offer.Status

# Actions that mail other organizations' staff, per account (shared with other such actions).
MAIL_ACTIONS = RateLimit("mail.actions", count=30, seconds=3600)


def _check_open(request: DemandRequest, product: Product) -> None:
    if request.is_closed:
        raise ValidationError({"request": _("The request is closed.")})
    if not Product.objects.filter(pk=product.pk, status=Product.Status.PUBLISHED).exists():
        raise ValidationError({"product": _("Only published products can be offered.")})


def _notify(offer: Offer) -> None:
    offer_id, status = offer.pk, offer.status
    transaction.on_commit(lambda: notify_offer.enqueue(offer_id=offer_id, status=status))


def _lead(product: Product) -> ProductOwner:
    return _owners(product)[0]


def _owners(product: Product):
    """The product's owners, the lead first ("lead" sorts before "partner")."""
    return product.ownerships.select_related("organization").order_by("role", "pk")


@transaction.atomic
def offer_ask(*, request: DemandRequest, product: Product, actor: User, message: str = "") -> Offer:
    """The employer asks the product's lead owner for an offer on the request."""
    if not can_edit_request(user=actor, request=request):
        raise PermissionDenied
    _check_open(request, product)
    offer = Offer.objects.select_for_update().filter(request=request, product=product).first()
    if offer is not None and offer.status not in AGAIN:
        raise ValidationError(
            {
                "product": _("This product is already %(status)s.")
                % {"status": offer.get_status_display()}
            }
        )
    offer = offer or Offer(request=request, product=product)
    offer.organization = _lead(product).organization
    offer.status, offer.score = Status.ASKED, coverage_score(request=request, product=product)
    offer.asked_by, offer.asked_at, offer.question = actor, timezone.now(), message.strip()
    offer.answered_by, offer.answered_at, offer.answer, offer.offering = None, None, "", None
    offer.decided_by, offer.decided_at, offer.decision_note = None, None, ""
    offer.full_clean(exclude=["request", "product", "organization"])
    MAIL_ACTIONS.hit(user=actor)
    offer.save()
    held = not actor.is_operator and request.organization.status != Organization.Status.ADMITTED
    audit_record(
        actor=actor,
        verb="offer.asked",
        target=offer,
        data={"request": request.pk, "product": product.slug, "held": held},
    )
    if not held:  # an applicant's ask reaches the owner when it is admitted (`asks_release`)
        _notify(offer)
    return offer


def asks_release(*, organization_id: int) -> None:
    """The `organization_admitted` follow-up: the asks its requests made while it waited go
    to the owners now."""
    waiting = Offer.objects.filter(
        request__organization_id=organization_id, status=Status.ASKED
    ).values_list("pk", flat=True)
    for offer_id in waiting:
        notify_offer.enqueue(offer_id=offer_id, status=Status.ASKED)


def _answering(actor: User, product: Product) -> ProductOwner:
    """The owner the actor answers for: an owner where they edit (operators: the lead)."""
    if not can_edit_product(user=actor, product=product):
        raise PermissionDenied
    owners = _owners(product)
    if not actor.is_operator:
        owners = owners.filter(organization__in=organization_ids_editable(user=actor))
    return owners[0]


@transaction.atomic
def offer_make(
    *,
    request: DemandRequest,
    product: Product,
    actor: User,
    answer: str,
    offering: Offering | None = None,
) -> Offer:
    """The owner's editors offer the product for the request: answering the employer's ask, or
    unasked (a member responding to an open request it sees)."""
    owner = _answering(actor, product)
    if not request_visible(viewer=actor).filter(pk=request.pk).exists():
        raise PermissionDenied
    _check_open(request, product)
    if not answer.strip():
        raise ValidationError({"answer": _("Say what you offer.")})
    if offering is not None and offering.product_id != product.pk:
        raise ValidationError({"offering": _("This run is of another product.")})
    offer = Offer.objects.select_for_update().filter(request=request, product=product).first()
    if offer is not None and offer.status not in (Status.ASKED, *AGAIN):
        raise ValidationError(
            {
                "product": _("This product is already %(status)s.")
                % {"status": offer.get_status_display()}
            }
        )
    asked = offer is not None and offer.status == Status.ASKED
    offer = offer or Offer(request=request, product=product)
    if not asked:
        offer.asked_by, offer.asked_at, offer.question = None, None, ""
        offer.score = coverage_score(request=request, product=product)
    offer.organization, offer.status = owner.organization, Status.OFFERED
    offer.answered_by, offer.answered_at = actor, timezone.now()
    offer.answer, offer.offering = answer.strip(), offering
    offer.decided_by, offer.decided_at, offer.decision_note = None, None, ""
    offer.full_clean(exclude=["request", "product", "organization"])
    offer.save()
    audit_record(
        actor=actor,
        verb="offer.offered",
        target=offer,
        data={"request": request.pk, "product": product.slug, "asked": asked},
    )
    MAIL_ACTIONS.hit(user=actor)  # rolls the step back when refused
    _notify(offer)
    return offer


@transaction.atomic
def offer_decline(*, offer: Offer, actor: User, reason: str) -> Offer:
    """The owner declines an ask, saying why."""
    offer = Offer.objects.select_for_update().select_related("product").get(pk=offer.pk)
    _answering(actor, offer.product)
    if offer.status != Status.ASKED:
        raise ValidationError({"status": _("Only an offer asked for can be declined.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you decline.")})
    offer.status, offer.answer = Status.DECLINED, reason.strip()
    offer.answered_by, offer.answered_at = actor, timezone.now()
    offer.full_clean(exclude=["request", "product", "organization"])
    offer.save()
    audit_record(actor=actor, verb="offer.declined", target=offer, data={"reason": reason[:500]})
    MAIL_ACTIONS.hit(user=actor)  # rolls the step back when refused
    _notify(offer)
    return offer


@transaction.atomic
def offer_decide(*, offer: Offer, actor: User, accept: bool, note: str = "") -> Offer:
    """The employer accepts an offer or does not take it."""
    offer = Offer.objects.select_for_update().select_related("request").get(pk=offer.pk)
    if not can_edit_request(user=actor, request=offer.request):
        raise PermissionDenied
    if offer.status != Status.OFFERED:
        raise ValidationError({"status": _("Only an offer made can be accepted or not taken.")})
    offer.status = Status.ACCEPTED if accept else Status.NOT_TAKEN
    offer.decided_by, offer.decided_at, offer.decision_note = actor, timezone.now(), note.strip()
    offer.full_clean(exclude=["request", "product", "organization"])
    offer.save()
    audit_record(actor=actor, verb=f"offer.{offer.status}", target=offer, data={"note": note[:500]})
    MAIL_ACTIONS.hit(user=actor)  # rolls the step back when refused
    _notify(offer)
    return offer
