"""The pages: an editor drafts an agreement, adds conditions by htmx, signs, records the
partner's signature; bad input shows the form again; lists in a bounded number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edcluster.partnerships import services
from edcluster.partnerships.demo import DEMO_PDF
from edcluster.partnerships.models import Agreement, CooperationCondition
from edcluster.partnerships.tests.factories import (
    agreement_make,
    condition_make,
    isced_make,
    partner_make,
    party,
    sign,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def partner(db):
    isced_make()
    return partner_make()


def condition_form(agreement, sending, receiving, **fields) -> dict:
    return {
        "type": "student_studies",
        "sending_party": party(agreement, sending).pk,
        "receiving_party": party(agreement, receiving).pk,
        "first_year": "2026/2027",
        "last_year": "2027/2028",
        "mobilities_per_year": "3",
        "total_per_year": "10",
        "subject_areas": "0531 Chemistry",
        "eqf_levels": ["6"],
        "languages": "en B2, ru B1",
    } | fields


def test_an_editor_builds_signs_and_records_the_partners_signature(
    member_editor_client, organization, partner
):
    client = member_editor_client
    response = client.post(
        "/en/partnerships/new/",
        {
            "owner": organization.pk,
            "partners": [partner.pk],
            "code": "IIA-7",
            "kind": "mobility",
            "valid_from": "2026-09-01",
            "valid_until": "2031-08-31",
        },
    )
    assert response.status_code == 302, response.content
    agreement = Agreement.objects.get(code="IIA-7")
    for sending, receiving in ((partner, organization), (organization, partner)):
        fragment = client.post(
            f"/en/partnerships/{agreement.pk}/conditions/new/",
            condition_form(agreement, sending, receiving),
            HTTP_HX_REQUEST="true",
            **EN,
        )
        assert fragment.status_code == 200
        assert b'id="conditions"' in fragment.content
        assert b"<html" not in fragment.content
    assert CooperationCondition.objects.count() == 2
    page = client.get(f"/en/partnerships/{agreement.pk}/sign/", **EN)
    version_hash = services.version_hash(services.latest_version(agreement))
    assert version_hash.encode() in page.content
    signed = client.post(
        f"/en/partnerships/{agreement.pk}/sign/",
        {
            "party": party(agreement, organization).pk,
            "signer_name": "Anna",
            "signed_on": "2026-01-10",
            "version_hash": version_hash,
        },
    )
    assert signed.status_code == 302
    recorded = client.post(
        f"/en/partnerships/{agreement.pk}/record-signature/",
        {
            "party": party(agreement, partner).pk,
            "signer_name": "Li Wei",
            "signed_on": "2026-01-12",
            "version_hash": version_hash,
            "pdf": SimpleUploadedFile("s.pdf", DEMO_PDF, "application/pdf"),
        },
    )
    assert recorded.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_EFFECT
    shown = client.get(f"/en/partnerships/{agreement.pk}/", **EN).content.decode()
    assert "recorded on its behalf" in shown
    assert "In effect" in shown or "in effect" in shown
    history = client.get(f"/en/partnerships/{agreement.pk}/history/", **EN).content.decode()
    assert "agreement signed" in history


@pytest.mark.parametrize(
    ("fields", "field_text"),
    [
        ({"first_year": "2025-26"}, "2025-26"),
        ({"mobilities_per_year": "0"}, "At least one mobility a year."),
        ({"subject_areas": "053 Chemistry"}, "not a detailed field"),
        ({"languages": "en D1"}, "not a CEFR level"),
        ({"type": "staff_teaching"}, "EQF levels are given for student mobility for studies only."),
    ],
)
def test_a_bad_condition_shows_the_form_again(
    member_editor_client, organization, partner, fields, field_text
):
    agreement = agreement_make(organization, partner)
    response = member_editor_client.post(
        f"/en/partnerships/{agreement.pk}/conditions/new/",
        condition_form(agreement, partner, organization, **fields),
        HTTP_HX_REQUEST="true",
        **EN,
    )
    assert response.status_code == 200
    assert field_text in response.content.decode()
    assert not CooperationCondition.objects.exists()


def test_editing_a_signed_version_is_409_with_the_message(
    member_editor_client, organization, partner
):
    from edcluster.partnerships.tests.factories import sign

    agreement = agreement_make(organization, partner)
    condition = condition_make(agreement, partner, organization)
    sign(agreement, organization)
    response = member_editor_client.post(
        f"/en/partnerships/conditions/{condition.pk}/edit/",
        condition_form(agreement, partner, organization, mobilities_per_year="9"),
        HTTP_HX_REQUEST="true",
        **EN,
    )
    assert response.status_code == 409
    assert "amend the agreement" in response.content.decode()
    condition.refresh_from_db()
    assert condition.mobilities_per_year == 4


def test_list_pages_take_a_bounded_number_of_queries(
    member_editor_client, organization, partner, django_assert_max_num_queries
):
    for number in range(12):
        condition_make(
            agreement_make(organization, partner, code=f"IIA-{number}"), partner, organization
        )
    with django_assert_max_num_queries(20):
        page = member_editor_client.get("/en/partnerships/", **EN)
    assert page.content.decode().count("IIA-") >= 12
    with django_assert_max_num_queries(20):
        page = member_editor_client.get("/en/partnerships/partners/", **EN)
    assert "jlu.edu.cn" in page.content.decode()


def test_the_agreement_page_takes_the_same_queries_whatever_its_size(
    member_editor_client, organization, partner
):
    """Its conditions, parties, versions, signatures and quota use are each read once: the
    table, the pairs, the hash and the signing buttons share them."""

    def queries(agreement) -> int:
        with CaptureQueriesContext(connection) as captured:
            page = member_editor_client.get(f"/en/partnerships/{agreement.pk}/", **EN)
        assert page.status_code == 200
        return len(captured)

    small = agreement_make(organization, partner, code="SMALL")
    condition_make(small, organization, partner)
    snu = partner_make("snu", domain="snu.ac.kr", country="KR")
    large = agreement_make(organization, partner, snu, code="LARGE")
    for other in (partner, snu):
        for kind, levels in (("student_studies", [6]), ("staff_teaching", [])):
            condition_make(large, organization, other, type=kind, eqf_levels=levels)
            condition_make(large, other, organization, type=kind, eqf_levels=levels)
    for signer in (organization, partner, snu):
        sign(large, signer)
    services.agreement_amend(agreement=large, actor=None)
    first = services.latest_version(large).conditions.order_by("pk")[0]
    services.quota_use_set(condition=first, actor=None, academic_year="2026/2027", used=2)
    queries(small)  # the session is saved on the first request
    # 21 with the menu's own two (whether the reader's member hosts mobility intakes, whether
    # their organization nominates students under a condition): what the reader edits read
    # once for editing and signing, the condition form's choices from the parties already
    # read, the older versions' conditions not read (one sum of quota use)
    assert queries(large) == queries(small) <= 21


def test_the_apac_filter_keeps_the_region(member_editor_client, partner):
    partner_make("um", domain="um.edu.my", country="MY", name_en="University of Malaya")
    partner_make("uni-de", domain="uni.de", country="DE", name_en="A German University")
    south_east = member_editor_client.get("/en/partnerships/partners/?group=south_east", **EN)
    assert "University of Malaya" in south_east.content.decode()
    assert "Jilin" not in south_east.content.decode()
    apac = member_editor_client.get("/en/partnerships/partners/?group=apac", **EN).content.decode()
    assert "Jilin" in apac
    assert "German" not in apac


def test_pages_speak_russian(member_editor_client, organization, partner):
    agreement = agreement_make(organization, partner)
    condition_make(agreement, partner, organization)
    page = member_editor_client.get(f"/ru/partnerships/{agreement.pk}/").content.decode()
    for russian in ("Условия сотрудничества", "мобильность студентов для обучения", "Стороны"):
        assert russian in page
    for english in ("Cooperation conditions", "student mobility for studies", "Parties"):
        assert english not in page
    partners = member_editor_client.get("/ru/partnerships/partners/").content.decode()
    assert "Иностранные партнёры" in partners


def test_russian_words_that_read_wrong_before(member_editor_client, organization, partner):
    """A contact has a person's name (Имя), a unit a title (Название); months of a condition
    have no «,0»; the only party one may sign for is chosen; the quota says what it counts."""
    page = member_editor_client.get(f"/ru/partnerships/partners/{partner.slug}/").text
    assert "<th>Имя</th>" in page
    assert "<th>Название</th>" in page
    assert '<label for="id_name">имя:</label>' in page
    agreement = agreement_make(organization, partner)
    condition_make(agreement, organization, partner, mobilities_per_year=2)
    page = member_editor_client.get(f"/ru/partnerships/{agreement.pk}/").text
    assert " × 10 мес." in page
    sign = member_editor_client.get(f"/ru/partnerships/{agreement.pk}/sign/")
    assert sign.context["form"]["party"].value() == party(agreement, organization).pk
    assert "2 мобильности в год" in sign.text


def test_an_operator_records_a_partners_signature_but_signs_for_no_member(
    operator_client, member_editor_client, organization, partner
):
    agreement = agreement_make(organization, partner)
    condition_make(agreement, organization, partner)
    page = operator_client.get(f"/en/partnerships/{agreement.pk}/", **EN)
    assert (page.context["can_sign"], page.context["can_record"]) == (False, True)
    assert operator_client.get(f"/en/partnerships/{agreement.pk}/sign/", **EN).status_code == 403
    # Acme's own editor signs for Acme.
    assert member_editor_client.get(f"/en/partnerships/{agreement.pk}/", **EN).context["can_sign"]
