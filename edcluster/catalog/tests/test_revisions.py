"""Edits of a published product wait for an operator: the live version stays, the page and
the API say changes wait (and show the editors what), operators approve or return them."""

import pytest
from django.core import mail

from edcluster.catalog import services
from edcluster.catalog.models import Product, ProductRevision
from edcluster.catalog.tests.factories import published
from edcluster.core.models import AuditEntry


@pytest.fixture
def live(organization) -> Product:
    return published(owner=organization, title_en="Data analysis", price=None)


def patch(client, product, data, **headers):
    return client.patch(
        f"/api/catalog/products/{product.slug}", data, content_type="application/json", **headers
    )


def test_a_members_edit_of_a_published_product_waits_for_review(
    live, member_editor_client, anonymous_client
):
    response = patch(
        member_editor_client, live, {"title_en": "Data science", "price": "900", "currency": "RUB"}
    )
    assert response.status_code == 202, response.content
    assert response.json()["title_en"] == "Data analysis"  # the live version answers
    assert response.json()["changes_pending"] is True
    live.refresh_from_db()
    assert (live.title_en, live.price) == ("Data analysis", None)
    public = anonymous_client.get(f"/api/catalog/products/{live.slug}").json()
    assert (public["title_en"], public["changes_pending"]) == ("Data analysis", True)
    waiting = member_editor_client.get(f"/api/catalog/products/{live.slug}/revision").json()
    assert waiting["changes"] == {"title_en": "Data science", "price": "900.00", "currency": "RUB"}
    # More edits join the same revision; an edit back to the live value drops out of it.
    patch(member_editor_client, live, {"title_en": "Data analysis", "summary_en": "New"})
    revision = ProductRevision.objects.get()
    assert revision.changes == {"price": "900.00", "currency": "RUB", "summary_en": "New"}
    assert AuditEntry.objects.filter(verb="product.revision_proposed").count() == 2


def test_invalid_changes_are_refused_at_once_naming_the_field(live, member_editor_client):
    response = patch(member_editor_client, live, {"is_free": True, "price": "10"})
    assert response.status_code == 400
    assert "price" in response.json()["errors"]
    assert not ProductRevision.objects.exists()


def test_an_operator_approves_and_the_changes_go_live(
    live, member_editor_client, operator_client, member_editor, django_capture_on_commit_callbacks
):
    patch(
        member_editor_client,
        live,
        {"title_en": "Data science", "outcomes": [{"text": "Builds models", "language": "en"}]},
    )
    queue = operator_client.get("/api/catalog/revisions").json()
    assert [item["product"] for item in queue] == [live.slug]
    url = f"/api/catalog/products/{live.slug}/revision"
    assert (
        member_editor_client.post(
            url, {"action": "approve"}, content_type="application/json"
        ).status_code
        == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        answer = operator_client.post(url, {"action": "approve"}, content_type="application/json")
    assert (answer.status_code, answer.json()["status"]) == (200, "approved")
    live.refresh_from_db()
    assert live.title_en == "Data science"
    assert list(live.outcomes.values_list("text", flat=True)) == ["Builds models"]
    assert AuditEntry.objects.filter(verb="product.revision_approved").exists()
    assert sorted(mail.outbox[0].to) == ["editor-acme@example.org", member_editor.email]
    assert "published" in mail.outbox[0].subject
    assert operator_client.get("/api/catalog/revisions").json() == []
    assert member_editor_client.get(url).status_code == 404  # nothing waits any more


def test_an_operator_returns_with_a_reason_mailed_to_the_editors(
    live, member_editor_client, operator_client, member_editor, django_capture_on_commit_callbacks
):
    patch(member_editor_client, live, {"title_en": "Data science"})
    url = f"/api/catalog/products/{live.slug}/revision"
    refused = operator_client.post(url, {"action": "return"}, content_type="application/json")
    assert refused.status_code == 400
    assert "comment" in refused.json()["errors"]
    with django_capture_on_commit_callbacks(execute=True):
        answer = operator_client.post(
            url,
            {"action": "return", "comment": "Keep the programme's official name"},
            content_type="application/json",
        )
    assert answer.json()["status"] == "returned"
    live.refresh_from_db()
    assert live.title_en == "Data analysis"
    assert "Keep the programme's official name" in mail.outbox[0].body
    assert member_editor.email in mail.outbox[0].to
    page = member_editor_client.get(f"/en/catalog/{live.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Keep the programme&#x27;s official name" in page.content.decode()


def test_operators_edits_and_drafts_go_live_at_once(
    live, operator_client, organization, member_editor
):
    assert patch(operator_client, live, {"title_en": "Renamed"}).status_code == 200
    draft = services.product_create(
        owner=organization, actor=member_editor, fields={"kind": "mooc", "title_en": "Draft"}
    )
    assert (
        services.product_update(
            product=draft, actor=member_editor, fields={"title_en": "Draft 2"}
        ).title_en
        == "Draft 2"
    )
    assert not ProductRevision.objects.exists()


def test_the_pages_show_the_waiting_changes_and_operators_decide(
    live, member_editor_client, operator_client, anonymous_client
):
    edit = f"/en/catalog/{live.slug}/edit/"
    form = {
        "kind": "short_course",
        "title_en": "Data science",
        "summary_ru": "Курс.",
        "outcomes": "Умеет работать с данными",
        "version": str(live.version),
    }
    saved = member_editor_client.post(edit, form, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "wait for an operator" in saved.content.decode()
    assert Product.objects.get(pk=live.pk).title_en == "Data analysis"
    # The form goes on from the waiting changes, not from the live version.
    assert member_editor_client.get(edit).context["form"].initial["title_en"] == "Data science"
    page = anonymous_client.get(
        f"/en/catalog/{live.slug}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Changes to this product are waiting for review." in page
    assert "Data science" not in page  # readers see that changes wait, not what they are
    mine = member_editor_client.get(f"/en/catalog/{live.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Data science" in mine.content.decode()
    queue = operator_client.get("/en/catalog/review/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert live.title in queue
    decided = operator_client.post(f"/en/catalog/{live.slug}/revision/", {"action": "approve"})
    assert decided.status_code == 302
    assert Product.objects.get(pk=live.pk).title_en == "Data science"


def test_operators_read_revisions_in_the_admin_without_changing_them(
    live, member_editor_client, operator_client
):
    patch(member_editor_client, live, {"title_en": "Data science"})
    revision = ProductRevision.objects.get()
    assert operator_client.get("/en/admin/catalog/productrevision/").status_code == 200
    change = operator_client.post(
        f"/en/admin/catalog/productrevision/{revision.pk}/change/", {"status": "approved"}
    )
    assert change.status_code == 403
    assert ProductRevision.objects.get().status == ProductRevision.Status.PENDING
