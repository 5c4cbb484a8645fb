"""What state an agreement is in, from its versions and signatures, and the conflicts (409) of
writing what is frozen."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.partnerships.models import Agreement, AgreementVersion


class AgreementConflict(ValidationError):
    """A write the agreement's state forbids (a signed version edited, a second signature):
    the API answers 409, a page shows the message on its form."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="conflict")


def version_is_frozen(version: AgreementVersion) -> bool:
    """A version that any side signed never changes again."""
    return version.signatures.exists()


def latest_version(agreement: Agreement) -> AgreementVersion:
    """The newest version: the one being edited or signed."""
    return agreement.versions.order_by("-number").first()  # type: ignore[return-value]


def version_in_effect(agreement: Agreement) -> AgreementVersion | None:
    """The newest version every party signed (EWP's snapshot rule): it stays in effect while a
    newer one waits for signatures."""
    return agreement.versions.filter(approved_at__isnull=False).order_by("-number").first()


def agreement_require_live(agreement: Agreement) -> None:
    if agreement.status in (Agreement.Status.TERMINATED, Agreement.Status.EXPIRED):
        raise AgreementConflict(_("The agreement has ended; it changes no more."))


def version_require_open(version: AgreementVersion) -> None:
    """Refuse (409) to change a version that is signed or no longer the newest."""
    agreement_require_live(version.agreement)
    if version_is_frozen(version):
        raise AgreementConflict(
            _("This version is signed and cannot change; amend the agreement for a new version.")
        )
    if version.agreement.versions.filter(number__gt=version.number).exists():
        raise AgreementConflict(_("A newer version of this agreement exists."))


def status_of(agreement: Agreement, *, today: date | None = None) -> str:
    """The status its versions, signatures and dates give it; terminated stays terminated."""
    if agreement.status == Agreement.Status.TERMINATED:
        return agreement.status
    today = today or timezone.localdate()
    if (
        agreement.valid_until
        and agreement.valid_until < today
        and agreement.versions.filter(approved_at__isnull=False).exists()
    ):
        return Agreement.Status.EXPIRED
    if version_in_effect(agreement) is not None:
        return Agreement.Status.IN_EFFECT
    if latest_version(agreement).signatures.exists():
        return Agreement.Status.AWAITING
    return Agreement.Status.DRAFT


def agreement_status_refresh(agreement: Agreement, *, today: date | None = None) -> bool:
    """Store the status the agreement has now; whether it changed."""
    status = status_of(agreement, today=today)
    if status == agreement.status:
        return False
    agreement.status = status
    agreement.save(update_fields=["status", "updated_at"])
    return True
