"""Lost updates: two editors saving the same product from the same version; the second is
told, not silently let through (a form again on the page, 412 in the API with If-Match)."""

import re

import pytest
from django.test import Client

from edcluster.catalog import services
from edcluster.catalog.models import Product

FORM = {"kind": "mooc", "title_en": "Draft course", "outcomes": "Explains"}


@pytest.fixture
def draft(organization, member_editor) -> Product:
    return services.product_create(
        owner=organization,
        actor=member_editor,
        fields={"kind": "mooc", "title_en": "Draft course"},
        outcomes=[("Explains", "en")],
    )


def shown_version(client: Client, url: str) -> str:
    """The version the edit form carries in its hidden field."""
    html = client.get(url).content.decode()
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "the form carries no version"
    return found.group(1)


def test_the_second_of_two_editors_saving_the_same_form_is_told(
    draft, member_editor_client, member_admin_client
):
    url = f"/en/catalog/{draft.slug}/edit/"
    first = shown_version(member_editor_client, url)
    second = shown_version(member_admin_client, url)
    saved = member_editor_client.post(url, FORM | {"summary_en": "First", "version": first})
    assert saved.status_code == 302
    stale = member_admin_client.post(
        url, FORM | {"summary_en": "Second", "version": second}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert stale.status_code == 409
    assert "Someone else saved this record after you opened it" in stale.content.decode()
    assert "Second" in stale.content.decode()  # what they typed is still in the form
    assert Product.objects.get(pk=draft.pk).summary_en == "First"
    # Saving again from the form they were shown is deliberate: it goes through.
    found = re.search(r'name="version" value="(\d+)"', stale.content.decode())
    assert found is not None
    assert int(found.group(1)) == int(first) + 1
    resent = member_admin_client.post(
        url, FORM | {"summary_en": "Second", "version": found.group(1)}
    )
    assert resent.status_code == 302
    assert Product.objects.get(pk=draft.pk).summary_en == "Second"


def test_the_api_gives_an_etag_and_refuses_a_stale_if_match(draft, member_editor_client):
    url = f"/api/catalog/products/{draft.slug}"
    read = member_editor_client.get(url)
    tag = read.headers["ETag"]
    assert tag == f'"{read.json()["version"]}"'

    def patch(summary: str, **headers):
        return member_editor_client.patch(
            url, {"summary_en": summary}, content_type="application/json", **headers
        )

    first = patch("First", HTTP_IF_MATCH=tag)
    assert first.status_code == 200
    assert first.headers["ETag"] != tag
    stale = patch("Second", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert "detail" in stale.json()
    assert Product.objects.get(pk=draft.pk).summary_en == "First"
    for unusable in ('W/"1"', "1", '"x"'):
        assert patch("Third", HTTP_IF_MATCH=unusable).status_code == 412
    assert Product.objects.get(pk=draft.pk).summary_en == "First"
    # If-Match is optional: a client that does not send it keeps the last-writer-wins it had.
    assert patch("Fourth").status_code == 200
    assert patch("Fifth", HTTP_IF_MATCH="*").status_code == 200
    assert Product.objects.get(pk=draft.pk).summary_en == "Fifth"


def test_an_unchanged_save_keeps_the_version(draft, member_editor_client):
    url = f"/api/catalog/products/{draft.slug}"
    tag = member_editor_client.get(url).headers["ETag"]
    response = member_editor_client.patch(
        url, {"title_en": "Draft course"}, content_type="application/json", HTTP_IF_MATCH=tag
    )
    assert (response.status_code, response.headers["ETag"]) == (200, tag)
