import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from edcluster.accounts.models import Membership, User
from edcluster.accounts.services import account_confirm, account_confirm_token
from edcluster.core.models import AuditEntry
from edcluster.organizations import services
from edcluster.organizations.models import Organization, StatusChange

APPLICATION = {"name_ru": "Новый вуз", "name_en": "New University", "kind": "university"}


def apply(**overrides):
    return services.organization_apply(
        fields=APPLICATION | overrides.pop("fields", {}),
        admin_email=overrides.pop("admin_email", "rector@new.example"),
        admin_password="Str0ng-pass-2026!",
        admin_first_name="Иван",
        **overrides,
    )


def test_apply_creates_the_organization_its_admin_and_history(
    db, operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization = apply()
    assert organization.status == Organization.Status.APPLIED
    assert organization.slug == "new-university"
    admin = User.objects.get(email="rector@new.example")
    assert admin.check_password("Str0ng-pass-2026!")
    assert Membership.objects.get(organization=organization).user == admin
    assert Membership.objects.get(organization=organization).role == "admin"
    assert list(organization.status_changes.values_list("from_status", "to_status")) == [
        ("", "applied")
    ]
    assert AuditEntry.objects.filter(verb="organization.applied").count() == 1
    assert [message.to for message in mail.outbox] == [[admin.email]]  # confirm the address
    assert not admin.is_active
    token = account_confirm_token(user=admin)
    with django_capture_on_commit_callbacks(execute=True):
        account_confirm(token=token)
    assert mail.outbox[-1].to == [operator.email]  # the operators hear of it once confirmed
    assert "New University" in mail.outbox[-1].body
    assert "Новый вуз" in mail.outbox[-1].body  # both languages


def test_apply_with_a_bad_field_leaves_nothing_behind(db):
    with pytest.raises(ValidationError) as error:
        apply(fields={"internet_domain": "Not A Domain"})
    assert "internet_domain" in error.value.message_dict
    assert Organization.objects.count() == 0
    assert User.objects.count() == 0


def test_apply_with_a_registered_email_creates_no_organization(
    db, member_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert apply(admin_email=member_admin.email.upper()) is None
    assert not Organization.objects.filter(name_en="New University").exists()
    assert [message.to for message in mail.outbox] == [[member_admin.email]]


def test_apply_refuses_the_management_company_kind(db):
    with pytest.raises(ValidationError) as error:
        apply(fields={"kind": "management_company"})
    assert "kind" in error.value.message_dict
    assert Organization.objects.count() == 0


def test_slugs_are_numbered_when_taken(db, organization):
    assert services.unique_slug(base="Acme") == "acme-2"


def test_admitting_records_history_and_tells_the_admins(
    db, operator, django_capture_on_commit_callbacks
):
    organization = apply()
    User.objects.filter(email="rector@new.example").update(is_active=True)  # confirmed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.organization_change_status(
            organization=organization, to_status="admitted", actor=operator
        )
    organization.refresh_from_db()
    assert organization.status == "admitted"
    change = organization.status_changes.last()
    assert (change.from_status, change.to_status, change.actor) == ("applied", "admitted", operator)
    assert mail.outbox[0].to == ["rector@new.example"]
    assert AuditEntry.objects.filter(verb="organization.admitted").count() == 1


@pytest.mark.parametrize(
    ("start", "target", "reason", "field"),
    [
        ("applied", "suspended", "x", "status"),  # not a permitted step
        ("admitted", "applied", "x", "status"),
        ("applied", "declined", "  ", "reason"),  # a refusal needs its reason
        ("admitted", "left", "", "reason"),
        ("admitted", "nonsense", "", "status"),
    ],
)
def test_status_changes_outside_the_rules_are_refused(
    db, operator, organization, start, target, reason, field
):
    Organization.objects.filter(pk=organization.pk).update(status=start)
    changes = StatusChange.objects.count()
    with pytest.raises(ValidationError) as error:
        services.organization_change_status(
            organization=organization, to_status=target, reason=reason, actor=operator
        )
    assert field in error.value.message_dict
    organization.refresh_from_db()
    assert organization.status == start
    assert StatusChange.objects.count() == changes


def test_only_operators_change_status(db, organization, member_admin):
    with pytest.raises(PermissionDenied):
        services.organization_change_status(
            organization=organization, to_status="suspended", reason="x", actor=member_admin
        )
    organization.refresh_from_db()
    assert organization.status == "admitted"


def test_members_cannot_change_kind_or_flags(db, organization, member_editor):
    with pytest.raises(ValidationError) as error:
        services.organization_update(
            organization=organization,
            actor=member_editor,
            fields={"name_en": "Changed", "is_key_company": True},
        )
    assert set(error.value.message_dict) == {"is_key_company"}
    organization.refresh_from_db()
    assert (organization.name_en, organization.is_key_company) == ("Organization acme", False)


def test_update_records_what_changed(db, organization, member_editor, priority_area):
    services.organization_update(
        organization=organization,
        actor=member_editor,
        fields={"city": "Северск", "priority_areas": [priority_area]},
    )
    organization.refresh_from_db()
    assert organization.city == "Северск"
    assert list(organization.priority_areas.all()) == [priority_area]
    entry = AuditEntry.objects.get(verb="organization.updated")
    assert entry.data == {"fields": ["city", "priority_areas"]}
    assert entry.actor == member_editor


def test_an_unchanged_update_writes_no_audit_entry(db, organization, member_editor):
    services.organization_update(
        organization=organization, actor=member_editor, fields={"city": organization.city}
    )
    assert not AuditEntry.objects.filter(verb="organization.updated").exists()


def test_domains_are_unique(db, organization, other_organization, operator):
    with pytest.raises(ValidationError) as error:
        services.organization_update(
            organization=other_organization,
            actor=operator,
            fields={"internet_domain": "acme.example"},
        )
    assert "internet_domain" in error.value.message_dict
    other_organization.refresh_from_db()
    assert other_organization.internet_domain == ""


def test_inviting_a_newcomer_creates_an_account_and_sends_a_link(
    db, organization, member_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_invite(
            organization=organization,
            email=" New.Person@Acme.Example ",
            role="editor",
            actor=member_admin,
        )
    assert membership.user.email == "new.person@acme.example"
    assert not membership.user.has_usable_password()
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_inviting_someone_known_changes_their_role_without_mail(
    db, organization, member_admin, member_viewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_invite(
            organization=organization, email=member_viewer.email, role="editor", actor=member_admin
        )
    assert Membership.objects.get(user=member_viewer).role == "editor"
    assert mail.outbox == []
