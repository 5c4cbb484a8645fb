"""Export validity against the standards' shapes and schemas, and round trips through import."""

import codecs
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from edcluster.catalog import services
from edcluster.catalog.exports import export_stream
from edcluster.catalog.formats import case, elm
from edcluster.catalog.imports import import_run, import_start
from edcluster.catalog.models import Product
from edcluster.catalog.tests.factories import published
from edcluster.organizations.models import FieldOfEducation

CASE_SAMPLES = Path(settings.DATA_DIR, "standards", "case-v1p1", "samples-opensalt")


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def products(organization, other_organization, member_editor):
    field = FieldOfEducation.objects.create(
        code="0613", level="detailed", name_en="Software and applications development"
    )
    joint = published(
        owner=organization,
        title_ru="Анализ данных на Python",
        title_en="Data analysis in Python",
        summary_ru="Курс для инженеров.",
        summary_en="A course for engineers.",
        description_en="=SUM(A1) is how a spreadsheet adds; pandas does more.",
        field=field,
        eqf_level=6,
        languages=["ru", "en"],
        duration_hours=72,
        duration_months=3,
        ects_credits="2.5",
        price="45000.00",
        currency="RUB",
        entry_requirements_ru="Школьная математика",
        outcomes=[("Загружает данные из CSV", "ru"), ("Builds a regression model", "en")],
    )
    services.product_owner_add(product=joint, organization=other_organization, actor=member_editor)
    services.offering_save(
        product=joint,
        actor=member_editor,
        fields={
            "starts_on": "2027-02-01",
            "ends_on": "2027-03-01",
            "enrolment_deadline": "2027-01-20",
            "place": "Томск",
        },
    )
    free = published(owner=organization, title_ru="Введение в химию", kind="mooc", is_free=True)
    return [joint, free]


def exported(products, format: str) -> bytes:
    return b"".join(export_stream([p.pk for p in products], format=format))


def elm_graph(data: bytes):
    from rdflib import Graph

    document = json.loads(data)
    document["@context"] = elm.context_document()["@context"]
    return Graph().parse(data=json.dumps(document), format="json-ld")


def test_the_elm_export_conforms_to_the_loq_shapes(products):
    import pyshacl
    import regex
    from pyshacl.constraints.core import string_based_constraints
    from rdflib import Graph

    # The LOQ shapes use Java regular expressions; the "regex" module reads them (see SOURCE.txt).
    string_based_constraints.re = regex
    folder = Path(settings.DATA_DIR, "standards", "elm-loq-v3")
    shapes = Graph()
    for name in ("LOQ-constraints.ttl", "LOQ-constraints-mdr.ttl"):
        shapes.parse(folder / name)
    data = elm_graph(exported(products, "elm"))
    conforms, _graph, report = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    assert conforms, report
    assert len(set(data.subjects(predicate=None, object=elm.ELM.LearningOpportunity))) == 2


def test_the_elm_export_fails_the_shapes_when_a_required_part_is_missing(products):
    import pyshacl
    import regex
    from pyshacl.constraints.core import string_based_constraints
    from rdflib import Graph

    string_based_constraints.re = regex
    shapes = Graph().parse(
        Path(settings.DATA_DIR, "standards", "elm-loq-v3", "LOQ-constraints.ttl")
    )
    document = json.loads(exported(products[:1], "elm"))
    del document["@graph"][0]["providedBy"]  # the validation can fail: it is not a formality
    data = elm_graph(json.dumps(document).encode())
    assert not pyshacl.validate(data, shacl_graph=shapes)[0]


def test_an_elm_export_imports_back_unchanged(products, operator):
    data = exported(products, "elm")
    run = import_run(
        run=import_start(
            actor=operator, data=data, dry_run=False, file_name="catalog.jsonld", enqueue=False
        )
    )
    assert (run.total, run.unchanged, run.created, run.rejected) == (2, 2, 0, 0), run.actions[1][
        "fields"
    ]
    # What ELM carries comes back: a changed title in the file updates that and nothing else.
    document = json.loads(data)
    document["@graph"][0]["title"]["en"] = "Data analysis with Python"
    run = import_run(
        run=import_start(
            actor=operator,
            data=json.dumps(document).encode(),
            dry_run=False,
            file_name="c.jsonld",
            enqueue=False,
        )
    )
    assert (run.updated, run.unchanged) == (1, 1)
    assert run.actions[0]["fields"] == ["title_en"]


@pytest.mark.parametrize("sample", sorted(CASE_SAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_case_samples_import_and_export_without_loss(sample, organization, operator):
    original = json.loads(sample.read_text(encoding="utf-8"))
    run = import_run(
        run=import_start(
            actor=operator,
            data=sample.read_bytes(),
            owner=organization,
            dry_run=False,
            file_name=sample.name,
            source_system="opensalt",
            enqueue=False,
        )
    )
    assert (run.created, run.rejected) == (1, 0), run.errors
    product = Product.objects.get(source_system="opensalt")
    items = list(product.framework.items.values_list("statement", flat=True))
    assert items == [item["fullStatement"] for item in original["CFItems"]]
    again = json.loads(exported([product], "case"))
    assert again == [original]
    assert case.problems(again[0]) == []
    rerun = import_run(
        run=import_start(
            actor=operator,
            data=sample.read_bytes(),
            owner=organization,
            dry_run=False,
            file_name=sample.name,
            source_system="opensalt",
            enqueue=False,
        )
    )
    assert (rerun.created, rerun.updated, rerun.unchanged) == (0, 0, 1)


def test_the_case_export_of_any_product_is_valid_case(products):
    for package in json.loads(exported(products, "case")):
        assert case.problems(package) == []
    bad = json.loads(exported(products[:1], "case"))[0]
    del bad["CFDocument"]["creator"]
    assert case.problems(bad) != []


def test_csv_and_xlsx_round_trip_and_neutralise_formulas(products, operator, other_organization):
    data = exported(products, "csv")
    assert data.startswith(codecs.BOM_UTF8)  # Excel reads Russian text right only with it
    assert b"'=SUM(A1) is how" in data
    assert (
        data.decode("utf-8-sig").splitlines()[0].startswith("source_system,external_id,slug,kind")
    )
    run = import_run(
        run=import_start(actor=operator, data=data, dry_run=False, file_name="c.csv", enqueue=False)
    )
    assert (run.total, run.unchanged, run.rejected) == (2, 2, 0), (run.errors, run.actions)
    workbook = load_workbook(io.BytesIO(exported(products, "xlsx")))
    cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    run = import_run(
        run=import_start(
            actor=operator,
            data=exported(products, "xlsx"),
            dry_run=False,
            file_name="c.xlsx",
            enqueue=False,
        )
    )
    assert (run.unchanged, run.rejected) == (2, 0), run.errors


def test_schemaorg_export_lists_every_product(products):
    document = json.loads(exported(products, "schemaorg"))
    assert document["@context"] == "https://schema.org"
    assert [node["@type"] for node in document["@graph"]] == ["Course", "Course"]


def test_the_export_command_writes_the_published_catalog(
    products, tmp_path, organization, member_editor
):
    services.product_create(
        owner=organization, actor=member_editor, fields={"kind": "module", "title_ru": "Черновик"}
    )
    target = tmp_path / "catalog.csv"
    call_command("catalog_export", "--format", "csv", "--output", str(target))
    lines = target.read_text(encoding="utf-8")
    assert "Анализ данных" in lines
    assert "Черновик" not in lines
