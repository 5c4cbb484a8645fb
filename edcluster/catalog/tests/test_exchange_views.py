"""Export, import, sync and search through the pages and the API."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from edcluster.catalog import services
from edcluster.catalog.models import ImportRun, Offering, Product
from edcluster.catalog.tests.factories import published

SAMPLE = Path(
    settings.DATA_DIR, "standards", "case-v1p1", "samples-opensalt", "SmartLevelFramework.json"
)
CSV = "external_id,kind,title_ru,outcomes\nk-1,module,Криогенная техника,Умеет охлаждать\n"


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def catalog(organization, other_organization):
    return [
        published(owner=organization, title_ru="Основы программирования", kind="mooc"),
        published(owner=other_organization, title_ru="Органическая химия", kind="module"),
    ]


def test_the_export_page_follows_the_catalog_filters(client, catalog):
    response = client.get("/en/catalog/export/csv/?q=программированию")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"] == 'attachment; filename="catalog-csv.csv"'
    assert "Основы программирования" in body
    assert "Органическая химия" not in body
    assert client.get("/en/catalog/export/pdf/").status_code == 404


def test_the_api_exports_elm_of_a_filtered_selection(client, catalog):
    response = client.get("/api/catalog/export?format=elm&kind=module")
    document = json.loads(b"".join(response.streaming_content))
    assert [node["title"]["ru"] for node in document["@graph"]] == ["Органическая химия"]


def test_incremental_sync_lists_what_left_the_catalog(client, catalog, operator):
    since = timezone.now() - timedelta(minutes=1)
    services.product_archive(product=catalog[1], actor=operator)
    catalog[0].delete()  # deleted outright, from the admin say
    response = client.get("/api/catalog/products-removed", {"since": since.isoformat()})
    removed = [(item["slug"], item["reason"]) for item in response.json()["items"]]
    assert removed == [(catalog[1].slug, "archived"), (catalog[0].slug, "deleted")]
    later = client.get("/api/catalog/products-removed", {"since": timezone.now().isoformat()})
    assert later.json()["items"] == []


def test_an_import_is_previewed_then_confirmed_through_the_api(
    client, member_editor, organization, django_capture_on_commit_callbacks
):
    client.force_login(member_editor)
    upload = SimpleUploadedFile("catalog.csv", CSV.encode())
    with django_capture_on_commit_callbacks(execute=True):  # the task runs after the commit
        response = client.post("/api/catalog/imports", {"file": upload, "owner": "acme"})
    assert response.status_code == 202
    run = client.get(f"/api/catalog/imports/{response.json()['id']}").json()
    actions = client.get(f"/api/catalog/imports/{run['id']}/actions").json()["items"]
    assert (run["status"], run["dry_run"], run["created"], actions[0]["action"]) == (
        "done",
        True,
        1,
        "created",
    )
    assert Product.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"/api/catalog/imports/{run['id']}/confirm")
    assert confirmed.status_code == 202
    assert Product.objects.get().title_ru == "Криогенная техника"
    again = client.post(f"/api/catalog/imports/{run['id']}/confirm")
    assert again.status_code == 400  # only a preview is confirmed, and only once per preview
    assert "run" in again.json()["errors"]


def test_the_import_page_shows_the_preview_and_every_rejected_row(
    client, member_editor, organization, django_capture_on_commit_callbacks
):
    client.force_login(member_editor)
    data = CSV + "k-2,course,Плохой вид,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/catalog/import/",
            {
                "file": SimpleUploadedFile("c.csv", data.encode()),
                "owner": "acme",
                "encoding": "utf-8",
            },
        )
    run = ImportRun.objects.get()
    assert response.url == f"/en/catalog/import/{run.pk}/"
    page = client.get(response.url).content.decode()
    assert "Import these rows" in page
    assert "Unknown value “course”" in page
    progress = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert progress.lstrip().startswith('<div id="progress"')


def test_a_bad_upload_shows_the_form_again(client, member_editor, organization):
    client.force_login(member_editor)
    response = client.post(
        "/en/catalog/import/",
        {
            "file": SimpleUploadedFile("c.pdf", b"%PDF"),
            "owner": "acme",
            "encoding": "utf-8",
        },
    )
    assert response.status_code == 400
    assert "Say which format the file is in." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_framework_shows_its_items_on_the_product_page(client, operator, organization):
    from edcluster.catalog.imports import import_run, import_start

    import_run(
        run=import_start(
            actor=operator,
            data=SAMPLE.read_bytes(),
            owner=organization,
            file_name=SAMPLE.name,
            dry_run=False,
            publish=True,
            enqueue=False,
        )
    )
    product = Product.objects.get()
    page = client.get(f"/en/catalog/{product.slug}/").content.decode()
    assert "Structure (competency framework)" in page
    assert page.count('class="depth-') == product.framework.items.count() == 14


@pytest.mark.parametrize(
    ("starts", "ends", "deadline", "enrolled", "expected"),
    [
        (-10, -1, None, 0, "past"),
        (10, 40, None, 0, "open"),
        (10, 40, 5, 30, "soon"),  # full
        (60, 90, -1, 0, "upcoming"),  # enrolment closed
        (-5, 5, None, 0, "running"),
    ],
)
def test_an_offering_says_whether_one_can_enrol(starts, ends, deadline, enrolled, expected):
    today = date(2026, 11, 28)
    offering = Offering(
        starts_on=today + timedelta(starts),
        ends_on=today + timedelta(ends),
        seats=30,
        enrolment_deadline=today + timedelta(deadline) if deadline is not None else None,
        enrolled=enrolled,
    )
    assert offering.availability(today) == expected


def test_the_catalog_page_suggests_and_corrects_as_you_type(client, catalog):
    response = client.get("/en/catalog/", {"q": "програмирования"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="q-suggestions" hx-swap-oob="true"' in body
    assert "Did you mean" in body
    assert "программирования" in body


@pytest.mark.parametrize(
    ("written", "value"),
    [("true", True), ("1", True), ("on", True), ("false", False), ("0", False), ("off", False)],
)
def test_the_api_imports_dry_run_and_publish_are_settable(
    client, operator, organization, django_capture_on_commit_callbacks, written, value
):
    client.force_login(operator)
    upload = SimpleUploadedFile("catalog.csv", CSV.encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/catalog/imports",
            {"file": upload, "owner": "acme", "dry_run": written, "publish": written},
        )
    assert response.status_code == 202, response.json()
    run = ImportRun.objects.get()
    assert (response.json()["dry_run"], run.dry_run, run.publish) == (value, value, value)
    # A preview writes nothing; a real import of published rows publishes them.
    statuses = list(Product.objects.values_list("status", flat=True))
    assert statuses == ([] if value else [Product.Status.DRAFT])


def test_the_api_import_refuses_a_flag_that_is_not_a_yes_or_no(client, member_editor, organization):
    client.force_login(member_editor)
    upload = SimpleUploadedFile("catalog.csv", CSV.encode())
    response = client.post("/api/catalog/imports", {"file": upload, "dry_run": "maybe"})
    assert response.status_code == 422
    assert "dry_run" in json.dumps(response.json())
