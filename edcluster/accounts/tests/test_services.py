import pytest
from django.core.exceptions import ValidationError

from edcluster.accounts.models import ApiToken, Membership
from edcluster.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    membership_remove,
)


def test_a_token_is_stored_hashed_and_authenticates_until_revoked(db, member_admin):
    token, secret = api_token_create(user=member_admin, name="  1C  ")
    assert secret.startswith("edc_")
    assert token.name == "1C"
    assert secret not in ApiToken.objects.values_list("token_hash", flat=True).get()
    assert api_token_authenticate(secret=secret) == member_admin
    token.refresh_from_db()
    assert token.last_used_at is not None
    api_token_revoke(token=token, actor=member_admin)
    assert api_token_authenticate(secret=secret) is None


@pytest.mark.parametrize("secret", ["", "edc_wrong", "Bearer", "x" * 500])
def test_unknown_tokens_authenticate_nobody(db, member_admin, secret):
    api_token_create(user=member_admin, name="real")
    assert api_token_authenticate(secret=secret) is None


def test_a_deactivated_user_token_stops_working(db, member_admin):
    _token, secret = api_token_create(user=member_admin, name="ci")
    member_admin.is_active = False
    member_admin.save()
    assert api_token_authenticate(secret=secret) is None


def test_a_token_needs_a_name(db, member_admin):
    with pytest.raises(ValidationError):
        api_token_create(user=member_admin, name="   ")
    assert ApiToken.objects.count() == 0


def test_the_last_administrator_cannot_be_removed(db, organization, member_admin):
    membership = Membership.objects.get(user=member_admin)
    with pytest.raises(ValidationError):
        membership_remove(membership=membership, actor=member_admin)
    assert Membership.objects.filter(pk=membership.pk).exists()
