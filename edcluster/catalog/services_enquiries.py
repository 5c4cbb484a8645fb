"""Writes about visitors' enquiries: anyone asks a product's owners, their editors answer."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.accounts.models import User
from edcluster.catalog.models import Enquiry, Offering, Product
from edcluster.core.ratelimit import RateLimit
from edcluster.core.runs import enqueue_on_commit
from edcluster.core.services import audit_record

# Per client address and per e-mail address given (and per account when signed in): a form
# anyone may send, mailed to people, must not become a way to flood their inboxes.
ENQUIRY_LIMIT = RateLimit("catalog.enquiry", count=5, seconds=3600)


def enquiry_create(
    *,
    product: Product,
    name: str,
    email: str,
    message: str,
    user: User | None = None,
    address: str = "",
    language: str = "",
    offering: Offering | None = None,
) -> Enquiry:
    """Store a visitor's question about a published product and mail the lead owner's editors
    after the commit; rate-limited and audited."""
    # Counted before and outside the transaction: the database cache's counter must not be
    # rolled back with a refused enquiry.
    ENQUIRY_LIMIT.hit(user=user, address=address, key=email, by=())
    with transaction.atomic():
        return _enquiry_store(
            product=product,
            name=name,
            email=email,
            message=message,
            user=user,
            language=language,
            offering=offering,
        )


def _enquiry_store(
    *,
    product: Product,
    name: str,
    email: str,
    message: str,
    user: User | None,
    language: str,
    offering: Offering | None,
) -> Enquiry:
    if product.status != Product.Status.PUBLISHED:
        raise ValidationError(_("Only products in the public catalog take enquiries."))
    if offering is not None and offering.product_id != product.pk:
        raise ValidationError({"offering": _("The offering belongs to another product.")})
    signed_in = user if user is not None and user.is_authenticated else None
    enquiry = Enquiry(
        product=product,
        offering=offering,
        name=name.strip(),
        email=email.strip(),
        message=message.strip(),
        user=signed_in,
        language=language[:2],
    )
    enquiry.full_clean()
    enquiry.save()
    # The audit names the product, not the visitor's address: the enquiry itself holds that.
    audit_record(
        actor=signed_in, verb="enquiry.received", target=product, data={"enquiry": enquiry.pk}
    )
    enqueue_on_commit("edcluster.catalog.tasks.notify_enquiry", enquiry_id=enquiry.pk)
    return enquiry


@transaction.atomic
def enquiry_answer(*, enquiry: Enquiry, actor: User) -> Enquiry:
    """An editor of the product marks an enquiry answered (answering itself is by e-mail)."""
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.answered_at is not None:
        raise ValidationError(_("This enquiry is marked answered already."))
    enquiry.answered_at = timezone.now()
    enquiry.answered_by = actor
    enquiry.save(update_fields=["answered_at", "answered_by", "updated_at"])
    audit_record(
        actor=actor, verb="enquiry.answered", target=enquiry.product, data={"enquiry": enquiry.pk}
    )
    return enquiry
