from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from edcluster.accounts.models import Membership, User
from edcluster.accounts.services import membership_set, user_create, user_register
from edcluster.core.concurrency import version_check
from edcluster.core.followups import ORGANIZATION_ADMITTED, ORGANIZATION_PLACE_CHANGED, after_commit
from edcluster.core.ratelimit import RateLimit
from edcluster.core.services import audit_record
from edcluster.core.services import unique_slug as core_unique_slug
from edcluster.organizations import tasks
from edcluster.organizations.models import (
    FieldOfEducation,
    Organization,
    PriorityArea,
    StatusChange,
)

Status = Organization.Status

# Applications to join (the page and the API), per client address and per signed-in person.
JOIN = RateLimit("organizations.join", count=5, seconds=3600)
# People added to organizations (each newcomer gets a mail), per administrator.
INVITE = RateLimit("organizations.invite", count=30, seconds=3600)

# Which membership status may follow which; operators move organizations along these.
TRANSITIONS: dict[str, set[str]] = {
    Status.APPLIED: {Status.ADMITTED, Status.DECLINED},
    Status.DECLINED: {Status.ADMITTED},
    Status.ADMITTED: {Status.SUSPENDED, Status.LEFT},
    Status.SUSPENDED: {Status.ADMITTED, Status.LEFT},
    Status.LEFT: {Status.ADMITTED},
}
REASON_REQUIRED = {Status.DECLINED, Status.SUSPENDED, Status.LEFT}

# What the organization's own staff may edit; the rest is the operators' decision.
MEMBER_EDITABLE = {
    "name_ru",
    "name_en",
    "short_name",
    "short_name_en",
    "country",
    "region",
    "city",
    "website",
    "internet_domain",
    "description_ru",
    "description_en",
    "founded_year",
    "students_count",
    "international_students_count",
    "facts_source",
    "is_sme",
    "priority_areas",
    "fields_of_education",
}
OPERATOR_EDITABLE = MEMBER_EDITABLE | {"kind", "is_key_company", "is_demo"}
RELATIONS = {"priority_areas", "fields_of_education"}


def unique_slug(*, base: str) -> str:
    """A slug for a new organization, numbered when taken."""
    return core_unique_slug(model=Organization, base=base, fallback="organization", length=70)


def _set_fields(*, organization: Organization, fields: dict) -> list[str]:
    changed = []
    for name, value in fields.items():
        if name in RELATIONS:
            continue
        if getattr(organization, name) != value:
            setattr(organization, name, value)
            changed.append(name)
    return changed


def _set_relations(*, organization: Organization, fields: dict) -> list[str]:
    changed = []
    for name in RELATIONS & set(fields):
        records = list(fields[name])
        current = set(getattr(organization, name).values_list("pk", flat=True))
        if {record.pk for record in records} != current:
            getattr(organization, name).set(records)
            changed.append(name)
    return sorted(changed)


def _save_validated(*, organization: Organization) -> None:
    # The unique-domain constraint is checked by clean(), which names the field; the
    # constraint itself still guards against a concurrent writer (IntegrityError below).
    organization.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:  # a concurrent writer took the domain first
        raise ValidationError(
            {"internet_domain": _("Another organization already uses this domain.")}
        ) from error


@transaction.atomic
def organization_apply(
    *,
    fields: dict,
    applicant: User | None = None,
    admin_email: str = "",
    admin_password: str = "",
    admin_first_name: str = "",
    admin_last_name: str = "",
) -> Organization | None:
    """An organization applies to join; its first administrator is the applicant or a new user.

    A new user's account opens when they confirm their address (`accounts.services.
    account_confirm`); the operators hear of the application then (`application_confirmed`).
    An address that already has an account makes nothing (None): its owner is told by mail,
    and the caller answers as for a new one. All or nothing: a bad field anywhere leaves
    neither the organization nor the user behind.
    """
    unknown = set(fields) - MEMBER_EDITABLE - {"kind"}
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    if fields.get("kind") == Organization.Kind.MANAGEMENT_COMPANY:
        raise ValidationError({"kind": _("The Management Company is not admitted by application.")})
    organization = Organization(status=Status.APPLIED)
    _set_fields(organization=organization, fields=fields)
    organization.slug = unique_slug(base=fields.get("short_name") or fields.get("name_en", ""))
    _save_validated(organization=organization)
    _set_relations(organization=organization, fields=fields)
    if applicant is None:
        applicant = user_register(
            email=admin_email,
            password=admin_password,
            first_name=admin_first_name,
            last_name=admin_last_name,
        )
        if applicant is None:  # checked after the fields, so a bad field answers the same
            organization.delete()
            return None
    membership_set(
        user=applicant, organization=organization, role=Membership.Role.ADMIN, actor=applicant
    )
    StatusChange.objects.create(
        organization=organization, from_status="", to_status=Status.APPLIED, actor=applicant
    )
    audit_record(actor=applicant, verb="organization.applied", target=organization)
    if applicant.is_active:
        organization_id = organization.pk
        transaction.on_commit(
            lambda: tasks.notify_application_received.enqueue(organization_id=organization_id)
        )
    return organization


def application_confirmed(*, user_id: int) -> None:
    """The `account_confirmed` follow-up: the applications this person made as a new user go
    to the operators now."""
    waiting = Organization.objects.filter(
        status=Status.APPLIED,
        memberships__user_id=user_id,
        memberships__role=Membership.Role.ADMIN,
    ).values_list("pk", flat=True)
    for organization_id in waiting:
        tasks.notify_application_received.enqueue(organization_id=organization_id)


@transaction.atomic
def organization_update(
    *, organization: Organization, actor: User, fields: dict, expected_version: int | None = None
) -> Organization:
    """Edit an organization's profile; kind and flags are the operators' to change. A save
    from another version than the profile's (`expected_version`) is refused (EditConflict)."""
    allowed = OPERATOR_EDITABLE if actor.is_operator else MEMBER_EDITABLE
    refused = set(fields) - allowed
    if refused:
        raise ValidationError({name: _("You cannot change this field.") for name in refused})
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    version_check(current=organization.version, expected=expected_version)
    changed = _set_fields(organization=organization, fields=fields)
    if changed:
        _save_validated(organization=organization)
    changed += _set_relations(organization=organization, fields=fields)
    if changed:
        organization.version += 1
        organization.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor, verb="organization.updated", target=organization, data={"fields": changed}
        )
    if {"country", "kind"} & set(changed):
        after_commit(ORGANIZATION_PLACE_CHANGED, organization_id=organization.pk)
    return organization


@transaction.atomic
def organization_change_status(
    *, organization: Organization, to_status: str, actor: User, reason: str = ""
) -> Organization:
    """Admit, decline, suspend or mark as left; operators only, the reason is kept."""
    if not actor.is_operator:
        raise PermissionDenied
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if to_status not in Status.values:
        raise ValidationError({"status": _("Unknown membership status.")})
    if to_status not in TRANSITIONS[organization.status]:
        raise ValidationError(
            {
                "status": _("An organization that is %(current)s cannot become %(target)s.")
                % {"current": organization.get_status_display(), "target": Status(to_status).label}
            }
        )
    reason = reason.strip()
    if to_status in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    change = StatusChange.objects.create(
        organization=organization,
        from_status=organization.status,
        to_status=to_status,
        reason=reason,
        actor=actor,
    )
    organization.status = to_status
    organization.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb=f"organization.{to_status}",
        target=organization,
        data={"from": change.from_status, "reason": reason},
    )
    change_id = change.pk
    transaction.on_commit(lambda: tasks.notify_status_changed.enqueue(status_change_id=change_id))
    if to_status == Status.ADMITTED and change.from_status in (Status.APPLIED, Status.DECLINED):
        after_commit(ORGANIZATION_ADMITTED, organization_id=organization.pk)
    return organization


@transaction.atomic
def membership_invite(
    *, organization: Organization, email: str, role: str, actor: User
) -> Membership:
    """Add a person to the organization; a newcomer gets an account and a set-password link."""
    INVITE.hit(user=actor)
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    invited = user is None
    if user is None:
        user = user_create(email=email, password=None)
    membership = membership_set(user=user, organization=organization, role=role, actor=actor)
    if invited:
        user_id, organization_id = user.pk, organization.pk
        transaction.on_commit(
            lambda: tasks.send_invitation.enqueue(user_id=user_id, organization_id=organization_id)
        )
    return membership


def priority_areas_by_ids(ids: list[int]) -> list[PriorityArea]:
    """The priority areas with these ids; an unknown id is a validation error."""
    areas = list(PriorityArea.objects.filter(pk__in=ids))
    if len(areas) != len(set(ids)):
        raise ValidationError({"priority_areas": _("Unknown priority area.")})
    return areas


def fields_by_codes(codes: list[str]) -> list[FieldOfEducation]:
    """The ISCED-F fields with these codes; an unknown code is a validation error."""
    found = list(FieldOfEducation.objects.filter(code__in=codes))
    if len(found) != len(set(codes)):
        raise ValidationError({"fields_of_education": _("Unknown ISCED-F code.")})
    return found
