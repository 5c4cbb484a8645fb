"""Demand in the admin: operators read postings, runs and requests; nobody edits them there."""

import pytest

from edcluster.demand.models import DemandRequest
from edcluster.demand.tests.factories import posting_make, request_make
from edcluster.skills.tests.factories import skill_make


@pytest.fixture
def rows(organization, member_editor):
    posting = posting_make("a-1", "Welder", "Welds pipes.")
    demand = request_make(organization, actor=member_editor, skills=[skill_make("welding")])
    return {"jobposting": posting.pk, "ingestrun": posting.run_id, "demandrequest": demand.pk}


@pytest.mark.parametrize("model", ["jobposting", "ingestrun", "demandrequest"])
def test_operators_read_demand_in_the_admin(client, rows, operator, member_admin, model):
    client.force_login(member_admin)
    assert client.get(f"/en/admin/demand/{model}/").status_code == 302
    client.force_login(operator)
    assert client.get(f"/en/admin/demand/{model}/").status_code == 200
    assert client.get(f"/en/admin/demand/{model}/{rows[model]}/change/").status_code == 200
    assert client.get(f"/en/admin/demand/{model}/add/").status_code == 403


def test_a_request_is_not_changed_in_the_admin(client, rows, operator):
    client.force_login(operator)
    url = f"/en/admin/demand/demandrequest/{rows['demandrequest']}/"
    client.post(url + "change/", {"title": "Changed", "headcount": 9})
    assert client.post(url + "delete/", {"post": "yes"}).status_code == 403
    demand = DemandRequest.objects.get()
    assert (demand.title, demand.headcount, demand.skill_links.count()) == (
        "Python developers",
        3,
        1,
    )
