"""A small market for the matching tests: skills with hierarchy edges, five products (one a
draft, one with a removed skill), an open and a past run, and an employer's request."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from edcluster.accounts.models import Membership
from edcluster.catalog import services as catalog
from edcluster.demand.selectors import SkillChoice
from edcluster.demand.services import request_create
from edcluster.matching.tests import factories
from edcluster.skills.models import Broader
from edcluster.testing import make_organization, make_user

NAMES = ["python", "sql", "java", "programming", "statistics", "cooking"]


@pytest.fixture
def market(db, organization, member_editor):
    skills = {name: factories.skill(name) for name in NAMES}
    for narrow in ("python", "java"):
        Broader.objects.create(uri=skills[narrow].uri, broader_uri=skills["programming"].uri)

    def product(title: str, teaches: list[str], *, published: bool = True, removed=()):
        made = factories.product(
            owner=organization, actor=member_editor, title=title, published=published
        )
        for name in teaches:
            factories.product_skill(product=made, skill=skills[name], removed=name in removed)
        return made

    products = {
        "P1": product("P1", ["python", "sql"]),
        "P2": product("P2", ["java", "statistics"]),
        "P3": product("P3", ["programming", "cooking"]),
        "P4": product("P4", ["python", "sql", "statistics"], published=False),
        "P5": product("P5", ["python", "sql"], removed=("python",)),
    }
    today = timezone.localdate()
    catalog.offering_save(
        product=products["P1"],
        actor=member_editor,
        fields={
            "starts_on": today + timedelta(days=20),
            "ends_on": today + timedelta(days=60),
            "is_online": True,
        },
    )
    catalog.offering_save(
        product=products["P1"],
        actor=member_editor,
        fields={"starts_on": date(2020, 1, 1), "ends_on": date(2020, 2, 1), "place": "Tomsk"},
    )
    request = request_create(
        organization=organization,
        actor=member_editor,
        fields={
            "title": "Analysts",
            "description": "…",
            "headcount": 2,
            "needed_by": date(2027, 1, 1),
        },
        skills=[
            SkillChoice(skills["python"]),
            SkillChoice(skills["sql"]),
            SkillChoice(skills["statistics"], importance="nice"),
        ],
    )
    return {"skills": skills, "products": products, "request": request}


@pytest.fixture
def employer(db):
    """An admitted company with its editor, and its request for analysts (an applicant's
    requests and asks wait for its admission: test_not_admitted)."""
    return make_organization("sibgas", status="admitted", name_en="SibGas")


@pytest.fixture
def hr(employer):
    user = make_user("hr@sibgas.example")
    Membership.objects.create(user=user, organization=employer, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def demand(market, employer, hr):
    skills = market["skills"]
    return request_create(
        organization=employer,
        actor=hr,
        fields={
            "title": "Data analysts",
            "description": "…",
            "headcount": 3,
            "needed_by": date(2027, 6, 1),
        },
        skills=[
            SkillChoice(skills["python"]),
            SkillChoice(skills["sql"]),
            SkillChoice(skills["statistics"], importance="nice"),
        ],
    )
