"""The partners map's summary is what a recount gives, after every kind of write: the rows the
services keep equal a rebuild from every agreement, and the map's figures read from them equal a
count by hand over agreements, parties, versions, conditions and their use."""

from collections import Counter, defaultdict
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from edcluster.partnerships import services
from edcluster.partnerships.models import Agreement, MapPartner, MapQuota
from edcluster.partnerships.selectors.country_map import MapFilters, country_map
from edcluster.partnerships.services.map_summary import summary_rows
from edcluster.partnerships.tests.factories import (
    agreement_make,
    condition_data,
    condition_make,
    isced_make,
    partner_make,
    sign,
)

pytestmark = pytest.mark.django_db
PARTNER_FIELDS = ("agreement_id", "partner_id", "country", "owner_id", "kind", "status")
QUOTA_FIELDS = ("agreement_id", "country", "other_country", "academic_year", "quota", "used")
DATES = ("valid_from", "valid_to")


def stored() -> tuple[set, set]:
    return (
        set(MapPartner.objects.values_list(*PARTNER_FIELDS, *DATES)),
        set(MapQuota.objects.values_list(*QUOTA_FIELDS, *DATES)),
    )


def rebuilt() -> tuple[set, set]:
    partners, quotas = summary_rows(apps)
    return (
        {tuple(getattr(row, name) for name in (*PARTNER_FIELDS, *DATES)) for row in partners},
        {tuple(getattr(row, name) for name in (*QUOTA_FIELDS, *DATES)) for row in quotas},
    )


def _valid_in(agreement: Agreement, year: int) -> bool:
    start, end = date(year, 1, 1), date(year, 12, 31)
    ends = [day for day in (agreement.valid_until, agreement.terminated_on) if day]
    return agreement.valid_from <= end and all(day >= start for day in ends)


def _count_one(by: dict, agreement: Agreement, year: int | None) -> None:
    academic = f"{year}/{year + 1}" if year else ""
    foreign = {
        party.pk: party.organization.country
        for party in agreement.parties.select_related("organization")
        if party.organization.is_foreign
    }
    for country in set(foreign.values()):
        by[country]["agreements"] += 1
        by[country][agreement.status] += 1
    versions = list(agreement.versions.order_by("number"))
    approved = [version for version in versions if version.approved_at]
    counting = (approved or versions)[-1]
    for version in versions:
        for condition in version.conditions.all():
            ends = (condition.sending_party_id, condition.receiving_party_id)
            sides = {foreign[pk] for pk in ends if foreign.get(pk)}
            covers = not year or academic in condition.years
            for country in sides:
                if version.pk == counting.pk and covers:
                    by[country]["quota"] += condition.mobilities_per_year
                for use in condition.quota_uses.all():
                    if not year or (covers and use.academic_year == academic):
                        by[country]["used"] += use.used


def by_hand(year: int | None = None) -> dict[str, dict[str, int]]:
    """Agreements by status, quotas and use per country, counted over every row in Python."""
    by: dict[str, Counter] = defaultdict(Counter)
    for agreement in Agreement.objects.all():
        if year is None or _valid_in(agreement, year):
            _count_one(by, agreement, year)
    return {country: {k: v for k, v in counts.items() if v} for country, counts in by.items()}


def from_map(operator, year: int | None = None) -> dict[str, dict[str, int]]:
    found = country_map(viewer=operator, filters=MapFilters(year=year))
    return {
        row.country: {k: v for k, v in row.values.items() if v and k != "partners"}
        for row in found.rows
        if any(v for k, v in row.values.items() if k not in ("partners",))
    }


def _recounted(operator) -> None:
    assert stored() == rebuilt()
    for year in (None, 2026, 2028, 2031):
        assert from_map(operator, year) == by_hand(year), year


def test_the_summary_is_a_recount_after_each_write(organization, other_organization, operator):
    isced_make()
    jilin = partner_make()
    snu = partner_make("snu", domain="snu.ac.kr", name_en="SNU", country="KR")
    iia = agreement_make(organization, jilin, snu)
    out = condition_make(iia, organization, jilin, mobilities_per_year=4)
    condition_make(iia, snu, organization, mobilities_per_year=3, last_year="2030/2031")
    condition_make(iia, jilin, snu, mobilities_per_year=2)  # between two foreign partners
    _recounted(operator)
    for signer in (organization, jilin, snu):
        sign(iia, signer)
    services.quota_use_set(condition=out, actor=None, academic_year="2027/2028", used=3)
    _recounted(operator)
    version = services.agreement_amend(agreement=iia, actor=None)
    changed = version.conditions.get(sending_party__organization=organization)
    data = condition_data(iia, organization, jilin, mobilities_per_year=9)
    services.condition_update(condition=changed, actor=None, data=data)
    _recounted(operator)  # version 1's quotas still count
    for signer in (organization, jilin, snu):
        sign(iia, signer)
    services.partner_update(partner=snu, actor=None, country="JP")  # a party moves
    _recounted(operator)

    mou = agreement_make(other_organization, jilin, kind=Agreement.Kind.MOU, code="MOU-1")
    doomed = condition_make(mou, other_organization, jilin, mobilities_per_year=5)
    condition_make(mou, jilin, other_organization, mobilities_per_year=1)
    services.condition_delete(condition=doomed, actor=None)
    services.agreement_update(agreement=mou, actor=None, valid_until=date(2027, 6, 30))
    _recounted(operator)
    services.agreement_terminate(agreement=mou, actor=None, on=date(2026, 12, 1), reason="Ended")
    _recounted(operator)
    services.agreements_expiry(today=date(2032, 1, 1))  # the IIA expires
    assert Agreement.objects.get(pk=iia.pk).status == Agreement.Status.EXPIRED
    _recounted(operator)
    Agreement.objects.filter(pk=mou.pk).delete()  # its summary goes with it
    _recounted(operator)


def test_the_command_rebuilds_a_summary_written_in_bulk(organization, operator):
    isced_make()
    jilin = partner_make()
    iia = agreement_make(organization, jilin)
    condition_make(iia, organization, jilin, mobilities_per_year=4)
    expected = stored()
    MapPartner.objects.all().delete()
    MapQuota.objects.all().delete()  # as after rows stored in bulk, around the services
    call_command("partnerships_map_rebuild", verbosity=0)
    assert stored() == expected
    assert from_map(operator)["CN"] == {"agreements": 1, "draft": 1, "quota": 4}


def test_a_partner_moved_on_its_organization_profile_moves_on_the_map(
    organization, operator, django_capture_on_commit_callbacks
):
    """The organizations app's own profile edit does not know the map: its follow-up
    (`organization_place_changed`) has partnerships count the partner's agreements again."""
    from edcluster.organizations.services import organization_update

    isced_make()
    jilin = partner_make()
    iia = agreement_make(organization, jilin)
    condition_make(iia, organization, jilin, mobilities_per_year=4)
    with django_capture_on_commit_callbacks(execute=True):
        organization_update(organization=jilin, actor=operator, fields={"country": "VN"})
    assert set(MapPartner.objects.filter(agreement=iia).values_list("country", flat=True)) == {"VN"}
    _recounted(operator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        organization_update(organization=jilin, actor=operator, fields={"website": "https://x.cn"})
    assert callbacks == []  # neither country nor kind: nothing to count again
