"""Employers' requests: stating them with suggested and confirmed skills, who sees them, and
how they move from open to closed."""

import io
import re

import pytest
from django.test import Client
from django.utils import translation

from edcluster.accounts.models import Membership
from edcluster.accounts.tests.factories import membership_make, user_make
from edcluster.core.models import AuditEntry
from edcluster.demand.models import DemandRequest, RequestSkill
from edcluster.demand.services import request_move
from edcluster.demand.tests.factories import request_make
from edcluster.organizations.models import Organization
from edcluster.organizations.tests.factories import organization_make
from edcluster.skills.models import Skill

PYTHON = "Python (computer programming)"
TEXT = "Программирование на Python, запросы SQL к базам данных. Машинное обучение — плюс."


@pytest.fixture
def lexical(settings, tmp_path, taxonomy):
    """The mini taxonomy without vectors: the extractor matches the names written out."""
    settings.SKILLS_CACHE_DIR = tmp_path
    return taxonomy


def _form(**extra) -> dict:
    return {
        "organization": "acme",
        "title": "Программист Python",
        "description": TEXT,
        "headcount": "5",
        "needed_by": "2027-09-01",
        "region": "Томская область",
        "eqf_level": "6",
        **extra,
    }


def _skill(label: str) -> Skill:
    return Skill.objects.get(label=label)


def _stated(organization, user, *, skills=(PYTHON,), **fields) -> DemandRequest:
    return request_make(
        organization, actor=user, skills=[_skill(label) for label in skills], **fields
    )


def test_the_employer_gets_skills_suggested_keeps_some_and_adds_one(lexical, member_editor_client):
    suggested = member_editor_client.post("/ru/demand/requests/new/", _form(action="suggest"))
    assert suggested.status_code == 200
    rows = {row.skill.label: row for row in suggested.context["form"].rows}
    assert {PYTHON, "SQL"} <= set(rows)
    assert DemandRequest.objects.count() == 0  # suggesting saves nothing
    python, sql = rows[PYTHON].skill.pk, rows["SQL"].skill.pk
    response = member_editor_client.post(
        "/ru/demand/requests/new/",
        _form(
            action="save",
            shown=[python, sql],
            skill=[python],
            **{f"importance-{python}": "essential", f"importance-{sql}": "nice"},
            add_skills="статистика\nmathematics",
        ),
    )
    demand = DemandRequest.objects.get()
    assert response["Location"] == f"/ru/demand/requests/{demand.pk}/"
    links = {link.skill.label: link for link in demand.skill_links.select_related("skill")}
    assert set(links) == {PYTHON, "statistics", "mathematics"}  # SQL was unticked
    assert links[PYTHON].origin == RequestSkill.Origin.EXTRACTOR
    assert "Python" in links[PYTHON].evidence
    assert links[PYTHON].score is not None
    assert links["mathematics"].origin == RequestSkill.Origin.EMPLOYER
    assert links["mathematics"].importance == RequestSkill.Importance.ESSENTIAL
    assert demand.occupation is not None  # recognised from the title
    assert demand.occupation.label == "software developer"
    assert (demand.status, demand.headcount, demand.eqf_level) == ("open", 5, 6)
    assert AuditEntry.objects.filter(verb="demand_request.created").count() == 1
    page = member_editor_client.get(f"/ru/demand/requests/{demand.pk}/").content.decode()
    assert "statistics" in page or "статистика" in page


def test_the_suggest_button_answers_with_the_skills_htmx_selects(lexical, member_editor_client):
    """htmx keeps only #skills of the answer (hx-select): it must hold the suggested rows."""
    form = member_editor_client.get("/ru/demand/requests/new/").content.decode()
    assert 'hx-select="#skills"' in form
    assert 'name="skill"' not in form  # nothing suggested yet
    response = member_editor_client.post(
        "/ru/demand/requests/new/", _form(action="suggest"), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    skills = body[body.index('id="skills"') : body.index("</fieldset>")]
    assert 'name="skill"' in skills
    assert "SQL" in skills


def test_a_request_needs_skills_and_known_names(lexical, member_editor_client):
    empty = member_editor_client.post("/en/demand/requests/new/", _form(action="save"))
    assert empty.status_code == 400
    assert "Choose at least one skill" in empty.content.decode()
    unknown = member_editor_client.post(
        "/en/demand/requests/new/", _form(action="save", add_skills="pythn programming")
    )
    assert unknown.status_code == 400
    assert "No entry of the taxonomy is called “pythn programming”" in unknown.content.decode()
    wrong_occupation = member_editor_client.post(
        "/en/demand/requests/new/",
        _form(action="save", add_skills="SQL", occupation_name="astronaut", headcount="0"),
    )
    errors = wrong_occupation.context["form"].errors
    assert set(errors) == {"occupation_name", "headcount"}
    assert DemandRequest.objects.count() == 0


def test_staff_of_other_members_see_open_requests_only_and_outsiders_none(
    lexical, organization, member_editor, member_viewer, outsider, operator
):
    open_request = _stated(organization, member_editor)
    closed = _stated(organization, member_editor, title="Closed one")
    request_move(request=closed, actor=member_editor, to="closed", outcome="met")
    nobody = user_make("nobody@example.org")
    seen = {}
    for name, user in {
        "own viewer": member_viewer,
        "other member": outsider,
        "operator": operator,
        "nobody": nobody,
    }.items():
        client = Client()
        client.force_login(user)
        listed = client.get("/api/demand/requests").json()["items"]
        seen[name] = {item["id"] for item in listed}
        assert client.get(f"/en/demand/requests/{closed.pk}/").status_code == (
            200 if name in ("own viewer", "operator") else 404
        )
    assert seen == {
        "own viewer": {open_request.pk, closed.pk},
        "other member": {open_request.pk},
        "operator": {open_request.pk, closed.pk},
        "nobody": set(),
    }


def test_a_registered_company_states_demand_but_sees_only_its_own(
    lexical, organization, member_editor
):
    others = _stated(organization, member_editor)
    company = organization_make("newco", status=Organization.Status.APPLIED)
    user = user_make("hr@newco.example")
    membership_make(user=user, organization=company, role=Membership.Role.ADMIN)
    client = Client()
    client.force_login(user)
    created = client.post(
        "/api/demand/requests",
        {
            "organization": "newco",
            "title": "Chemists",
            "description": "Laboratory tests.",
            "headcount": 2,
            "needed_by": "2027-03-01",
            "skills": [{"skill": _skill("chemistry").uri, "importance": "nice"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["skills"][0]["importance"] == "nice"
    assert [item["id"] for item in client.get("/api/demand/requests").json()["items"]] == [
        created.json()["id"]
    ]
    assert client.get(f"/api/demand/requests/{others.pk}").status_code == 404


def test_the_api_stores_suggestions_when_no_skills_are_given(lexical, member_editor_client):
    response = member_editor_client.post(
        "/api/demand/requests",
        {
            "organization": "acme",
            "title": "Data scientist",
            "description": TEXT,
            "headcount": 4,
            "needed_by": "2027-01-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["occupation"]["label"] == "data scientist"
    assert body["region"] == ""  # the organization has none
    skills = {item["label"]: item for item in body["skills"]}
    assert {PYTHON, "SQL"} <= set(skills)
    assert {item["origin"] for item in body["skills"]} == {"extractor"}
    # the employer then replaces them with its own choice
    changed = member_editor_client.patch(
        f"/api/demand/requests/{body['id']}",
        {"skills": [{"skill": skills["SQL"]["uri"]}], "headcount": 6},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert [item["label"] for item in changed.json()["skills"]] == ["SQL"]
    assert changed.json()["headcount"] == 6
    entry = AuditEntry.objects.get(verb="demand_request.updated")
    assert entry.data == {"fields": ["headcount", "skills"]}


def test_bad_api_input_names_the_field_and_changes_nothing(lexical, member_editor_client):
    body: dict[str, object] = {
        "organization": "acme",
        "title": "T",
        "description": "D",
        "headcount": 1,
        "needed_by": "2027-01-31",
    }
    cases: list[tuple[dict[str, object], int, str]] = [
        ({"skills": [{"skill": "http://example.org/no-such-skill"}]}, 400, "skills"),
        ({"occupation": "http://example.org/no-such-occupation"}, 400, "occupation"),
        ({"priority_area": 999999}, 400, "priority_area"),
        ({"headcount": 0}, 422, "headcount"),
        ({"needed_by": "soon"}, 422, "needed_by"),
        ({"organization": "no-such-org"}, 404, ""),
        ({"title": ""}, 422, "title"),
    ]
    for change, status, field in cases:
        response = member_editor_client.post(
            "/api/demand/requests", body | change, content_type="application/json"
        )
        assert response.status_code == status, (change, response.content)
        if status == 400:
            assert field in response.json()["errors"]
        elif status == 422:
            assert field in str(response.json()["detail"])
    assert DemandRequest.objects.count() == 0


def test_the_employer_closes_with_an_outcome_and_only_operators_take_up_or_reopen(
    lexical, organization, member_editor, member_editor_client, operator_client
):
    demand = _stated(organization, member_editor)
    url = f"/api/demand/requests/{demand.pk}/status"

    def move(client, **data):
        return client.post(url, data, content_type="application/json")

    assert move(member_editor_client, status="addressed").status_code == 403
    assert move(operator_client, status="addressed").json()["status"] == "addressed"
    refused = move(member_editor_client, status="closed")
    assert refused.status_code == 400
    assert "outcome" in refused.json()["errors"]
    closed = move(member_editor_client, status="closed", outcome="partly_met", note="3 of 5")
    assert closed.status_code == 200
    assert (closed.json()["outcome"], closed.json()["outcome_note"]) == ("partly_met", "3 of 5")
    assert closed.json()["closed_at"] is not None
    assert move(member_editor_client, status="open").status_code == 403
    again = move(operator_client, status="closed", outcome="met")
    assert again.status_code == 400
    assert "status" in again.json()["errors"]
    patch = member_editor_client.patch(
        f"/api/demand/requests/{demand.pk}", {"headcount": 9}, content_type="application/json"
    )
    assert patch.status_code == 400
    assert "status" in patch.json()["errors"]
    reopened = move(operator_client, status="open")
    assert (reopened.json()["status"], reopened.json()["outcome"]) == ("open", "")
    assert reopened.json()["closed_at"] is None
    verbs = list(
        AuditEntry.objects.filter(verb="demand_request.status")
        .order_by("pk")
        .values_list("data__to", flat=True)
    )
    assert verbs == ["addressed", "closed", "open"]


def test_the_status_form_comes_back_with_its_message(
    lexical, organization, member_editor, member_editor_client
):
    demand = _stated(organization, member_editor)
    page = member_editor_client.get(f"/en/demand/requests/{demand.pk}/")
    assert [value for value, _ in page.context["status_form"].fields["status"].choices] == [
        "",  # nothing chosen in advance
        "closed",
    ]
    refused = member_editor_client.post(
        f"/en/demand/requests/{demand.pk}/status/", {"status": "closed"}
    )
    assert refused.status_code == 400
    assert "Say how the request ended." in refused.content.decode()
    closed = member_editor_client.post(
        f"/en/demand/requests/{demand.pk}/status/",
        {"status": "closed", "outcome": "withdrawn", "note": "Hired elsewhere"},
    )
    assert closed.status_code == 302
    page = member_editor_client.get(f"/en/demand/requests/{demand.pk}/").content.decode()
    assert "withdrawn by the employer" in page
    assert "Hired elsewhere" in page
    assert member_editor_client.get(f"/en/demand/requests/{demand.pk}/edit/").status_code == 302


def test_editing_keeps_the_skills_shown_and_records_what_changed(
    lexical, organization, member_editor, member_editor_client
):
    demand = _stated(organization, member_editor, skills=(PYTHON, "SQL"))
    form = member_editor_client.get(f"/en/demand/requests/{demand.pk}/edit/").context["form"]
    assert {row.skill.label for row in form.rows if row.checked} == {PYTHON, "SQL"}
    python = _skill(PYTHON).pk
    response = member_editor_client.post(
        f"/en/demand/requests/{demand.pk}/edit/",
        {
            "title": "Python developers",
            "description": "Services in Python.",
            "headcount": "3",
            "needed_by": "2027-06-01",
            "action": "save",
            "shown": [python, _skill("SQL").pk],
            "skill": [python],
            f"importance-{python}": "nice",
        },
    )
    assert response.status_code == 302
    links = list(demand.skill_links.values_list("skill__label", "importance"))
    assert links == [(PYTHON, "nice")]
    assert AuditEntry.objects.get(verb="demand_request.updated").data == {"fields": ["skills"]}


def test_only_members_and_registered_companies_state_demand(lexical, member_editor):
    declined = organization_make("gone", status=Organization.Status.DECLINED)
    with (
        translation.override("en"),
        pytest.raises(Exception, match="Only members and registered companies"),
    ):
        _stated(declined, member_editor)
    assert DemandRequest.objects.count() == 0


def test_seed_demo_adds_the_demo_employers_requests_once(lexical):
    from django.core.management import call_command

    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    requests = {demand.title: demand for demand in DemandRequest.objects.all()}
    it_park = requests["Data scientists for industrial analytics"]
    assert it_park.organization.slug == "tomsk-it-park"
    assert it_park.occupation is not None
    assert set(it_park.skill_links.values_list("skill__label", "importance")) == {
        (PYTHON, "essential"),
        ("machine learning", "essential"),
        ("statistics", "essential"),
        ("SQL", "essential"),
        ("data mining", "nice"),
    }  # "cloud technologies" is not in the test's cut of ESCO
    assert it_park.priority_area is not None
    assert it_park.priority_area.code == "3"
    counts = DemandRequest.objects.count(), RequestSkill.objects.count()
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    assert (DemandRequest.objects.count(), RequestSkill.objects.count()) == counts


def test_a_stale_request_save_is_refused_on_the_page_and_in_the_api(
    lexical, organization, member_editor, member_editor_client, member_admin_client
):
    demand = _stated(organization, member_editor, skills=(PYTHON,))
    python = _skill(PYTHON).pk
    url = f"/en/demand/requests/{demand.pk}/edit/"
    html = member_admin_client.get(url).content.decode()
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found is not None
    version = found.group(1)
    form = {
        "title": "Python developers",
        "description": "Services in Python.",
        "needed_by": "2027-06-01",
        "action": "save",
        "shown": [python],
        "skill": [python],
        f"importance-{python}": "essential",
        "version": version,
    }
    assert member_editor_client.post(url, form | {"headcount": "4"}).status_code == 302
    stale = member_admin_client.post(url, form | {"headcount": "9"}, HTTP_ACCEPT_LANGUAGE="en")
    assert stale.status_code == 409
    assert "Someone else saved this record" in stale.content.decode()
    demand.refresh_from_db()
    assert demand.headcount == 4

    api = f"/api/demand/requests/{demand.pk}"
    tag = member_editor_client.get(api).headers["ETag"]
    assert tag == f'"{demand.version}"'
    patch = {"headcount": 5}
    ok = member_editor_client.patch(api, patch, content_type="application/json", HTTP_IF_MATCH=tag)
    assert ok.status_code == 200
    again = member_editor_client.patch(
        api, {"headcount": 6}, content_type="application/json", HTTP_IF_MATCH=tag
    )
    assert again.status_code == 412
    demand.refresh_from_db()
    assert demand.headcount == 5
