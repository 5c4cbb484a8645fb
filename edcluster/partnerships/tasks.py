"""Background work of partnerships; tasks take ids, call one service and are safe to run twice."""

from django.tasks import task

from edcluster.partnerships.services.map_summary import map_summary_refresh_partner


@task()
def refresh_partner_on_map(*, organization_id: int) -> int:
    """Count this organization's agreements again where the map shows them (its country or kind
    changed on its profile); returns how many agreements were counted."""
    return map_summary_refresh_partner(organization_id=organization_id)


def partner_place_changed(*, organization_id: int) -> None:
    """The `organization_place_changed` follow-up: the map's summary of the organization's
    agreements is counted again, in the background."""
    refresh_partner_on_map.enqueue(organization_id=organization_id)
