"""The site's menu for one person: only what they may open, grouped, each label unique.

Each link's visibility is one of the owning app's permission getters, never a rule of its own:
the page behind the link answers 200 to whoever sees it (held by tests/test_menu.py, which walks
every link for every persona)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from edcluster.accounts.selectors import user_memberships
from edcluster.catalog.selectors import owner_candidates
from edcluster.core.selectors import is_operator
from edcluster.demand.selectors import can_read_demand, requester_candidates
from edcluster.mobility.selectors import hosts_intakes, nominates
from edcluster.partnerships.selectors import can_read_partners
from edcluster.projects.selectors import lead_candidates


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str
    name: str  # the route, for tests and the current-page mark


@dataclass(frozen=True)
class Group:
    label: str | Promise
    links: list[Link]


def _link(label: str | Promise, name: str) -> Link:
    return Link(label, reverse(name), name)


def _international(*, user, operator: bool) -> Group:
    """Intakes open to foreigners for everyone; a person's own applications; the cases of the
    offices they work in and their dashboard; nominations for a foreign partner's staff;
    agreements, foreign partners and the map for members' staff and operators; flows by
    country for operators."""
    signed_in = bool(user.is_authenticated)
    partners = signed_in and can_read_partners(user=user)
    applicant = signed_in and user.is_applicant
    office = hosts_intakes(user=user)
    return Group(
        _("International"),
        [
            _link(_("Study and research in Tomsk"), "mobility:home"),
            *([_link(_("My applications"), "mobility:mine")] if applicant else []),
            *([_link(_("International office: cases"), "mobility:cases")] if office else []),
            *([_link(_("Mobility dashboard"), "mobility:dashboard")] if office else []),
            *(
                [_link(_("Nominate students"), "mobility:nominations")]
                if nominates(user=user)
                else []
            ),
            *([_link(_("Agreements"), "partnerships:agreements")] if partners else []),
            *([_link(_("Foreign partners"), "partnerships:partners")] if partners else []),
            *([_link(_("Partners map"), "partnerships:map")] if partners else []),
            *([_link(_("Flows by country"), "mobility:flows")] if operator else []),
        ],
    )


def _quality(*, user, demand: bool) -> list[Link]:
    """Quality's desk: for members' staff (their runs' feedback, offers to rate), experts and
    operators."""
    reviews = demand or getattr(user, "is_expert", False)
    return [_link(_("Quality"), "quality:home")] if reviews else []


def _sales(*, member: bool) -> list[Link]:
    """Orders, licences and their revenue, for members' staff and operators (the cluster's
    published figures are public: in the cluster's group)."""
    if not member:
        return []
    return [
        _link(_("Orders"), "sales:list"),
        _link(_("Licences"), "sales:licences"),
        _link(_("Revenue reports"), "sales:reports"),
    ]


def _demand(*, demand: bool, requester: bool) -> Group:
    """Postings, analytics, coverage and gaps for who may read demand; requests also for who
    states it."""
    return Group(
        _("Demand"),
        [
            *([_link(_("Job postings"), "demand:postings")] if demand else []),
            *([_link(_("Demand analytics"), "demand:analytics")] if demand else []),
            *([_link(_("Employers' requests"), "demand:requests")] if demand or requester else []),
            *([_link(_("Demand coverage"), "matching:coverage")] if demand else []),
            *([_link(_("Skill gaps"), "matching:gaps")] if demand else []),
        ],
    )


def menu(*, user) -> list[Group]:
    """The groups of links this person may open, empty groups left out."""
    operator = is_operator(user=user)
    demand = can_read_demand(user=user)
    signed_in = bool(user.is_authenticated)
    edits_products = signed_in and owner_candidates(user=user).exists()
    requester = signed_in and requester_candidates(user=user).exists()
    member = signed_in and (operator or user_memberships(user=user).exists())
    leads_projects = signed_in and lead_candidates(user=user).exists()
    groups = [
        Group(
            _("Cluster"),
            [
                _link(_("Catalog"), "catalog:catalog"),
                _link(_("Members"), "organizations:directory"),
                _link(_("Skills"), "skills:taxonomy"),
                _link(_("Joint projects"), "projects:list"),
                _link(_("Export of education"), "sales:public"),
            ],
        ),
        _demand(demand=demand, requester=requester),
        Group(
            _("Products"),
            [
                *([_link(_("New product"), "catalog:new")] if edits_products else []),
                *([_link(_("Import products"), "catalog:import")] if edits_products else []),
                *([_link(_("Offers on requests"), "matching:offers")] if member else []),
                *([_link(_("Product proposals"), "matching:proposals")] if demand else []),
                *([_link(_("New project"), "projects:new")] if leads_projects else []),
                *_quality(user=user, demand=demand),
                *_sales(member=member),
            ],
        ),
        _international(user=user, operator=operator),
    ]
    if operator:
        groups.append(
            Group(
                _("Management"),
                [
                    _link(_("Membership applications"), "organizations:review"),
                    _link(_("Product review"), "catalog:review"),
                    _link(_("Postings ingestion"), "demand:ingest"),
                    _link(_("Audit log"), "core:audit"),
                    _link(_("Administration"), "admin:index"),
                ],
            )
        )
    return [group for group in groups if group.links]
