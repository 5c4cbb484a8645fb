from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from edcluster.catalog import services
from edcluster.catalog.models import Offering, Product, ProductOwner
from edcluster.catalog.selectors import access_product, can_edit_product, product_visible
from edcluster.core.models import AuditEntry
from edcluster.testing import make_organization

FIELDS = {
    "kind": "upskilling",
    "title_ru": "Анализ данных на Python",
    "title_en": "Data analysis in Python",
    "summary_ru": "Курс для инженеров.",
    "languages": ["ru", "en"],
    "price": Decimal("45000"),
    "currency": "RUB",
}
OUTCOMES = [("Загружает данные из CSV", "ru"), ("Builds a regression model", "en")]


@pytest.fixture
def product(organization, member_editor):
    return services.product_create(
        owner=organization, actor=member_editor, fields=FIELDS, outcomes=OUTCOMES
    )


def test_a_new_product_is_a_draft_idea_led_by_its_owner(product, organization, member_editor):
    assert (product.status, product.stage, product.slug) == (
        "draft",
        "idea",
        "data-analysis-in-python",
    )
    assert list(product.ownerships.values_list("organization", "role")) == [
        (organization.pk, "lead")
    ]
    assert list(product.outcomes.values_list("position", "text")) == [
        (1, "Загружает данные из CSV"),
        (2, "Builds a regression model"),
    ]
    assert product.stage_changes.get().to_stage == "idea"
    assert AuditEntry.objects.get(verb="product.created").actor == member_editor


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title_ru": "", "title_en": ""}, "title_ru"),
        ({"languages": ["russian"]}, "languages"),
        ({"is_free": True}, "price"),  # free, yet priced
        ({"currency": ""}, "currency"),
        ({"eqf_level": 9}, "eqf_level"),
        ({"status": "published"}, "status"),  # only the workflow publishes
        ({"source_system": "moodle"}, "external_id"),
    ],
)
def test_bad_products_are_refused_whole(organization, member_editor, fields, field):
    with pytest.raises(ValidationError) as error:
        services.product_create(
            owner=organization, actor=member_editor, fields=FIELDS | fields, outcomes=OUTCOMES
        )
    assert field in error.value.message_dict
    assert Product.objects.count() == 0
    assert ProductOwner.objects.count() == 0


def test_applicants_cannot_add_products(db, member_editor):
    applied = make_organization("newcomer", status="applied")
    with pytest.raises(ValidationError):
        services.product_create(owner=applied, actor=member_editor, fields=FIELDS)
    assert Product.objects.count() == 0


def test_provenance_is_unique(organization, member_editor):
    provenance = {"source_system": "moodle", "external_id": "42"}
    services.product_create(owner=organization, actor=member_editor, fields=FIELDS | provenance)
    with pytest.raises(ValidationError) as error:
        services.product_create(owner=organization, actor=member_editor, fields=FIELDS | provenance)
    assert "external_id" in error.value.message_dict
    assert Product.objects.count() == 1


def test_the_review_workflow(product, member_editor, operator):
    services.product_submit(product=product, actor=member_editor)
    with pytest.raises(ValidationError):
        services.product_return(product=product, actor=operator, comment=" ")
    services.product_return(product=product, actor=operator, comment="Add the hours.")
    product.refresh_from_db()
    assert (product.status, product.review_comment) == ("draft", "Add the hours.")
    services.product_submit(product=product, actor=member_editor)
    services.product_publish(product=product, actor=operator)
    product.refresh_from_db()
    assert product.status == "published"
    assert product.published_at is not None
    assert product.review_comment == ""
    verbs = list(
        AuditEntry.objects.filter(verb__startswith="product.").values_list("verb", flat=True)
    )
    assert verbs.count("product.in_review") == 2


def test_only_operators_publish(product, member_editor, member_admin):
    services.product_submit(product=product, actor=member_editor)
    with pytest.raises(PermissionDenied):
        services.product_publish(product=product, actor=member_admin)
    product.refresh_from_db()
    assert product.status == "in_review"


def test_a_draft_cannot_be_published_directly(product, operator):
    with pytest.raises(ValidationError) as error:
        services.product_publish(product=product, actor=operator)
    assert "status" in error.value.message_dict


def test_submitting_needs_a_summary_and_outcomes(organization, member_editor):
    bare = services.product_create(
        owner=organization, actor=member_editor, fields=FIELDS | {"summary_ru": ""}
    )
    with pytest.raises(ValidationError) as error:
        services.product_submit(product=bare, actor=member_editor)
    assert set(error.value.message_dict) == {"summary_ru", "outcomes"}


def test_the_lifecycle_keeps_dated_history(product, member_editor):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:  # before the product's own creation
        services.product_stage_set(
            product=product, stage="pilot", actor=member_editor, on=today - timedelta(days=1)
        )
    assert "on" in error.value.message_dict
    services.product_stage_set(product=product, stage="pilot", actor=member_editor, on=today)
    with pytest.raises(ValidationError):
        services.product_stage_set(product=product, stage="pilot", actor=member_editor)
    with pytest.raises(ValidationError):
        services.product_stage_set(
            product=product,
            stage="implemented",
            actor=member_editor,
            on=timezone.localdate() + timedelta(days=1),
        )
    product.refresh_from_db()
    assert product.stage == "pilot"
    assert list(product.stage_changes.values_list("from_stage", "to_stage", "on")) == [
        ("", "idea", today),
        ("idea", "pilot", today),
    ]


def test_co_owners_edit_joint_products_and_the_lead_stays(
    product, other_organization, outsider, member_editor, member_viewer
):
    assert not can_edit_product(user=outsider, product=product)
    owner = services.product_owner_add(
        product=product, organization=other_organization, actor=member_editor
    )
    assert can_edit_product(user=outsider, product=product)  # outsider administers the partner
    assert not can_edit_product(user=member_viewer, product=product)
    lead = product.ownerships.get(role="lead")
    with pytest.raises(ValidationError):
        services.product_owner_remove(owner=lead, actor=member_editor)
    services.product_owner_remove(owner=owner, actor=member_editor)
    assert not can_edit_product(user=outsider, product=product)


def test_only_the_leads_editors_and_operators_change_the_owners(
    product, other_organization, outsider, member_editor, operator
):
    """A partner's editors edit a joint product but do not change who owns it: they add no
    partner and remove nobody, the lead least of all (the rule imports keep too)."""
    partner = services.product_owner_add(
        product=product, organization=other_organization, actor=member_editor
    )
    third = make_organization("initech")
    with translation.override("en"), pytest.raises(PermissionDenied, match="lead owner"):
        services.product_owner_add(product=product, organization=third, actor=outsider)
    for owner in product.ownerships.all():
        with pytest.raises(PermissionDenied):
            services.product_owner_remove(owner=owner, actor=outsider)
    lead = product.ownerships.get(role="lead")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.product_owner_remove(owner=lead, actor=operator)
    assert refused.value.message_dict == {"owners": ["The lead owner cannot be removed."]}
    services.product_owner_add(product=product, organization=third, actor=operator)
    services.product_owner_remove(owner=partner, actor=member_editor)
    assert set(product.ownerships.values_list("organization__slug", flat=True)) == {
        "acme",
        "initech",
    }


def test_drafts_are_seen_by_their_owners_and_operators_only(
    product, outsider, member_viewer, operator
):
    assert not product_visible(viewer=AnonymousUser()).exists()
    assert not product_visible(viewer=outsider).exists()
    assert product_visible(viewer=member_viewer).get() == product
    assert product_visible(viewer=operator).get() == product
    with pytest.raises(Http404):
        access_product(user=outsider, slug=product.slug)
    with pytest.raises(PermissionDenied):
        access_product(user=member_viewer, slug=product.slug, for_write=True)


def test_updates_replace_outcomes_and_record_what_changed(product, member_editor):
    services.product_update(
        product=product,
        actor=member_editor,
        fields={"duration_hours": 72},
        outcomes=[("Builds a regression model", "en")],
    )
    product.refresh_from_db()
    assert product.duration_hours == 72
    assert list(product.outcomes.values_list("position", "text")) == [
        (1, "Builds a regression model")
    ]
    entry = AuditEntry.objects.get(verb="product.updated")
    assert entry.data == {"fields": ["duration_hours", "outcomes"]}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_on": date(2026, 1, 1)}, "ends_on"),
        ({"enrolled": 31}, "enrolled"),
        ({"place": "", "is_online": False}, "place"),
        ({"enrolment_deadline": date(2027, 1, 1)}, "enrolment_deadline"),
    ],
)
def test_bad_offerings_are_refused(product, member_editor, fields, field):
    good = {
        "starts_on": date(2026, 2, 1),
        "ends_on": date(2026, 3, 1),
        "place": "Томск",
        "seats": 30,
        "enrolled": 10,
    }
    with pytest.raises(ValidationError) as error:
        services.offering_save(product=product, actor=member_editor, fields=good | fields)
    assert field in error.value.message_dict
    assert Offering.objects.count() == 0
    offering = services.offering_save(product=product, actor=member_editor, fields=good)
    assert offering.product == product


def test_product_slugs_avoid_page_addresses(organization, member_editor):
    product = services.product_create(
        owner=organization, actor=member_editor, fields={"kind": "module", "title_en": "Review"}
    )
    assert product.slug == "review-product"
