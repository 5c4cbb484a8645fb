"""Agreements' services: status, versions, signatures bound to the hash, quotas, termination,
bad input, and the plain facts of a bilateral version."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from edcluster.partnerships import services
from edcluster.partnerships.models import Agreement, AgreementVersion, CooperationCondition
from edcluster.partnerships.services import AgreementConflict
from edcluster.partnerships.tests.factories import (
    T,
    agreement_make,
    condition_data,
    condition_make,
    isced_make,
    partner_make,
    party,
    sign,
)

pytestmark = pytest.mark.django_db


def in_effect(agreement: Agreement) -> int | None:
    version = services.version_in_effect(agreement)
    return version.number if version else None


@pytest.fixture
def partner(db):
    isced_make()
    return partner_make()


@pytest.fixture
def agreement(organization, partner, member_editor):
    return agreement_make(organization, partner, actor=member_editor)


def test_a_new_agreement_is_a_draft_with_version_one_and_a_uuid(agreement, organization, partner):
    assert agreement.status == Agreement.Status.DRAFT
    assert list(agreement.versions.values_list("number", flat=True)) == [1]
    assert [p.organization for p in agreement.parties.all()] == [organization, partner]
    other = agreement_make(organization, partner, code="IIA-2")
    assert agreement.uuid != other.uuid


def test_status_goes_draft_awaiting_in_effect(agreement, organization, partner, member_editor):
    condition_make(agreement, partner, organization)
    sign(agreement, organization, actor=member_editor)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AWAITING
    sign(agreement, partner, actor=member_editor)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_EFFECT
    assert in_effect(agreement) == 1
    signature = agreement.versions.get().signatures.get(party__organization=partner)
    assert signature.on_behalf is True
    assert bytes(signature.pdf).startswith(b"%PDF-")


def test_a_signed_version_is_frozen_and_signing_twice_conflicts(agreement, organization, partner):
    condition = condition_make(agreement, partner, organization)
    sign(agreement, organization)
    with pytest.raises(AgreementConflict):
        services.condition_update(
            condition=condition, actor=None, data=condition_data(agreement, partner, organization)
        )
    with pytest.raises(AgreementConflict):
        condition_make(agreement, organization, partner)
    with pytest.raises(AgreementConflict):
        sign(agreement, organization)
    with pytest.raises(AgreementConflict):
        services.agreement_update(agreement=agreement, actor=None, code="NEW")
    assert agreement.versions.get().conditions.count() == 1


def test_a_signature_names_the_hash_of_what_it_approves(agreement, organization, partner):
    condition_make(agreement, partner, organization)
    stale = services.version_hash(services.latest_version(agreement))
    condition_make(agreement, organization, partner)
    version = services.latest_version(agreement)
    assert services.version_hash(version) != stale
    signature = services.SignatureIn(
        signer_name="A", signed_on=date(2026, 1, 1), version_hash=stale
    )
    with pytest.raises(AgreementConflict):
        services.agreement_sign(
            version=version, party=party(agreement, organization), actor=None, signature=signature
        )
    assert not version.signatures.exists()
    made = sign(agreement, organization)
    assert made.version_hash == services.version_hash(version)


def test_the_hash_follows_the_content_and_its_fixed_order(agreement, organization, partner):
    version = services.latest_version(agreement)
    empty = services.version_hash(version)
    staff = condition_make(agreement, organization, partner, type=T.STAFF_TEACHING, eqf_levels=[])
    studies = condition_make(agreement, partner, organization)
    both = services.version_hash(version)
    assert both != empty
    # the conditions are ordered by type (student studies first), whatever the order entered
    assert [c.pk for c in services.conditions_in_order(version)] == [studies.pk, staff.pk]
    services.condition_delete(condition=staff, actor=None)
    assert services.version_hash(version) not in (both, empty)
    # a signature or a date of signing is not content
    before = services.version_hash(version)
    sign(agreement, organization)
    assert services.version_hash(version) == before


def test_an_amendment_keeps_the_signed_version_in_effect_until_both_sign(
    agreement, organization, partner
):
    condition_make(agreement, partner, organization, mobilities_per_year=4)
    sign(agreement, organization)
    sign(agreement, partner)
    amended = services.agreement_amend(agreement=agreement, actor=None, note="More places.")
    assert amended.number == 2
    assert amended.conditions.count() == 1
    condition = amended.conditions.get()
    services.condition_update(
        condition=condition,
        actor=None,
        data=condition_data(agreement, partner, organization, mobilities_per_year=8),
    )
    assert (
        AgreementVersion.objects.get(agreement=agreement, number=1)
        .conditions.get()
        .mobilities_per_year
        == 4
    )
    sign(agreement, organization)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_EFFECT
    assert in_effect(agreement) == 1
    sign(agreement, partner)
    assert in_effect(agreement) == 2


def test_amending_an_unsigned_version_or_signing_an_old_one_conflicts(
    agreement, organization, partner
):
    with pytest.raises(AgreementConflict):
        services.agreement_amend(agreement=agreement, actor=None)
    sign(agreement, organization)
    old = services.latest_version(agreement)
    services.agreement_amend(agreement=agreement, actor=None)
    with pytest.raises(AgreementConflict):
        sign(agreement, partner, version=old)


def test_termination_only_while_no_mobility_used_it(agreement, organization, partner):
    condition = condition_make(agreement, partner, organization)
    sign(agreement, organization)
    sign(agreement, partner)
    services.quota_use_set(condition=condition, actor=None, academic_year="2027/2028", used=2)
    assert services.quota_used(agreement) == 2
    with pytest.raises(AgreementConflict):
        services.agreement_terminate(
            agreement=agreement, actor=None, on=date(2027, 1, 1), reason="x"
        )
    services.quota_use_set(condition=condition, actor=None, academic_year="2027/2028", used=0)
    services.agreement_terminate(
        agreement=agreement, actor=None, on=date(2027, 1, 1), reason="Ends."
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.TERMINATED
    with pytest.raises(AgreementConflict):
        services.agreement_terminate(
            agreement=agreement, actor=None, on=date(2027, 1, 1), reason="x"
        )


@pytest.mark.parametrize(
    ("year", "used", "field"),
    [("2025/2026", 1, "academic_year"), ("2026-27", 1, "academic_year"), ("2026/2027", 5, "used")],
)
def test_quota_use_within_the_years_and_the_quota(
    agreement, organization, partner, year, used, field
):
    condition = condition_make(agreement, partner, organization, mobilities_per_year=4)
    with pytest.raises(ValidationError) as error:
        services.quota_use_set(condition=condition, actor=None, academic_year=year, used=used)
    assert field in error.value.message_dict
    assert not condition.quota_uses.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"first_year": "2025-26"}, "first_year"),
        ({"first_year": "2026/2028"}, "first_year"),
        ({"first_year": "2027/2028", "last_year": "2026/2027"}, "last_year"),
        ({"last_year": "x2014/2015"}, "last_year"),
        ({"mobilities_per_year": 0}, "mobilities_per_year"),
        ({"subject_areas": [{"code": "053"}]}, "subject_areas"),
        ({"subject_areas": [{"code": "05311"}]}, "subject_areas"),
        ({"languages": [{"language": "en", "cefr": "D1"}]}, "languages"),
        ({"languages": [{"language": "xx", "cefr": "B2"}]}, "languages"),
        ({"type": T.STAFF_TEACHING, "eqf_levels": [6]}, "eqf_levels"),
        ({"eqf_levels": [9]}, "eqf_levels"),
    ],
)
def test_bad_conditions_name_the_field_and_write_nothing(
    agreement, organization, partner, fields, field
):
    with pytest.raises(ValidationError) as error:
        condition_make(agreement, partner, organization, **fields)
    assert list(error.value.message_dict) == [field]
    assert not CooperationCondition.objects.exists()


def test_a_condition_goes_one_way_between_parties_of_the_agreement(
    agreement, organization, partner
):
    with pytest.raises(ValidationError) as error:
        condition_make(agreement, partner, partner)
    assert "receiving_party" in error.value.message_dict


def test_a_mobility_agreement_needs_every_partys_schac_id(organization):
    isced_make()
    anonymous = partner_make("nodomain", domain="")
    with pytest.raises(ValidationError) as error:
        agreement_make(organization, anonymous)
    assert "parties" in error.value.message_dict
    assert not Agreement.objects.exists()
    assert agreement_make(organization, anonymous, kind=Agreement.Kind.MOU).kind == "mou"


def test_an_agreement_has_two_different_parties_with_the_keeper(
    organization, partner, other_organization
):
    for others in ((), (organization,)):
        with pytest.raises(ValidationError):
            agreement_make(organization, *others)
    with pytest.raises(ValidationError):
        services.agreement_create(
            owner=organization,
            actor=None,
            parties=[services.PartyIn(partner), services.PartyIn(other_organization)],
            code="X",
            kind="mou",
            valid_from=date(2026, 1, 1),
        )


def test_a_pdf_must_be_a_pdf(agreement):
    from django.core.files.base import ContentFile

    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            agreement=agreement, actor=None, pdf=ContentFile(b"<html>", name="a.pdf")
        )
    assert "pdf" in error.value.message_dict


def test_facts_of_a_bilateral_version(agreement, organization, partner):
    from edcluster.organizations.models import OrganizationUnit

    unit = OrganizationUnit.objects.create(
        organization=partner, unit_id="jlu-chem", name_ru="Х", name_en="Chem"
    )
    condition_make(
        agreement, organization, partner, type=T.STAFF_TRAINING, eqf_levels=[], receiving_unit=unit
    )
    condition_make(agreement, partner, organization)
    sign(agreement, organization)
    facts = services.agreement_version_facts(services.latest_version(agreement))
    assert facts["iia_id"] == str(agreement.uuid)
    assert facts["iia_code"] == "IIA-1"
    assert [p["hei_id"] for p in facts["partners"]] == ["acme.example", "jlu.edu.cn"]
    assert facts["partners"][0]["signing_contact"]["name"] == "Signer"
    assert facts["partners"][0]["signing_date"] == "2026-01-15"
    assert facts["partners"][1]["signing_contact"] is None
    assert facts["in_effect"] is False
    studies, training = facts["conditions"]
    assert studies["element"] == "student-studies-mobility-spec"
    assert studies["receiving_first_academic_year_id"] == "2026/2027"
    assert studies["total_months_per_year"] == 10
    assert studies["total_days_per_year"] is None
    assert studies["subject_areas"] == [
        {"isced_f_code": "0531", "isced_clarification": "Chemistry"}
    ]
    assert studies["eqf_levels"] == [6, 7]
    assert studies["recommended_language_skills"] == [{"language": "en", "cefr_level": "B2"}]
    assert training["element"] == "staff-training-mobility-spec"
    assert training["receiving_ounit_id"] == "jlu-chem"
    assert training["total_days_per_year"] == 10


def test_a_multilateral_agreement_exports_each_pair(organization, partner, partner_organization):
    partner_organization.internet_domain = "initech.example"
    partner_organization.save()
    agreement = agreement_make(organization, partner, partner_organization)
    condition_make(agreement, partner, organization)
    condition_make(agreement, partner, partner_organization)
    pairs = services.bilateral_pairs(services.latest_version(agreement))
    assert [(a.organization.slug, b.organization.slug) for a, b in pairs] == [
        ("acme", "jilin"),
        ("jilin", "initech"),
    ]
    with pytest.raises(ValueError, match="2 bilateral pairs"):
        services.agreement_version_facts(services.latest_version(agreement))


def test_expiry_marks_expired_and_mails_editors_once(
    agreement, organization, partner, member_editor, settings
):
    today = timezone.localdate()
    agreement.valid_from, agreement.valid_until = (
        today - timedelta(days=400),
        today + timedelta(days=29),
    )
    agreement.save()
    sign(agreement, organization)
    sign(agreement, partner)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        counts = services.agreements_expiry(today=today)
    assert counts["reminded"] == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member_editor.email]
    assert "IIA-1" in mail.outbox[0].subject
    assert "30" in mail.outbox[0].subject
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.agreements_expiry(today=today)["reminded"] == 0
    assert len(mail.outbox) == 1
    services.agreements_expiry(today=today + timedelta(days=30))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.EXPIRED


def test_a_partners_schac_id_is_fixed_once_it_signed(agreement, organization, partner):
    services.partner_update(partner=partner, actor=None, internet_domain="jlu.cn")
    sign(agreement, partner)
    with pytest.raises(ValidationError) as error:
        services.partner_update(partner=partner, actor=None, internet_domain="jilin.edu.cn")
    assert "internet_domain" in error.value.message_dict
    partner.refresh_from_db()
    assert partner.internet_domain == "jlu.cn"
    assert services.partner_update(partner=partner, actor=None, erasmus_code="CN JILIN01")
