"""Reads of the partnerships app, and who may see or change what.

- Partners (foreign organizations) and their contacts: the staff of any member and operators
  read them; members' editors and operators add and edit them.
- An agreement: the staff of its parties and operators read it (others get 404); the editors of
  its keeping member and operators change it, record a partner's signature and end it; the
  editors of each member party sign for their own organization, and nobody else does (an
  operator signs for no member: the party's own editors do)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from edcluster.accounts.models import Membership
from edcluster.accounts.selectors import (
    can_edit_organization,
    organization_ids_editable,
    organization_ids_of,
)
from edcluster.core.models import AuditEntry
from edcluster.core.selectors import is_operator
from edcluster.core.text import fold_spaces
from edcluster.organizations.models import Organization, OrganizationContact, OrganizationUnit
from edcluster.partnerships.country_groups import countries_of_group
from edcluster.partnerships.models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    CooperationCondition,
    Signature,
)

FOREIGN_KINDS = (Organization.Kind.FOREIGN_UNIVERSITY, Organization.Kind.FOREIGN_ORGANIZATION)


# Whose staff work with partners: admitted members (and a suspended one's, read-only); an
# organization that only applied does not.
MEMBER_STATUSES = (Organization.Status.ADMITTED, Organization.Status.SUSPENDED)


def can_read_partners(*, user) -> bool:
    """Members' staff and operators."""
    if not user.is_authenticated:
        return False
    mine = organization_ids_of(user=user)
    return (
        is_operator(user=user)
        or Organization.objects.filter(pk__in=mine, status__in=MEMBER_STATUSES).exists()
    )


def keeper_candidates(*, user) -> QuerySet[Organization]:
    """The members an agreement may be kept by for this user: admitted ones they edit (any
    for operators), never a foreign partner."""
    members = Organization.objects.filter(status=Organization.Status.ADMITTED).exclude(
        kind__in=FOREIGN_KINDS
    )
    if is_operator(user=user):
        return members
    return members.filter(pk__in=organization_ids_editable(user=user))


def can_edit_partners(*, user) -> bool:
    """Admitted members' editors and operators."""
    if not user.is_authenticated:
        return False
    return is_operator(user=user) or keeper_candidates(user=user).exists()


def access_keeper(*, user, slug: str) -> Organization:
    """A member the user may keep an agreement for (404 unseen, 403 not theirs)."""
    organization = get_object_or_404(
        Organization.objects.exclude(kind__in=FOREIGN_KINDS), slug=slug
    )
    if not keeper_candidates(user=user).filter(pk=organization.pk).exists():
        if not can_read_partners(user=user):
            raise Http404
        raise PermissionDenied
    return organization


def partner_list(*, viewer, query: str = "", country: str = "", group: str = "") -> QuerySet:
    """Foreign partners, with how many agreements the viewer may see each has."""
    if not can_read_partners(user=viewer):
        raise PermissionDenied
    partners = Organization.objects.filter(kind__in=FOREIGN_KINDS)
    if query:
        for word in fold_spaces(query).split():
            partners = partners.filter(search_text__contains=word)
    if country:
        partners = partners.filter(country=country.upper())
    if group:
        partners = partners.filter(country__in=countries_of_group(group))
    visible = agreement_visible(viewer=viewer).values("pk")
    return partners.annotate(
        agreement_count=Count(
            "agreement_parties", filter=Q(agreement_parties__agreement__in=visible), distinct=True
        )
    ).order_by("name_en", "pk")


def access_partner(*, user, slug: str, for_write: bool = False) -> Organization:
    """A foreign partner (404 for anything else or for who may not read partners)."""
    if not can_read_partners(user=user):
        raise PermissionDenied
    partner = get_object_or_404(Organization, slug=slug, kind__in=FOREIGN_KINDS)
    if for_write and not can_edit_partners(user=user):
        raise PermissionDenied
    return partner


def partner_contacts(*, partner: Organization) -> QuerySet[OrganizationContact]:
    return partner.contacts.select_related("unit")


def access_contact(*, user, contact_id: int) -> OrganizationContact:
    """A partner's contact, for removal by who may edit partners."""
    contact = get_object_or_404(
        OrganizationContact.objects.select_related("organization"),
        pk=contact_id,
        organization__kind__in=FOREIGN_KINDS,
    )
    access_partner(user=user, slug=contact.organization.slug, for_write=True)
    return contact


def agreement_visible(*, viewer) -> QuerySet[Agreement]:
    """Agreements with a party the viewer works for; operators see all."""
    agreements = Agreement.objects.defer("pdf")  # the PDF is read by its download only
    if is_operator(user=viewer):
        return agreements
    mine = organization_ids_of(user=viewer)
    return agreements.filter(
        pk__in=AgreementParty.objects.filter(organization_id__in=mine).values("agreement_id")
    )


def agreement_list(
    *,
    viewer,
    query: str = "",
    kind: str = "",
    status: str = "",
    partner: str = "",
    member: str = "",
    group: str = "",
) -> QuerySet[Agreement]:
    """The agreements the viewer may read, filtered, with their parties in two queries."""
    agreements = agreement_visible(viewer=viewer)
    if query:
        agreements = agreements.filter(
            Q(code__icontains=query) | Q(title_en__icontains=query) | Q(title_ru__icontains=query)
        )
    if kind:
        agreements = agreements.filter(kind=kind)
    if status:
        agreements = agreements.filter(status=status)
    # Parties are matched in subqueries, not joins: no DISTINCT over whole rows is needed, so a
    # page is read from the index in the list's order (20,000 agreements: 450 ms a page before).
    for slug in (partner, member):
        if slug:
            agreements = agreements.filter(pk__in=_with_party(organization__slug=slug))
    if group:
        countries = countries_of_group(group)
        agreements = agreements.filter(pk__in=_with_party(organization__country__in=countries))
    parties = AgreementParty.objects.select_related("organization").order_by("position")
    return (
        agreements.select_related("owner")
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("-valid_from", "pk")
    )


def _with_party(**lookups) -> QuerySet:
    return AgreementParty.objects.filter(**lookups).values("agreement_id")


def access_agreement(*, user, agreement_id: int, for_write: bool = False) -> Agreement:
    """An agreement the user may read (404 otherwise), and may change when asked (403)."""
    agreement = get_object_or_404(
        agreement_visible(viewer=user).select_related("owner"), pk=agreement_id
    )
    if for_write and not can_edit_agreement(user=user, agreement=agreement):
        raise PermissionDenied
    return agreement


def can_edit_agreement(*, user, agreement: Agreement, editable: set[int] | None = None) -> bool:
    """The keeping member's editors and operators (`editable`: the user's
    `organizations_editable`, when already read)."""
    if editable is None:
        return can_edit_organization(user=user, organization=agreement.owner)
    return is_operator(user=user) or agreement.owner_id in editable


def organizations_editable(*, user) -> set[int]:
    """The ids of the organizations the user edits (operators' own memberships only): read
    once for every question a page asks about writing and signing."""
    return set(organization_ids_editable(user=user).values_list("organization_id", flat=True))


def access_version(*, user, agreement_id: int, number: int) -> AgreementVersion:
    agreement = access_agreement(user=user, agreement_id=agreement_id)
    return get_object_or_404(agreement.versions.select_related("agreement"), number=number)


def access_condition(*, user, condition_id: int, for_write: bool = False) -> CooperationCondition:
    """A condition of an agreement the user may read (and change, when asked)."""
    condition = get_object_or_404(
        CooperationCondition.objects.select_related("version__agreement__owner"), pk=condition_id
    )
    access_agreement(user=user, agreement_id=condition.version.agreement_id, for_write=for_write)
    return condition


# What a condition shows and exports: who sends and receives, from which units.
CONDITION_RELATED = (
    "sending_party__organization",
    "receiving_party__organization",
    "sending_unit",
    "receiving_unit",
)


def prefetched(instance, name: str) -> bool:
    """Whether the instance's related rows `name` were prefetched (reading them is no query)."""
    return name in getattr(instance, "_prefetched_objects_cache", {})


def parties_prefetch(agreements: list[Agreement]) -> None:
    """Load the agreements' parties with organization and unit, in one query for all."""
    parties = AgreementParty.objects.select_related("organization", "unit")
    prefetch_related_objects(agreements, Prefetch("parties", queryset=parties))


def version_prefetch(version: AgreementVersion) -> None:
    """Load a version's conditions (with their parties and units), signatures and its
    agreement's parties, each in one query, for the reads of its facts and hash."""
    conditions = CooperationCondition.objects.select_related(*CONDITION_RELATED)
    signatures = Signature.objects.defer("pdf")
    prefetch_related_objects(
        [version],
        Prefetch("conditions", queryset=conditions),
        Prefetch("signatures", queryset=signatures),
    )
    parties_prefetch([version.agreement])


def agreements_prefetch(agreements: list[Agreement]) -> None:
    """Load the agreements' parties and every version with its conditions and signatures, in
    five queries for all (an export of many)."""
    conditions = CooperationCondition.objects.select_related(*CONDITION_RELATED)
    versions = AgreementVersion.objects.prefetch_related(
        Prefetch("conditions", queryset=conditions),
        Prefetch("signatures", queryset=Signature.objects.defer("pdf")),
    )
    prefetch_related_objects(agreements, Prefetch("versions", queryset=versions))
    parties_prefetch(agreements)


def agreement_parties(*, agreement: Agreement) -> list[AgreementParty]:
    """Its parties in order with organization and unit: those prefetched when there are
    (`parties_prefetch`), else one query."""
    if prefetched(agreement, "parties"):
        return list(agreement.parties.all())
    return list(agreement.parties.select_related("organization", "unit"))


def organizations_with_staff(organization_ids) -> set[int]:
    """Which of the organizations someone here works for, in one query (`has_staff` of many)."""
    return set(
        Membership.objects.filter(organization_id__in=organization_ids).values_list(
            "organization_id", flat=True
        )
    )


def has_staff(organization: Organization) -> bool:
    """Whether anyone here works for the organization (else its signature is recorded on its
    behalf)."""
    return Membership.objects.filter(organization=organization).exists()


def access_party_to_sign(*, user, agreement: Agreement, party_id: int) -> AgreementParty:
    """A party the user may sign for: its own editors only (not operators)."""
    party = get_object_or_404(agreement.parties.select_related("organization"), pk=party_id)
    editable = organization_ids_editable(user=user)
    if not editable.filter(organization_id=party.organization_id).exists():
        raise PermissionDenied
    if not has_staff(party.organization):
        raise PermissionDenied(_("Nobody works here for this party: record its signature instead."))
    return party


def access_party_on_behalf(*, user, agreement: Agreement, party_id: int) -> AgreementParty:
    """A party with no staff here, whose signature the keeping member's editors record."""
    party = get_object_or_404(agreement.parties.select_related("organization"), pk=party_id)
    if not can_edit_agreement(user=user, agreement=agreement):
        raise PermissionDenied
    if has_staff(party.organization):
        raise PermissionDenied(_("This party has staff here: they sign for it themselves."))
    return party


def parties_signable_by(
    *, user, agreement: Agreement, editable: set[int] | None = None
) -> list[AgreementParty]:
    """The parties the user may sign for: those whose editor they are (an operator as such
    signs for none)."""
    if editable is None:
        editable = organizations_editable(user=user)
    return [
        party
        for party in agreement_parties(agreement=agreement)
        if party.organization_id in editable
    ]


def agreement_versions(*, agreement: Agreement) -> QuerySet[AgreementVersion]:
    """Every version, newest first, with its signatures and conditions."""
    signatures = Signature.objects.defer("pdf").select_related("party__organization")
    return agreement.versions.order_by("-number").prefetch_related(
        Prefetch("signatures", queryset=signatures),
        Prefetch(
            "conditions",
            queryset=CooperationCondition.objects.select_related(
                *CONDITION_RELATED
            ).prefetch_related("quota_uses"),
        ),
    )


def agreement_page_versions(*, agreement: Agreement) -> list[AgreementVersion]:
    """Every version, newest first; the newest with its signatures and its conditions with
    their quota use. The conditions' parties are the agreement's, read once
    (`agreement_parties`), and their units one query if they name any: small queries with no
    joins (the page needs no older version's conditions, and building the joins of
    `agreement_versions` cost more than running them)."""
    versions = list(agreement.versions.order_by("-number"))
    latest = versions[0]
    prefetch_related_objects(
        [latest],
        Prefetch("signatures", queryset=Signature.objects.defer("pdf")),
        Prefetch(
            "conditions", queryset=CooperationCondition.objects.prefetch_related("quota_uses")
        ),
    )
    parties = {party.pk: party for party in agreement_parties(agreement=agreement)}
    conditions = list(latest.conditions.all())
    named = {c.sending_unit_id for c in conditions} | {c.receiving_unit_id for c in conditions}
    units = OrganizationUnit.objects.in_bulk(named - {None}) if named - {None} else {}
    for condition in conditions:
        condition.sending_party = parties[condition.sending_party_id]
        condition.receiving_party = parties[condition.receiving_party_id]
        condition.sending_unit = units.get(condition.sending_unit_id)
        condition.receiving_unit = units.get(condition.receiving_unit_id)
    for signature in latest.signatures.all():
        signature.party = parties[signature.party_id]
    return versions


def agreements_of_partner(*, viewer, partner: Organization) -> QuerySet[Agreement]:
    return agreement_list(viewer=viewer, partner=partner.slug)


def agreement_events(*, agreement: Agreement) -> QuerySet[AuditEntry]:
    """The audit entries about the agreement, oldest first (its history to its parties)."""
    kind = ContentType.objects.get_for_model(Agreement)
    return (
        AuditEntry.objects.filter(target_type=kind, target_id=str(agreement.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )


def access_signature(*, user, signature_id: int) -> Signature:
    """A signature of an agreement the user may read."""
    signature = get_object_or_404(Signature.objects.select_related("version"), pk=signature_id)
    access_agreement(user=user, agreement_id=signature.version.agreement_id)
    return signature


def pdf_response(data: bytes | memoryview | None, name: str) -> HttpResponse:
    """A stored PDF as a download (404 when there is none)."""
    if not data:
        raise Http404
    response = HttpResponse(bytes(data), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def iia_response(xml: bytes, agreement: Agreement) -> HttpResponse:
    """An agreement's IIA get response as a download (application/xml)."""
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    name = f"iia-{agreement.pk}.xml"
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
