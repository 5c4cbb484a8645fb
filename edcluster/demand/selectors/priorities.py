"""Demand by the state's priority areas of science and technology.

Job postings carry no priority area, so a posting counts for the areas of its occupation: ESCO
occupations carry their ISCO-08 group, and the table below (written by the edcluster team, not
an official correspondence: none exists) names the ISCO-08 groups whose work belongs to each
area of the two official lists in data/ru_st_priorities. A group is given by its code
or a prefix of it ("25" = every ICT professional). One occupation may count for several areas
(a telecommunications engineer is in both "information and telecommunication systems" and
"intelligent transport and telecommunication systems"), so the areas' totals may overlap;
within one area a posting counts once. Employers' requests count for the area they name, or
else for their occupation's areas.
"""

from functools import lru_cache

from django.db.models import Q, Sum

from edcluster.demand.models import ALL_REGIONS, DemandRequest, OccupationDemand
from edcluster.organizations.models import PriorityArea
from edcluster.skills.models import Occupation

DECREE_899 = PriorityArea.List.DECREE_899_2011
DECREE_529 = PriorityArea.List.DECREE_529_2024

# (list, area number) → ISCO-08 groups (codes or prefixes) whose occupations work in the area
ISCO_GROUPS: dict[tuple[str, str], tuple[str, ...]] = {
    # Security and counter-terrorism: police, detectives, fire-fighters, prison and security guards
    (DECREE_899, "1"): ("3355", "5411", "5412", "5413", "5414", "5419"),
    # Nanosystems industry: physicists, chemists, chemical and materials engineers, technicians
    (DECREE_899, "2"): ("2111", "2113", "2145", "2149", "3111", "3116"),
    # Information and telecommunication systems: ICT professionals, technicians and managers,
    # electronics and telecommunications engineers and technicians, ICT installers
    (DECREE_899, "3"): ("25", "35", "1330", "2152", "2153", "3114", "7422"),
    # Life sciences: biologists, health professionals and associates, life science technicians
    (DECREE_899, "4"): ("2131", "22", "32", "3141", "1342"),
    # Advanced weapons and military equipment: ISCO tells armed forces occupations apart only
    # (weapons engineers share 2144/2149 with civil ones)
    (DECREE_899, "5"): ("0",),
    # Environmental management: geosciences, environmental protection and engineering, mining,
    # drilling, water treatment, forestry
    (DECREE_899, "6"): (
        "2112",
        "2114",
        "2133",
        "2143",
        "2146",
        "3117",
        "3132",
        "3143",
        "8111",
        "8113",
    ),
    # Transport and space systems: pilots, air traffic, ship officers, mechanical (incl.
    # aerospace and automotive) engineers, vehicle and aircraft mechanics, drivers, logistics
    (DECREE_899, "7"): (
        "2144",
        "3151",
        "3152",
        "3153",
        "3154",
        "3155",
        "7231",
        "7232",
        "831",
        "832",
        "833",
        "1324",
        "4323",
    ),
    # Energy efficiency, energy saving, nuclear power: electrical engineers and technicians,
    # power plant operators, electrical installers and repairers
    (DECREE_899, "8"): ("2151", "3113", "3131", "741"),
    # High-efficiency and resource-saving energy
    (DECREE_529, "1"): ("2151", "3113", "3131", "741"),
    # Preventive and personalised medicine, healthy longevity
    (DECREE_529, "2"): ("2131", "22", "32", "3141", "1342"),
    # Productive and resilient agriculture: farmers, agronomists, veterinarians, technicians
    (DECREE_529, "3"): ("6", "921", "1311", "2132", "2250", "3142", "3143", "3240"),
    # Security of information: database and network professionals (security specialists)
    (DECREE_529, "4"): ("252",),
    # Intelligent transport and telecommunication systems
    (DECREE_529, "5"): (
        "2144",
        "2153",
        "352",
        "3153",
        "3154",
        "3155",
        "7231",
        "831",
        "832",
        "833",
        "1324",
        "4323",
    ),
    # Socio-cultural identity and education: teachers, education managers and aides,
    # archivists, librarians, social scientists, historians, translators, artists
    (DECREE_529, "6"): (
        "23",
        "1345",
        "2621",
        "2622",
        "2632",
        "2633",
        "2643",
        "265",
        "3433",
        "5312",
    ),
    # Climate adaptation and natural resources
    (DECREE_529, "7"): ("2112", "2114", "2133", "2143", "3132", "3143"),
}


@lru_cache(maxsize=1)
def _areas_of_occupations(state: tuple) -> dict[int, list[int]]:
    """Occupation id → ids of the priority areas its ISCO-08 group belongs to."""
    areas = {
        (area.list, area.code): area.pk
        for area in PriorityArea.objects.filter(list__in=[DECREE_899, DECREE_529])
    }
    found: dict[int, list[int]] = {}
    for pk, code in Occupation.objects.exclude(isco_code="").values_list("pk", "isco_code"):
        for key, prefixes in ISCO_GROUPS.items():
            if key in areas and code.startswith(prefixes):
                found.setdefault(pk, []).append(areas[key])
    return found


def areas_of_occupations() -> dict[int, list[int]]:
    state = (
        Occupation.objects.count(),
        PriorityArea.objects.count(),
        Occupation.objects.order_by("-pk").values_list("pk", flat=True).first(),
    )
    return _areas_of_occupations(state)


def priority_demand(*, region: str = "", period, list_name: str = "") -> list[dict]:
    """Per priority area: postings of the period whose occupation works in it, how many
    occupations they were for, and the employers' requests stated in the period (with their
    headcount) that name the area or whose occupation works in it."""
    by_occupation = areas_of_occupations()
    postings: dict[int, int] = {}
    occupations: dict[int, int] = {}
    rows = (
        OccupationDemand.objects.filter(
            month__gte=period.start, month__lte=period.end, region=region or ALL_REGIONS
        )
        .values("occupation_id")
        .annotate(n=Sum("postings"))
        .values_list("occupation_id", "n")
    )
    for occupation, count in rows:
        for area in by_occupation.get(occupation, ()):
            postings[area] = postings.get(area, 0) + count
            occupations[area] = occupations.get(area, 0) + 1
    requests: dict[int, int] = {}
    headcount: dict[int, int] = {}
    stated = DemandRequest.objects.filter(
        created_at__date__gte=period.start, created_at__date__lt=_after(period.end)
    )
    if region:
        stated = stated.filter(region=region)
    for named, occupation, people in stated.values_list(
        "priority_area_id", "occupation_id", "headcount"
    ):
        for area in [named] if named else by_occupation.get(occupation, ()):
            requests[area] = requests.get(area, 0) + 1
            headcount[area] = headcount.get(area, 0) + people
    areas = PriorityArea.objects.filter(list__in=[DECREE_899, DECREE_529]).order_by("list", "pk")
    if list_name:
        areas = areas.filter(list=list_name)
    return [
        {
            "id": area.pk,
            "list": area.list,
            "code": area.code,
            "name_ru": area.name_ru,
            "name_en": area.name_en,
            "postings": postings.get(area.pk, 0),
            "occupations": occupations.get(area.pk, 0),
            "requests": requests.get(area.pk, 0),
            "headcount": headcount.get(area.pk, 0),
        }
        for area in areas
    ]


def _after(month):
    """The first day of the month after."""
    return month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)


def occupations_of_area(area: PriorityArea) -> Q:
    """A filter of occupations (by ISCO-08 group) that work in the area (for drill-down)."""
    prefixes = ISCO_GROUPS.get((area.list, area.code), ())
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(isco_code__startswith=prefix)
    return condition
