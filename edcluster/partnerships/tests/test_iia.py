"""The agreements as EWP IIA v7, end to end: the mapping, the official iia-hash signatures bind
to, the XML download (API and page), the export and import commands."""

import hashlib
import uuid
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from edcluster.core.models import AuditEntry
from edcluster.organizations.demo import demo_cluster_seed
from edcluster.organizations.models import OrganizationUnit
from edcluster.organizations.reference import reference_data_load
from edcluster.organizations.tests.factories import field_make, organization_make
from edcluster.partnerships import ewp, services
from edcluster.partnerships.demo import demo_agreements_seed
from edcluster.partnerships.ewp.export import E
from edcluster.partnerships.models import Agreement, Signature
from edcluster.partnerships.tests.factories import (
    T,
    agreement_make,
    condition_make,
    isced_make,
    partner_make,
    sign,
)

pytestmark = pytest.mark.django_db
EXAMPLE = settings.DATA_DIR / "ewp/ewp-specs-api-iias/stable-v7/endpoints/get-response-example.xml"


@pytest.fixture
def example():
    """The spec's example agreement kept here: Warsaw (unit 140) and HiBo, both ways, all four
    types, signed by both."""
    isced_make()
    field_make("0314", "detailed", "Sociology", parent=None)
    warsaw = organization_make("uw", internet_domain="uw.edu.pl", name_en="Warsaw")
    hibo = partner_make("hibo", domain="hibo.no", name_en="HiBo")
    OrganizationUnit.objects.create(organization=warsaw, unit_id="140", name_en="Faculty")
    agreement = agreement_make(warsaw, hibo, code="983/E+/III14&15")
    unit = warsaw.units.get()
    common = {"subject_areas": [{"code": "0314"}], "first_year": "2014/2015"}
    studies = common | {"last_year": "2020/2021", "sending_unit": unit, "eqf_levels": [7, 8]}
    languages = [{"language": "en", "cefr": "B1"}, {"language": "no", "cefr": "B1"}]
    condition_make(
        agreement,
        warsaw,
        hibo,
        mobilities_per_year=2,
        total_per_year=5,
        languages=languages,
        **studies,
    )
    staff = common | {"first_year": "2016/2017", "last_year": "2017/2018", "eqf_levels": []}
    condition_make(
        agreement,
        warsaw,
        hibo,
        type=T.STAFF_TEACHING,
        mobilities_per_year=2,
        total_per_year=8,
        sending_unit=unit,
        languages=[{"language": "en", "cefr": "C1"}],
        **staff,
    )
    condition_make(
        agreement,
        hibo,
        warsaw,
        type=T.STAFF_TRAINING,
        mobilities_per_year=2,
        total_per_year=14,
        receiving_unit=unit,
        languages=[{"language": "en", "cefr": "B2"}],
        **staff,
    )
    sign(agreement, warsaw, on_behalf=False)
    sign(agreement, hibo)
    agreement.refresh_from_db()
    return agreement


def run(command: str, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(command, *args, "--language", "en", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_mapping_and_the_hash_the_signatures_store(example):
    version = services.latest_version(example)
    [(pair, iia)] = services.version_iias(version)
    assert [p.hei_id for p in iia.partners] == ["uw.edu.pl", "hibo.no"]
    assert iia.partners[0].iia_id == str(example.uuid)
    assert iia.partners[1].iia_id == ""  # the partner's own numbering is not kept here
    assert iia.in_effect is True
    assert [c.type for c in iia.conditions] == [
        ewp.MobilityType.STUDENT_STUDIES,
        ewp.MobilityType.STAFF_TEACHING,
        ewp.MobilityType.STAFF_TRAINING,
    ]
    assert iia.conditions[0].sending_ounit_id == "140"
    assert str(iia.conditions[0].total) == "5"
    xml = services.agreement_iia_xml(example)
    assert ewp.iia_validate(xml) == []
    [declared] = [e.text for e in etree.fromstring(xml).iter(f"{E}iia-hash")]
    assert declared == ewp.iia_hashes(xml)[0] == services.version_hash(version)
    assert set(version.signatures.values_list("version_hash", flat=True)) == {declared}


def test_in_effect_only_when_both_signed(db, organization):
    isced_make()
    partner = partner_make()
    agreement = agreement_make(organization, partner)
    condition_make(agreement, partner, organization)
    hash_before = services.version_hash(services.latest_version(agreement))
    sign(agreement, organization, on_behalf=False)
    assert b"<in-effect>false</in-effect>" in services.agreement_iia_xml(agreement)
    sign(agreement, partner)
    assert b"<in-effect>true</in-effect>" in services.agreement_iia_xml(agreement)
    # signatures and dates are outside the hash, so signing does not change what was signed
    assert services.version_hash(services.latest_version(agreement)) == hash_before


def test_a_multilateral_hash_covers_each_pair_in_order(db, organization):
    isced_make()
    jilin, chd = partner_make(), partner_make("chd", domain="chd.edu.cn", name_en="CHD")
    agreement = agreement_make(organization, jilin, chd)
    condition_make(agreement, jilin, organization)
    condition = condition_make(agreement, organization, chd)
    version = services.latest_version(agreement)
    pairs = services.version_iias(version)
    assert [(a.organization, b.organization) for (a, b), _iia in pairs] == [
        (organization, jilin),
        (organization, chd),
    ]
    text = f"_iia-id={agreement.uuid}_" + "".join(
        f"_pair={a.organization.schac_id}/{b.organization.schac_id}={ewp.iia_hash(iia)}_"
        for (a, b), iia in pairs
    )
    expected = hashlib.sha256(text.encode()).hexdigest()
    assert services.version_hash(version) == expected
    services.condition_update(
        condition=condition,
        actor=None,
        data={
            name: getattr(condition, name)
            for name in ("type", "sending_party", "receiving_party", "first_year", "last_year")
        }
        | {"mobilities_per_year": 9, "total_per_year": 10, "languages": condition.languages},
    )
    assert services.version_hash(version) != expected


def test_an_export_reads_many_agreements_in_the_queries_of_one(db, organization):
    isced_make()
    agreements = []
    for number in range(4):
        partner = partner_make(f"p{number}", domain=f"p{number}.example.org")
        agreement = agreement_make(organization, partner, code=f"IIA-{number}")
        condition_make(agreement, organization, partner)
        condition_make(agreement, partner, organization)
        agreements.append(agreement.pk)

    def queries(chosen: list[int]) -> int:
        fresh = list(Agreement.objects.filter(pk__in=chosen).order_by("pk"))
        with CaptureQueriesContext(connection) as captured:
            xml, exported, _skipped = services.iias_export(fresh)
        assert len(exported) == len(ewp.iia_hashes(xml)) == len(chosen)
        return len(captured)

    # parties, versions, their conditions and signatures: never a query per agreement
    assert queries(agreements) == queries(agreements[:1]) <= 5


def test_the_demo_exports_xsd_valid_with_the_hashes_its_signatures_store(tmp_path):
    reference_data_load(data_dir=settings.DATA_DIR)
    demo_cluster_seed(data_dir=settings.DATA_DIR)
    demo_agreements_seed(data_dir=settings.DATA_DIR)
    for signature in Signature.objects.select_related("version"):
        assert signature.version_hash == services.version_hash(signature.version)
    target = tmp_path / "demo.xml"
    out, _err = run("partnerships_export_iia", "--output", str(target))
    xml = target.read_bytes()
    assert ewp.iia_validate(xml) == []
    both_ways = Agreement.objects.get(code="TPU-CHD-IIA")
    signed = set(
        services.latest_version(both_ways).signatures.values_list("version_hash", flat=True)
    )
    assert signed <= set(ewp.iia_hashes(xml))
    assert "(TSU-UM-2020): it has ended (terminated)." in out
    assert "has no SCHAC id" in out
    exported = len(ewp.iia_hashes(xml))
    assert out.strip().splitlines()[-1].startswith(f"{exported} IIAs of ")
    # a database seeded with the old placeholder hash is bound again by a re-seed
    Signature.objects.filter(version__agreement=both_ways).update(version_hash="0" * 64)
    assert demo_agreements_seed(data_dir=settings.DATA_DIR)["signatures_rebound"] == 2
    assert signed == set(
        services.latest_version(both_ways).signatures.values_list("version_hash", flat=True)
    )


def test_an_export_imports_back_as_identical(example, tmp_path):
    target = tmp_path / "iia.xml"
    target.write_bytes(services.agreement_iia_xml(example))
    audits = AuditEntry.objects.count()
    out, _err = run("partnerships_import_iia", str(target))
    assert f"agreement {example.code}: identical to version 1" in out
    assert "1 IIAs read: 1 identical, 0 proposed, 0 unmatched, 0 refused." in out
    assert example.versions.count() == 1
    assert AuditEntry.objects.count() == audits


def test_the_partners_own_file_with_its_numbering_first_is_identical(example, tmp_path):
    """The spec's example as a partner's system sends it, quoting our iia-id for Warsaw and its
    own for HiBo: the same terms, read in our orientation, are identical."""
    text = EXAMPLE.read_bytes().replace(
        b"0f7a5682-faf7-49a7-9cc7-ec486c49a281", str(example.uuid).encode()
    )
    # the example has a traineeship and a second teaching direction we do not: drop them
    root = etree.fromstring(text)
    conditions = root.find(f"{E}iia/{E}cooperation-conditions")
    conditions.remove(conditions.find(f"{E}student-traineeship-mobility-spec"))
    conditions.remove(conditions.findall(f"{E}staff-teacher-mobility-spec")[1])
    root.find(f"{E}iia/{E}iia-hash").text = ewp.iia_hashes(etree.tostring(root))[0]
    target = tmp_path / "partner.xml"
    target.write_bytes(etree.tostring(root))
    out, _err = run("partnerships_import_iia", str(target))
    assert "identical to version 1" in out
    assert example.versions.count() == 1


def test_a_changed_condition_imports_as_a_new_proposed_version(example, tmp_path):
    root = etree.fromstring(services.agreement_iia_xml(example))
    root.find(f".//{E}staff-teacher-mobility-spec/{E}mobilities-per-year").text = "3"
    target = tmp_path / "changed.xml"
    target.write_bytes(etree.tostring(root))
    dry, _err = run("partnerships_import_iia", str(target), "--dry-run")
    assert "would be proposed as version 2 (unsigned)" in dry
    assert "Dry run: nothing written." in dry
    assert example.versions.count() == 1
    assert "iia-hash" in dry  # the declared hash is not that of the changed content
    out, _err = run("partnerships_import_iia", str(target))
    assert "proposed as version 2 (unsigned)" in out
    version = services.latest_version(example)
    assert version.number == 2
    assert not version.signatures.exists()
    teaching = version.conditions.get(type=T.STAFF_TEACHING)
    assert teaching.mobilities_per_year == 3
    assert version.conditions.count() == 3
    assert AuditEntry.objects.filter(verb="agreement.iia_imported").count() == 1
    example.refresh_from_db()
    in_effect = services.version_in_effect(example)  # the signed one stays in effect
    assert in_effect is not None
    assert in_effect.number == 1
    again, _err = run("partnerships_import_iia", str(target))
    assert "identical to version 2" in again


@pytest.mark.parametrize("case", ["not XML", "XSD", "too large"])
def test_bad_files_import_nothing(example, tmp_path, case):
    target = tmp_path / "bad.xml"
    if case == "not XML":
        target.write_bytes(b"this is not <xml")
    elif case == "XSD":
        year = b"<receiving-first-academic-year-id>2016/2017"
        xml = services.agreement_iia_xml(example).replace(year, year.replace(b">", b">x"))
        target.write_bytes(xml)
    else:
        target.write_bytes(b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>")
    entries = AuditEntry.objects.count()
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command(
            "partnerships_import_iia",
            str(target),
            "--language",
            "en",
            stdout=StringIO(),
            stderr=err,
        )
    if case == "not XML":
        assert "the file is not XML" in err.getvalue()
    if case == "XSD":
        assert "element receiving-first-academic-year-id" in err.getvalue()
        assert "line " in err.getvalue()
    assert example.versions.count() == 1
    assert AuditEntry.objects.count() == entries


def test_unmatched_and_refused_iias_are_reported(example, tmp_path):
    isced_make()
    xml = services.agreement_iia_xml(example)
    unknown = xml.replace(str(example.uuid).encode(), str(uuid.uuid4()).encode())
    target = tmp_path / "unknown.xml"
    target.write_bytes(unknown)
    out, _err = run("partnerships_import_iia", str(target))
    assert "unmatched, no agreement here has these iia-ids." in out
    foreign = xml.replace(b"hibo.no", b"other.edu")
    target.write_bytes(foreign)
    out, _err = run("partnerships_import_iia", str(target))
    assert "refused, partner[2].hei-id: other.edu is not a party to agreement" in out
    assert example.versions.count() == 1


def test_the_api_returns_xml_or_400_naming_agreement_and_field(member_editor_client, organization):
    isced_make()
    nameless = partner_make("malaya", domain="", name_en="Malaya")
    mou = agreement_make(organization, nameless, kind=Agreement.Kind.MOU, code="MOU-7")
    response = member_editor_client.get(f"/api/partnerships/agreements/{mou.pk}/iia.xml")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "iia[1].partner[2].hei-id" in errors
    assert "MOU-7" in errors["iia[1].partner[2].hei-id"][0]
    partner = partner_make()
    mobility = agreement_make(organization, partner, code="IIA-9")
    condition_make(mobility, partner, organization)
    response = member_editor_client.get(f"/api/partnerships/agreements/{mobility.pk}/iia.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert ewp.iia_validate(response.content) == []
    assert b"<in-effect>false</in-effect>" in response.content


def test_the_page_offers_the_download_and_says_what_to_correct(member_editor_client, organization):
    isced_make()
    partner = partner_make()
    agreement = agreement_make(organization, partner, code="IIA-9")
    condition_make(agreement, partner, organization)
    page = member_editor_client.get(f"/en/partnerships/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert f"/en/partnerships/{agreement.pk}/iia.xml".encode() in page.content
    download = member_editor_client.get(f"/en/partnerships/{agreement.pk}/iia.xml")
    assert download.status_code == 200
    assert ewp.iia_validate(download.content) == []
    nameless = partner_make("malaya", domain="", name_en="Malaya")
    mou = agreement_make(organization, nameless, kind=Agreement.Kind.MOU, code="MOU-7")
    refused = member_editor_client.get(f"/en/partnerships/{mou.pk}/iia.xml")
    assert refused.status_code == 400
    assert b"iia[1].partner[2].hei-id: Agreement MOU-7: the party has no SCHAC id" in (
        refused.content
    )


def test_the_commands_report_in_russian(example, tmp_path):
    target = tmp_path / "iia.xml"
    out = StringIO()
    call_command("partnerships_export_iia", "--output", str(target), "--language", "ru", stdout=out)
    assert "Выгружено IIA: 1 из соглашений: 1" in out.getvalue()
    out = StringIO()
    call_command("partnerships_import_iia", str(target), "--language", "ru", stdout=out)
    assert f"соглашение {example.code}: совпадает с версией 1" in out.getvalue()
    assert "совпадают: 1" in out.getvalue()
