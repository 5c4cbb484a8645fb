"""The stay's reads: a host's dormitories, the languages a person speaks, and the host's
buddies who share one with the applicant (fewest current cases first)."""

import re

from django.db.models import Count, Q, QuerySet

from edcluster.accounts.selectors import organization_ids_of
from edcluster.mobility.models import Application, Buddy, Dormitory
from edcluster.mobility.pipeline import CHAIN_STAGES, CLOSED

# The stages from which a case may be given a bed or a buddy: the applicant has confirmed.
STAY_STAGES = frozenset(CHAIN_STAGES)
_SEPARATORS = re.compile(r"[,;/]|\s+(?:and|и)\s+", re.IGNORECASE)


def languages_of(text: str) -> set[str]:
    """The languages of a list such as "English, French and Russian", in lower case."""
    return {part.strip().lower() for part in _SEPARATORS.split(text or "") if part.strip()}


def applicant_languages(application: Application) -> set[str]:
    profile = getattr(application.applicant, "applicant_profile", None)
    return languages_of(profile.languages if profile else "")


def dormitories_of(*, host_id: int) -> QuerySet[Dormitory]:
    return Dormitory.objects.filter(host_id=host_id)


def buddies_of(*, host_id: int) -> QuerySet[Buddy, Buddy]:
    """The host's available buddies with `current`: their matches on open cases."""
    return (
        Buddy.objects.filter(host_id=host_id, is_active=True)
        .select_related("user")
        .annotate(current=Count("matches", filter=~Q(matches__application__stage__in=CLOSED)))
    )


def buddy_suggestions(application: Application) -> list[Buddy]:
    """The host's buddies who speak one of the applicant's languages, fewest current first."""
    wanted = applicant_languages(application)
    if not wanted:
        return []
    buddies = [
        buddy
        for buddy in buddies_of(host_id=application.host_id)
        if languages_of(buddy.languages) & wanted
    ]
    return sorted(buddies, key=lambda buddy: (buddy.current, buddy.pk))  # type: ignore[attr-defined]


def sees_stay(*, user, application: Application) -> bool:
    """The applicant, the host's staff and operators (not reviewers nor partners)."""
    return (
        application.applicant_id == user.pk
        or user.is_operator
        or organization_ids_of(user=user).filter(organization_id=application.host_id).exists()
    )
