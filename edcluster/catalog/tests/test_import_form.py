"""The import page: owners named by the rows (the form's owner only a default), the columns
documented with a template to download, and the preview's changes column."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from edcluster.catalog.formats.table import EXPORT_ONLY, NAMES
from edcluster.catalog.imports import import_run, import_start
from edcluster.catalog.models import ImportRun, Product
from edcluster.catalog.tests.test_imports import GOOD, csv_bytes
from edcluster.organizations.tests.factories import field_make, priority_area_make

NO_OWNER = GOOD | {"external_id": "c-2", "owners": ""}


def run(data: bytes, actor, **options) -> ImportRun:
    started = import_start(
        actor=actor,
        data=data,
        file_name="catalog.csv",
        enqueue=False,
        source_system="lms",
        **{"dry_run": False} | options,
    )
    return import_run(run=started)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def members(organization, other_organization):
    return organization, other_organization


def test_rows_that_name_their_owners_need_no_default(member_editor):
    """An editor imports without choosing an owner: the rows that name Acme import, the row
    that names none is reported with its line and reason, and a row naming an organization the
    editor does not edit is refused as before."""
    rows = [GOOD, NO_OWNER, GOOD | {"external_id": "c-3", "owners": "globex"}]
    result = run(csv_bytes(rows), member_editor)
    assert (result.status, result.created, result.rejected) == ("done", 1, 2)
    assert [(e["line"], e["field"], e["reason"]) for e in result.errors] == [
        (4, "owners", "Name the owning organization."),  # GOOD's outcomes take two lines
        (6, "owners", "You do not edit the products of Globex."),
    ]
    assert list(Product.objects.values_list("external_id", flat=True)) == ["c-1"]


def test_the_form_owner_is_the_default_of_rows_that_name_none(member_editor, organization):
    result = run(csv_bytes([GOOD, NO_OWNER]), member_editor, owner=organization)
    assert (result.created, result.rejected) == (2, 0)
    owned = Product.objects.get(external_id="c-2").ownerships.get()
    assert (owned.organization, owned.role) == (organization, "lead")


def test_without_a_default_a_member_still_imports_only_where_they_edit(
    member_viewer, member_editor, other_organization
):
    with pytest.raises(PermissionDenied):
        run(csv_bytes([GOOD]), member_viewer)  # edits nothing
    with pytest.raises(PermissionDenied):
        run(csv_bytes([GOOD]), member_editor, owner=other_organization)
    assert ImportRun.objects.count() == 0


def test_the_page_takes_a_file_without_an_owner(
    client, member_editor, django_capture_on_commit_callbacks
):
    client.force_login(member_editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/catalog/import/",
            {"file": SimpleUploadedFile("c.csv", csv_bytes([GOOD, NO_OWNER])), "encoding": "utf-8"},
        )
    assert response.status_code == 302
    preview = ImportRun.objects.get()
    assert (preview.owner, preview.created, preview.rejected) == (None, 1, 1)
    page = client.get(response.url).content.decode()
    assert "Name the owning organization." in page


def test_the_page_documents_every_column_in_both_languages(client, member_editor):
    client.force_login(member_editor)
    english = client.get("/en/catalog/import/", headers={"accept-language": "en"})
    russian = client.get("/ru/catalog/import/").content.decode()
    page = english.content.decode()
    for name in NAMES:  # the export's own columns too, said to be ignored
        assert f"<code>{name}</code>" in page
        assert f"<code>{name}</code>" in russian
    assert page.count("ignored on import") == len(EXPORT_ONLY) * 2  # the column and its help
    for value in [*Product.Kind.values, *Product.Stage.values, *Product.Mode.values, "ru"]:
        assert f"<code>{value}</code>" in page
    assert "online course (MOOC)" in page
    assert "Summary in English." in page
    assert "Краткое описание на английском языке." in russian
    assert "<code>mooc</code> — онлайн-курс" in russian  # the kinds, named in Russian too
    assert "Столбцы файла" in russian
    assert "Шаблон со строкой заголовков" in russian
    assert "/en/catalog/import/template.csv" in page
    assert "/en/catalog/import/template.xlsx" in page


def _csv_rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_template_files_import_as_they_are(client, member_editor, organization):
    """Both templates hold the header and one example row, owned by the reader's organization,
    and the example imports as it is (its field and priority area known)."""
    field_make("0613", "detailed", "Software and applications development and analysis")
    priority_area_make("3", list="decree-899-2011")
    client.force_login(member_editor)
    response = client.get("/en/catalog/import/template.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response.content)
    assert list(rows[0]) == [name for name in NAMES if name not in EXPORT_ONLY]
    assert len(rows) == 1
    assert rows[0]["owners"] == "acme"
    sheet = load_workbook(io.BytesIO(client.get("/en/catalog/import/template.xlsx").content)).active
    values = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values == [list(rows[0]), list(rows[0].values())]
    result = run(response.content, member_editor)
    assert (result.created, result.rejected, result.errors) == (1, 0, [])
    assert client.get("/en/catalog/import/template.pdf").status_code == 404


def test_the_preview_shows_what_an_update_changes(client, operator, organization):
    run(csv_bytes([GOOD]), operator)
    edited = GOOD | {"title_en": "Deep learning", "price": "1800", "stage": "implemented"}
    new = GOOD | {"external_id": "c-9"}
    preview = run(csv_bytes([edited, new]), operator, dry_run=True)
    updated, created = preview.actions
    assert updated["changes"] == [
        {"field": "title_en", "old": "Machine learning", "new": "Deep learning"},
        {"field": "price", "old": "1500.5", "new": "1800"},
        {"field": "stage", "old": "pilot", "new": "implemented"},
    ]
    assert (created["action"], created["changes"]) == ("created", [])
    client.force_login(operator)
    page = client.get(f"/en/catalog/import/{preview.pk}/").content.decode()
    assert "<code>title_en</code>: Machine learning → Deep learning" in page
    assert "<code>stage</code>: pilot → implemented" in page
    row = page.split("<td>4</td>", 1)[1].split("</tr>", 1)[0]  # the new product's row
    assert row.endswith("<td>new</td>")
    listed = client.get(f"/api/catalog/imports/{preview.pk}/actions").json()["items"]
    assert listed[0]["changes"] == updated["changes"]
    assert (listed[1]["action"], listed[1]["changes"]) == ("created", [])


def test_a_long_or_listed_value_is_shown_short(operator, organization, other_organization):
    run(csv_bytes([GOOD]), operator)
    edited = GOOD | {"owners": "acme;globex", "outcomes": "x" * 200}
    (action,) = run(csv_bytes([edited]), operator, dry_run=True).actions
    changes = {change["field"]: change for change in action["changes"]}
    assert changes["owners"] == {"field": "owners", "old": "acme", "new": "acme; globex"}
    assert changes["outcomes"]["old"] == "Обучает модели; Evaluates models"
    assert changes["outcomes"]["new"] == "x" * 59 + "…"


def test_an_editor_of_one_organization_gets_it_as_the_default_owner(
    client, member_editor, operator, organization, other_organization
):
    client.force_login(member_editor)
    page = client.get("/en/catalog/import/", headers={"accept-language": "en"}).content.decode()
    assert '<option value="acme" selected>' in page
    # The template files are offered without opening the collapsed column documentation.
    assert page.index("/en/catalog/import/template.csv") < page.index('<details class="import')
    client.force_login(operator)  # every organization: the rows name their owners
    page = client.get("/en/catalog/import/", headers={"accept-language": "en"}).content.decode()
    assert '<option value="" selected>' in page.split('name="owner"')[1]
