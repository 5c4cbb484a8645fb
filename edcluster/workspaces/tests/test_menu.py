"""The menu shows only what each person may open: every link of every persona answers 200."""

import re

import pytest
from django.test import Client
from django.utils import translation

from edcluster.accounts.models import Membership
from edcluster.accounts.tests.factories import member_make, user_make
from edcluster.mobility.tests.factories import intake_make
from edcluster.organizations.models import Organization
from edcluster.organizations.tests.factories import organization_make
from edcluster.workspaces.menu import menu

NAV = re.compile(r'<nav aria-label="[^"]*" class="menu">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def nav_links(client: Client, language: str = "ru") -> list[str]:
    page = client.get(f"/{language}/")
    assert page.status_code == 200
    nav = NAV.search(page.content.decode())
    assert nav is not None
    return HREF.findall(nav.group(1))


def signed_in(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def extra_personas(db) -> dict:
    """Who the shared personas leave out: a signed-in person of no organization (an expert,
    a foreign applicant), and the administrator of an organization not yet admitted."""
    applied = organization_make("newco", status=Organization.Status.APPLIED)
    return {
        "no_organization": user_make("expert@example.org"),
        "applicant_admin": member_make(applied, "boss@newco.example", Membership.Role.ADMIN),
    }


def test_every_menu_link_opens_for_every_persona(all_personas, extra_personas):
    personas = {"anonymous": None} | all_personas | extra_personas
    for name, user in personas.items():
        client = signed_in(user)
        links = nav_links(client)
        assert links, name
        for link in links:
            status = client.get(link).status_code
            assert status == 200, f"{name}: {link} answers {status}"


def test_menu_follows_the_role(all_personas, extra_personas):
    def names(user) -> set[str]:
        from django.contrib.auth.models import AnonymousUser

        return {link.name for g in menu(user=user or AnonymousUser()) for link in g.links}

    public = {
        "catalog:catalog",
        "organizations:directory",
        "skills:taxonomy",
        "projects:list",
        "sales:public",
        "mobility:home",
    }
    assert names(None) == public
    assert names(extra_personas["no_organization"]) == public
    # Not yet admitted: may state demand (companies register with their application), no more.
    assert names(extra_personas["applicant_admin"]) == public | {
        "demand:requests",
        "matching:offers",
        "sales:list",
        "sales:licences",
        "sales:reports",
    }
    viewer = names(all_personas["member_viewer"])
    assert {"demand:postings", "matching:gaps", "matching:coverage", "matching:proposals"} <= viewer
    assert "catalog:new" not in viewer
    assert "quality:home" in viewer
    assert "quality:home" in names(user_make("appointed@example.org", is_expert=True))
    assert "catalog:review" not in viewer
    assert {"catalog:new", "catalog:import"} <= names(all_personas["member_editor"])
    assert {"partnerships:agreements", "partnerships:partners"} <= viewer
    assert {"sales:list", "sales:licences", "sales:reports"} <= viewer
    assert "projects:new" in names(all_personas["member_editor"])
    assert "projects:new" not in viewer
    assert {
        "organizations:review",
        "catalog:review",
        "demand:ingest",
        "core:audit",
        "admin:index",
    } <= names(all_personas["operator"])
    assert "organizations:review" not in names(all_personas["member_admin"])
    # Mobility: a foreign applicant's own cases; a member's international office; operators'
    # flows by country.
    assert "mobility:mine" in names(user_make("student@example.cn", is_applicant=True))
    assert "mobility:mine" not in viewer
    assert "mobility:cases" not in viewer  # Acme hosts no intake yet
    intake_make(all_personas["member_viewer"].memberships.get().organization)
    assert "mobility:cases" in names(all_personas["member_viewer"])
    assert {"mobility:cases", "mobility:flows"} <= names(all_personas["operator"])
    assert "mobility:flows" not in names(all_personas["member_admin"])


@pytest.mark.parametrize("language", ["ru", "en"])
def test_each_label_is_unique(operator, member_editor, language):
    for user in (operator, member_editor):
        with translation.override(language):
            groups = menu(user=user)
            labels = [str(g.label) for g in groups] + [
                str(x.label) for g in groups for x in g.links
            ]
        assert len(labels) == len(set(labels)), labels
