"""Lost updates on an organization's profile: a version in the form, ETag/If-Match in the API."""

import re

from edcluster.organizations.models import Organization


def test_a_stale_profile_form_comes_back_with_the_message(
    organization, member_editor_client, member_admin_client
):
    url = f"/en/organizations/{organization.slug}/edit/"
    first = member_editor_client.get(url).context["form"]
    second = member_admin_client.get(url).context["form"]
    data = {
        name: value
        for name, value in first.initial.items()
        if value not in (None, []) and name in first.fields
    }
    data = {k: (v if not isinstance(v, list) else [x.pk for x in v]) for k, v in data.items()}
    assert re.search(r'name="version" value="1"', member_admin_client.get(url).content.decode())
    assert member_editor_client.post(url, data | {"city": "Северск"}).status_code == 302
    stale = member_admin_client.post(
        url,
        data | {"city": "Томск", "version": second.initial["version"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert stale.status_code == 409
    assert "Someone else saved this record" in stale.content.decode()
    assert Organization.objects.get(pk=organization.pk).city == "Северск"


def test_the_api_refuses_a_stale_if_match(organization, member_editor_client):
    url = f"/api/organizations/{organization.slug}"
    tag = member_editor_client.get(url).headers["ETag"]
    assert tag == '"1"'
    saved = member_editor_client.patch(
        url, {"city": "Северск"}, content_type="application/json", HTTP_IF_MATCH=tag
    )
    assert (saved.status_code, saved.headers["ETag"]) == (200, '"2"')
    stale = member_editor_client.patch(
        url, {"city": "Томск"}, content_type="application/json", HTTP_IF_MATCH=tag
    )
    assert stale.status_code == 412
    assert Organization.objects.get(pk=organization.pk).city == "Северск"
    assert (
        member_editor_client.patch(
            url, {"city": "Томск"}, content_type="application/json"
        ).status_code
        == 200
    )
