"""The demo projects: every kind, the three from the public facts with their sources, two with
an SME, one from a proposal, one late milestone; seeding again adds nothing."""

import pytest
from django.conf import settings
from django.utils import timezone

from edcluster.catalog.demo import demo_catalog_seed
from edcluster.demand.demo import demo_requests_seed
from edcluster.matching.models import Proposal
from edcluster.organizations.demo import demo_cluster_seed
from edcluster.organizations.reference import reference_data_load
from edcluster.partnerships.demo import demo_agreements_seed
from edcluster.projects.demo import demo_projects_seed
from edcluster.projects.models import Project
from edcluster.projects.selectors import milestone_is_late
from edcluster.projects.services import programme_pattern
from edcluster.skills.tests.factories import skill_make
from edcluster.testing import make_user

pytestmark = pytest.mark.django_db


def test_demo_projects():
    reference_data_load(data_dir=settings.DATA_DIR)
    demo_cluster_seed(data_dir=settings.DATA_DIR)
    demo_catalog_seed(data_dir=settings.DATA_DIR)
    # A cut of the taxonomy with the skills of Siberian Digital's request (no postings'
    # skills extracted: the proposal is drafted from the request's uncovered skills).
    for label in ("computer programming", "JavaScript", "SQL"):
        skill_make(label)
    make_user("operator@mc.example", is_operator=True)
    demo_requests_seed()
    demo_agreements_seed(data_dir=settings.DATA_DIR)
    made = demo_projects_seed(data_dir=settings.DATA_DIR)
    assert len(made) == 7
    assert {p.kind for p in made} == set(Project.Kind.values)
    sylu = Project.objects.get(participants__organization__slug="sylu")
    assert programme_pattern(sylu.programme) == "2+2"
    assert sylu.starts_on.year == 2007
    assert "ved.tomsk.ru" in sylu.sources
    ncst = Project.objects.get(participants__organization__slug="ncst")
    assert ncst.starts_on.year == 2015
    assert ncst.programme.scheme == "double"
    assert str(sylu.programme.agreement) == "TPU-SYLU-2007"
    assert str(ncst.programme.agreement) == "TSU-NCST-2015"
    assert Project.objects.get(participants__organization__slug="jilin").laboratory.country == "CN"
    assert Project.objects.filter(participants__organization__is_sme=True).distinct().count() >= 2
    started = Project.objects.get(origin_proposal__isnull=False)
    proposal = started.origin_proposal
    assert proposal is not None
    assert proposal.product is not None
    assert proposal.created_by is not None
    # Drafted and accepted through matching's services, as an operator would.
    assert proposal.created_by.is_operator
    assert proposal.region == "Томская область"
    # The request's skills no published product teaches yet (the demo catalog teaches the rest).
    assert {skill.label for skill in proposal.skills.all()} == {"SQL"}
    assert (
        started.participants.get(role="lead").organization
        == proposal.product.ownerships.get(role="lead").organization
    )
    assert proposal.product.outcomes.count() == len(proposal.outcomes)
    late = [m for p in made for m in p.milestones.all() if milestone_is_late(m)]
    assert len(late) == 1
    assert demo_projects_seed(data_dir=settings.DATA_DIR, today=timezone.localdate()) == []
    assert Proposal.objects.count() == 1
