"""The stay: the host's office offers a dormitory bed to a confirmed case, the applicant
accepts or declines it, and the office assigns a buddy who shares one of the applicant's
languages. A dormitory never holds more offered or accepted beds than its capacity on any
night; every write is audited."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.core.services import audit_record
from edcluster.mobility.models import Accommodation, Application, Buddy, BuddyMatch, Dormitory
from edcluster.mobility.selectors.access import works_cases_of
from edcluster.mobility.selectors.stay import STAY_STAGES, applicant_languages, languages_of

HELD = (Accommodation.Status.OFFERED, Accommodation.Status.ACCEPTED)


def _stage_check(application: Application) -> None:
    if application.stage not in STAY_STAGES:
        raise ValidationError(
            {"stage": _("Only a case the applicant has confirmed (and not closed) gets this.")}
        )


def beds_taken(*, dormitory: Dormitory, from_date: date, until_date: date, skip: int) -> int:
    """The most beds held on any night of [from_date, until_date), the case `skip` aside."""
    held = Accommodation.objects.filter(
        dormitory=dormitory,
        status__in=HELD,
        from_date__lt=until_date,
        until_date__gt=from_date,
    ).exclude(application_id=skip)
    events: list[tuple[date, int]] = []
    for start, end in held.values_list("from_date", "until_date"):
        events += [(max(start, from_date), 1), (end, -1)]
    most = current = 0
    for _day, change in sorted(events):  # a leaving (-1) sorts before an arrival the same day
        current += change
        most = max(most, current)
    return most


@transaction.atomic
def accommodation_offer(
    *,
    application: Application,
    actor,
    dormitory_id: int,
    room: str,
    from_date: date,
    until_date: date,
) -> Accommodation:
    """Offer (or offer again) a bed; the applicant answers it anew."""
    if not works_cases_of(user=actor, application=application):
        raise PermissionDenied
    _stage_check(application)
    dormitory = (
        Dormitory.objects.select_for_update()
        .filter(pk=dormitory_id, host_id=application.host_id)
        .first()
    )
    if dormitory is None:
        raise ValidationError({"dormitory": _("No dormitory of the host has this id.")})
    room = room.strip()
    if not room:
        raise ValidationError({"room": _("Name the room.")})
    if from_date < application.planned_arrival or from_date >= application.planned_departure:
        raise ValidationError({"from_date": _("The bed starts within the planned stay.")})
    if until_date <= from_date or until_date > application.planned_departure:
        raise ValidationError(
            {"until_date": _("The bed ends after it starts and by the planned departure.")}
        )
    taken = beds_taken(
        dormitory=dormitory, from_date=from_date, until_date=until_date, skip=application.pk
    )
    if taken >= dormitory.capacity:
        raise ValidationError(
            {"dormitory": _("The dormitory has no free bed on some of these nights.")}
        )
    accommodation, _created = Accommodation.objects.update_or_create(
        application=application,
        defaults={
            "dormitory": dormitory,
            "room": room,
            "from_date": from_date,
            "until_date": until_date,
            "status": Accommodation.Status.OFFERED,
            "offered_by": actor,
            "offered_at": timezone.now(),
            "answered_at": None,
        },
    )
    audit_record(actor=actor, verb="mobility.bed_offered", target=application)
    return accommodation


@transaction.atomic
def accommodation_answer(*, application: Application, actor, accept: bool) -> Accommodation:
    """The applicant accepts or declines the bed offered."""
    if application.applicant_id != actor.pk:
        raise PermissionDenied
    accommodation = (
        Accommodation.objects.select_for_update().filter(application=application).first()
    )
    if accommodation is None:
        raise ValidationError({"accommodation": _("No bed is offered on this case.")})
    if accommodation.status != Accommodation.Status.OFFERED:
        raise ValidationError({"accommodation": _("This offer is already answered.")})
    accommodation.status = (
        Accommodation.Status.ACCEPTED if accept else Accommodation.Status.DECLINED
    )
    accommodation.answered_at = timezone.now()
    accommodation.save(update_fields=["status", "answered_at"])
    verb = "mobility.bed_accepted" if accept else "mobility.bed_declined"
    audit_record(actor=actor, verb=verb, target=application)
    return accommodation


@transaction.atomic
def buddy_assign(*, application: Application, actor, buddy_id: int) -> BuddyMatch:
    """Assign (or change) the case's buddy: one of the host's, sharing a language."""
    if not works_cases_of(user=actor, application=application):
        raise PermissionDenied
    _stage_check(application)
    buddy = (
        Buddy.objects.select_related("user")
        .filter(pk=buddy_id, host_id=application.host_id, is_active=True)
        .first()
    )
    if buddy is None:
        raise ValidationError({"buddy_id": _("No available buddy of the host has this id.")})
    if not languages_of(buddy.languages) & applicant_languages(application):
        raise ValidationError(
            {"buddy_id": _("The buddy speaks none of the applicant's languages.")}
        )
    match, _created = BuddyMatch.objects.update_or_create(
        application=application,
        defaults={"buddy": buddy, "assigned_by": actor, "assigned_at": timezone.now()},
    )
    audit_record(actor=actor, verb="mobility.buddy_assigned", target=application)
    return match
