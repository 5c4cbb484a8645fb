"""The projects' figures on the partners map (`partnerships.selectors.country_map`), registered
from `ProjectsConfig.ready`: joint programmes by the countries of their foreign participants,
laboratories and centres by the country they are in.

The map's filters apply as they read for projects: a region keeps its countries; a kind keeps
the programmes running under an agreement of that kind, and the laboratories only for the kind
"joint laboratory or centre"; a member keeps the projects it takes part in; a year keeps the
projects running at some time in it (a laboratory also opened by its end). Cancelled projects
never count, and only the projects the viewer may read do."""

from collections import defaultdict
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from edcluster.partnerships.models import Agreement
from edcluster.partnerships.selectors import FOREIGN_KINDS
from edcluster.partnerships.selectors.country_map import (
    Column,
    Counted,
    MapFilters,
    Source,
    countries_of_group,
)
from edcluster.projects.models import Laboratory, Participant, Project
from edcluster.projects.selectors import project_visible

COLUMNS = (
    Column("programmes", _("Joint programmes")),
    Column("laboratories", _("Laboratories and centres")),
)
HOME = "RU"  # the cluster's own country: the map is of foreign partners
NOTE = _(
    "Joint programmes count for the countries of their foreign participants, laboratories and "
    "centres for the country they are in (those in Russia do not count: the map is of foreign "
    "partners); cancelled projects do not count. A kind keeps the programmes under an agreement "
    "of that kind (laboratories only for joint laboratories), a member the projects it takes "
    "part in, a year the projects running in it."
)


def _projects(*, viewer, filters: MapFilters) -> QuerySet[Project]:
    """The projects the viewer may read that the member and year filters keep."""
    projects = project_visible(viewer=viewer).exclude(status=Project.Status.CANCELLED)
    if filters.member:
        projects = projects.filter(participants__organization__slug=filters.member)
    if filters.year:
        start, end = date(filters.year, 1, 1), date(filters.year, 12, 31)
        projects = projects.filter(starts_on__lte=end, ends_on__gte=start)
    return projects


def _tally(counted: Counted, key: str, rows, filters: MapFilters) -> None:
    """Count each project once per country and once in the total."""
    by_country: dict[str, set[int]] = defaultdict(set)
    group = countries_of_group(filters.group) if filters.group else None
    for project_id, country in rows:
        if country and country != HOME and (group is None or country in group):
            by_country[country].add(project_id)
    for country, ids in by_country.items():
        counted.by_country[country][key] = len(ids)
    counted.totals[key] = len(set().union(*by_country.values()))


def count_projects(*, viewer, filters: MapFilters) -> Counted:
    """Two queries: the foreign participants of the programmes, the laboratories' countries."""
    projects = _projects(viewer=viewer, filters=filters)
    counted = Counted()
    programmes = projects.filter(kind=Project.Kind.PROGRAMME, programme__isnull=False)
    if filters.kind:
        programmes = programmes.filter(programme__agreement__kind=filters.kind)
    foreign = Participant.objects.filter(
        Q(role=Participant.Role.FOREIGN) | Q(organization__kind__in=FOREIGN_KINDS),
        project__in=programmes.values("pk"),
    )
    rows = foreign.order_by().values_list("project_id", "organization__country")
    _tally(counted, "programmes", rows, filters)
    laboratories = Laboratory.objects.filter(project__in=projects.values("pk"))
    if filters.kind and filters.kind != Agreement.Kind.LABORATORY:
        laboratories = laboratories.none()
    if filters.year:
        laboratories = laboratories.filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=date(filters.year, 12, 31))
        )
    _tally(counted, "laboratories", laboratories.values_list("project_id", "country"), filters)
    return counted


# Counted from the projects' own rows on every map (two grouped queries, a few milliseconds
# with 2,000 projects): no summary to keep.
SOURCE = Source(COLUMNS, count_projects, note=NOTE)
