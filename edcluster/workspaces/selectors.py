"""Each role's workspace: the queues and lists a signed-in person starts from, read through the
apps' own selectors (their permission getters decide what each person sees).

The workspace is the top layer (core/layers.py): it reads every app below it, none of them
reads it."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext

from edcluster.accounts.models import Membership
from edcluster.accounts.selectors import organization_ids_of, user_memberships
from edcluster.catalog.models import Product
from edcluster.catalog.selectors import import_runs, owner_candidates, product_visible, review_queue
from edcluster.core.models import RunStatus
from edcluster.core.selectors import is_operator
from edcluster.demand.models import DemandRequest
from edcluster.demand.selectors import request_list, requester_candidates, run_list
from edcluster.matching.models import Offer, Proposal
from edcluster.matching.selectors.offers import covered_requests, offer_list
from edcluster.matching.selectors.proposals import proposal_list
from edcluster.organizations.models import Organization
from edcluster.organizations.selectors import applications_pending

UNFINISHED = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.FAILED, RunStatus.INTERRUPTED)
SHOWN = 8  # items listed under a queue; its count and link say the rest


@dataclass(frozen=True)
class Item:
    text: str
    url: str
    note: str | Promise = ""


@dataclass(frozen=True)
class Queue:
    label: str | Promise
    count: int
    url: str
    items: list[Item] = field(default_factory=list)


def _url(name: str, *args, **query) -> str:
    address = reverse(name, args=args)
    return f"{address}?{urlencode(query)}" if query else address


def operator_queues(*, user) -> list[Queue]:
    """What waits for the Management Company: applications, reviews, open requests, proposals,
    offers, and imports that failed or still run."""
    applications = applications_pending(viewer=user)
    reviews = review_queue(viewer=user)
    requests = request_list(viewer=user, status=DemandRequest.Status.OPEN)
    proposals = proposal_list(viewer=user).filter(status=Proposal.Status.PROPOSED)
    asked = offer_list(viewer=user, status=Offer.Status.ASKED)
    offered = offer_list(viewer=user, status=Offer.Status.OFFERED)
    return [
        Queue(
            _("Membership applications to decide"),
            applications.count(),
            _url("organizations:review"),
            [Item(o.name, _url("organizations:detail", o.slug)) for o in applications[:SHOWN]],
        ),
        Queue(
            _("Products in review"),
            reviews.count(),
            _url("catalog:review"),
            [Item(p.title, _url("catalog:product", p.slug)) for p in reviews[:SHOWN]],
        ),
        Queue(
            _("Open employers' requests"),
            requests.count(),
            _url("demand:requests", status=DemandRequest.Status.OPEN),
            [Item(r.title, _url("demand:request", r.pk)) for r in requests[:SHOWN]],
        ),
        Queue(
            _("Proposals waiting for a decision"),
            proposals.count(),
            _url("matching:proposals"),
            [Item(p.title, _url("matching:proposal", p.pk)) for p in proposals[:SHOWN]],
        ),
        Queue(
            _("Offers asked for, not answered"),
            asked.count(),
            _url("matching:offers", status=Offer.Status.ASKED),
        ),
        Queue(
            _("Offers made, not yet taken"),
            offered.count(),
            _url("matching:offers", status=Offer.Status.OFFERED),
        ),
        _imports_queue(user=user),
    ]


def _imports_queue(*, user) -> Queue:
    """Catalog imports and posting ingestions that are queued, running, failed or interrupted."""
    catalog = import_runs(viewer=user).filter(status__in=UNFINISHED).order_by("-pk")
    ingest = run_list(viewer=user).filter(status__in=UNFINISHED).order_by("-pk")
    items = [
        Item(run.file_name, _url("catalog:import_run", run.pk), run.get_status_display())
        for run in catalog[:SHOWN]
    ] + [
        Item(run.source or str(run.pk), _url("demand:run", run.pk), run.get_status_display())
        for run in ingest[:SHOWN]
    ]
    return Queue(
        _("Imports failed or in progress"),
        catalog.count() + ingest.count(),
        _url("catalog:import"),
        items[:SHOWN],
    )


def status_counted(status: str, count: int) -> str:
    """The status as said after a count of products: «14 опубликовано», «2 черновика»."""
    labels = {
        Product.Status.DRAFT: npgettext("products counted by status", "draft", "drafts", count),
        Product.Status.IN_REVIEW: npgettext(
            "products counted by status", "in review", "in review", count
        ),
        Product.Status.PUBLISHED: npgettext(
            "products counted by status", "published", "published", count
        ),
        Product.Status.ARCHIVED: npgettext(
            "products counted by status", "archived", "archived", count
        ),
    }
    return labels[Product.Status(status)]


def own_products(*, user) -> dict:
    """The products of the user's organizations that they see, counted by status, with the
    drafts and those in review listed."""
    products = product_visible(viewer=user).filter(
        ownerships__organization__in=organization_ids_of(user=user)
    )
    counts = dict(products.values_list("status").annotate(n=Count("pk", distinct=True)).order_by())
    statuses = [
        Queue(status_counted(value, counts[value]), counts[value], "")
        for value in Product.Status.values
        if counts.get(value, 0)
    ]
    unfinished = products.filter(
        status__in=(Product.Status.DRAFT, Product.Status.IN_REVIEW)
    ).distinct()
    return {
        "statuses": statuses,
        "total": sum(counts.values()),
        "unfinished": [
            Item(p.title, _url("catalog:product", p.slug), p.get_status_display())
            for p in unfinished.order_by("-updated_at")[:SHOWN]
        ],
        "may_create": owner_candidates(user=user).exists(),
    }


def member_work(*, user) -> dict:
    """A member's staff: their products, the offers asked of their organizations, and the
    open requests their products cover."""
    mine = organization_ids_of(user=user)
    asked = offer_list(viewer=user, status=Offer.Status.ASKED).filter(organization__in=mine)
    return {
        "products": own_products(user=user),
        "asked_list": [
            Queue(
                _("Offers asked of your organization"),
                asked.count(),
                _url("matching:offers", status=Offer.Status.ASKED),
                [
                    Item(
                        f"{o.request.title} — {o.product.title}",
                        _url("demand:request", o.request_id),
                    )
                    for o in asked[:SHOWN]
                ],
            )
        ],
        "covered": covered_requests(user=user, limit=SHOWN),
    }


def employer_work(*, user) -> dict:
    """An employer's staff: their organization's requests and the offers made on them."""
    requests = request_list(viewer=user, mine=True)
    offers = offer_list(viewer=user).filter(
        request__organization__in=organization_ids_of(user=user)
    )
    waiting = offers.filter(status=Offer.Status.OFFERED)
    return {
        "queues": [
            Queue(
                _("Your organization's requests"),
                requests.count(),
                _url("demand:requests", mine="on"),
                [
                    Item(r.title, _url("demand:request", r.pk), r.get_status_display())
                    for r in requests[:SHOWN]
                ],
            ),
            Queue(
                _("Offers on your requests waiting for your answer"),
                waiting.count(),
                _url("matching:offers", status=Offer.Status.OFFERED),
                [
                    Item(
                        f"{o.product.title} — {o.request.title}",
                        _url("demand:request", o.request_id),
                    )
                    for o in waiting[:SHOWN]
                ],
            ),
        ],
        "may_create": requester_candidates(user=user).exists(),
    }


PROVIDER_KINDS = (
    Organization.Kind.UNIVERSITY,
    Organization.Kind.RESEARCH_INSTITUTE,
    Organization.Kind.NON_PROFIT,
    Organization.Kind.SMALL_ENTERPRISE,
    Organization.Kind.FOREIGN_UNIVERSITY,
)
EMPLOYER_KINDS = (Organization.Kind.EMPLOYER, Organization.Kind.SMALL_ENTERPRISE)


def workspace(*, user) -> dict:
    """Everything the signed-in person's home shows, by role; a role they do not have is None:
    operators their queues; the staff of admitted providers their products, offers and covered
    requests; the staff of companies (or of any organization with requests) their requests."""
    memberships = list(user_memberships(user=user))
    operator = is_operator(user=user)
    provider = any(
        m.organization.status == Organization.Status.ADMITTED
        and m.organization.kind in PROVIDER_KINDS
        for m in memberships
    )
    employer = any(m.organization.kind in EMPLOYER_KINDS for m in memberships)
    return {
        "operator": operator_queues(user=user) if operator else None,
        "member": member_work(user=user) if provider and not operator else None,
        "employer": employer_work(user=user)
        if not operator and (employer or _has_requests(memberships))
        else None,
        "memberships": memberships,
        "waiting": [m for m in memberships if m.organization.status == Organization.Status.APPLIED],
    }


def _has_requests(memberships: list[Membership]) -> bool:
    ids = [m.organization_id for m in memberships]
    return bool(ids) and DemandRequest.objects.filter(organization_id__in=ids).exists()
