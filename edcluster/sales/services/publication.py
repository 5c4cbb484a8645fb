"""Operators publish a year's aggregates for the public page (and take them back): a snapshot
of the cluster's contracted and received revenue, export share, and the revenue by quarter,
flow and buyer's country. Nothing about a single order, member or buyer is published."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edcluster.core.selectors import require_operator
from edcluster.core.services import audit_record
from edcluster.sales import reports
from edcluster.sales.models import PublishedYear

PUBLISHED_REPORTS = ("period", "flow", "country")


def _rows(rows) -> list[dict]:
    return [
        {"key": row.key, "contracted": str(row.contracted), "received": str(row.received)}
        for row in rows
    ]


def year_figures(*, viewer, year: int) -> dict:
    """The aggregates of the year as the viewer (an operator: the whole cluster) reads them."""
    totals = reports.totals(viewer=viewer, year=year)
    return {
        "contracted": str(totals["contracted"]),
        "received": str(totals["received"]),
        "export_share": None if totals["export_share"] is None else str(totals["export_share"]),
        "left_out": totals["left_out"],
        **{
            name: _rows(reports.report(viewer=viewer, name=name, year=year))
            for name in PUBLISHED_REPORTS
        },
    }


@transaction.atomic
def year_publish(*, year: int, actor) -> PublishedYear:
    """Publish (or bring up to date) the year's aggregates; operators only."""
    require_operator(user=actor)
    if year not in reports.years(viewer=actor):
        raise ValidationError({"year": _("There is no revenue in %(year)s.") % {"year": year}})
    published, _created = PublishedYear.objects.update_or_create(
        year=year,
        defaults={
            "figures": year_figures(viewer=actor, year=year),
            "published_at": timezone.now(),
            "published_by": actor,
        },
    )
    audit_record(actor=actor, verb="sales.year_published", target=published, data={"year": year})
    return published


@transaction.atomic
def year_unpublish(*, year: int, actor) -> None:
    """Take a year's aggregates off the public page; operators only."""
    require_operator(user=actor)
    deleted, _rows_gone = PublishedYear.objects.filter(year=year).delete()
    if deleted:
        audit_record(actor=actor, verb="sales.year_unpublished", target=None, data={"year": year})
