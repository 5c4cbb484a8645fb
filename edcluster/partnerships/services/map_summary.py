"""The partners map's summary (`MapPartner`, `MapQuota`): written again for an agreement by
every service that changes what the map counts of it, in that service's transaction, and built
for every agreement by `partnerships_map_rebuild` and migration 0003.

What it holds, as `selectors.country_map` counts it: each foreign party of an agreement
(an organization of a foreign kind); the quotas of the version that counts (the newest version
every party signed, else, while none is, the newest) and the mobilities used of any version,
summed by the foreign countries of the condition's two sides, over all years and for each
academic year (the quotas of the conditions covering it, the use recorded for it)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.apps import apps as installed_apps
from django.db import transaction

FOREIGN_KINDS = ("foreign_university", "foreign_organization")
BATCH = 5_000


def _years(first: str, last: str) -> list[str]:
    return [f"{year}/{year + 1}" for year in range(int(first[:4]), int(last[:4]) + 1)]


def _ends(valid_until: date | None, terminated_on: date | None) -> date | None:
    ends = [day for day in (valid_until, terminated_on) if day is not None]
    return min(ends) if ends else None


def _scoped(models, name: str, path: str, ids: list[int] | None):
    """The rows of model `name` of these agreements (reached by `path`), or every row."""
    rows = models.get_model("partnerships", name).objects.all()
    return rows if ids is None else rows.filter(**{f"{path}__in": ids})


def _counting_versions(models, ids: list[int] | None) -> set[int]:
    """Per agreement, the newest approved version, else (none approved) the newest."""
    best: dict[int, tuple[bool, int, int]] = {}
    versions = _scoped(models, "AgreementVersion", "agreement_id", ids)
    for pk, agreement_id, number, approved_at in versions.values_list(
        "pk", "agreement_id", "number", "approved_at"
    ):
        candidate = (approved_at is not None, number, pk)
        if agreement_id not in best or candidate > best[agreement_id]:
            best[agreement_id] = candidate
    return {pk for _approved, _number, pk in best.values()}


def _quota_sums(models, ids: list[int] | None, sides: dict[int, str]) -> dict[tuple, list[int]]:
    """{(agreement, country, other country, academic year or ""): [quota, used]}."""
    counting = _counting_versions(models, ids)
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    conditions = _scoped(models, "CooperationCondition", "version__agreement_id", ids)
    found: dict[int, tuple[tuple, set[str]]] = {}
    for row in conditions.values_list(
        "pk", "version_id", "version__agreement_id", "sending_party_id", "receiving_party_id",
        "mobilities_per_year", "first_year", "last_year",
    ):  # fmt: skip
        pk, version_id, agreement_id, sending, receiving, quota, first, last = row
        pair = sorted({sides.get(sending, ""), sides.get(receiving, "")} - {""})
        if not pair:
            continue
        key = (agreement_id, pair[0], pair[1] if len(pair) > 1 else "")
        years = _years(first, last)
        found[pk] = (key, set(years))
        if version_id in counting:
            for year in ("", *years):
                sums[(*key, year)][0] += quota
    uses = _scoped(models, "QuotaUse", "condition__version__agreement_id", ids)
    for condition_id, year, used in uses.values_list("condition_id", "academic_year", "used"):
        if condition_id not in found or not used:
            continue
        key, covered = found[condition_id]
        sums[(*key, "")][1] += used
        if year in covered:
            sums[(*key, year)][1] += used
    return sums


def summary_rows(models, agreement_ids: Iterable[int] | None = None) -> tuple[list, list]:
    """The summary's rows (unsaved) of the agreements, or of every one; `models` is the app
    registry (a migration's historical one, or Django's)."""
    MapPartner = models.get_model("partnerships", "MapPartner")
    MapQuota = models.get_model("partnerships", "MapQuota")
    ids = None if agreement_ids is None else list(agreement_ids)
    agreements = _scoped(models, "Agreement", "pk", ids)
    facts = {
        pk: {
            "owner_id": owner_id, "kind": kind, "valid_from": valid_from,
            "valid_to": _ends(valid_until, terminated_on),
        }
        for pk, owner_id, kind, status, valid_from, valid_until, terminated_on in
        agreements.values_list(
            "pk", "owner_id", "kind", "status", "valid_from", "valid_until", "terminated_on"
        )
    }  # fmt: skip
    statuses = dict(agreements.values_list("pk", "status"))
    parties = _scoped(models, "AgreementParty", "agreement_id", ids)
    sides: dict[int, str] = {}
    partners = []
    seen: set[tuple[int, str]] = set()
    for pk, agreement_id, organization_id, kind, country in parties.values_list(
        "pk", "agreement_id", "organization_id", "organization__kind", "organization__country"
    ):
        if kind not in FOREIGN_KINDS:
            continue
        sides[pk] = country or "?"  # a foreign side of no known country still counts in totals
        first_here, first = (agreement_id, country) not in seen, (agreement_id, "*") not in seen
        seen |= {(agreement_id, country), (agreement_id, "*")}
        partners.append(
            MapPartner(
                agreement_id=agreement_id, partner_id=organization_id, country=country,
                status=statuses[agreement_id], in_country=int(first_here), in_total=int(first),
                **facts[agreement_id],
            )
        )  # fmt: skip
    quotas = [
        MapQuota(
            agreement_id=agreement_id,
            country="" if country == "?" else country,
            other_country="" if other == "?" else other,
            academic_year=year,
            quota=quota,
            used=used,
            **facts[agreement_id],
        )  # fmt: skip
        for (agreement_id, country, other, year), (quota, used) in _quota_sums(
            models, ids, sides
        ).items()
    ]
    return partners, quotas


def map_summary_refresh(*, agreement_ids: Iterable[int]) -> None:
    """Write the summary of these agreements again (inside the calling service's transaction)."""
    ids = sorted(set(agreement_ids))
    if not ids:
        return
    _write(installed_apps, ids)


@transaction.atomic
def map_summary_refresh_partner(*, organization_id: int) -> int:
    """Write again the summary of every agreement this organization is a party to (its country
    or kind changed where partnerships' own services did not see it); returns how many."""
    parties = installed_apps.get_model("partnerships", "AgreementParty")
    ids = set(
        parties.objects.filter(organization_id=organization_id).values_list(
            "agreement_id", flat=True
        )
    )
    map_summary_refresh(agreement_ids=ids)
    return len(ids)


def map_summary_rebuild(models=installed_apps) -> tuple[int, int]:
    """The whole summary built again from every agreement; (partner rows, quota rows)."""
    return _write(models, None)


def _write(models, ids: list[int] | None) -> tuple[int, int]:
    MapPartner = models.get_model("partnerships", "MapPartner")
    MapQuota = models.get_model("partnerships", "MapQuota")
    partners, quotas = summary_rows(models, ids)
    for model in (MapPartner, MapQuota):
        rows = model.objects.all() if ids is None else model.objects.filter(agreement_id__in=ids)
        rows.delete()
    MapPartner.objects.bulk_create(partners, batch_size=BATCH)
    MapQuota.objects.bulk_create(quotas, batch_size=BATCH)
    return len(partners), len(quotas)
