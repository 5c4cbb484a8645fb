"""What follows a password change, wherever it happens (the change and reset pages, the admin,
`manage.py changepassword`): Django calls `password_changed` of every entry of
AUTH_PASSWORD_VALIDATORS after saving a user whose password was set, and never for a hash
upgrade at sign-in."""

from django.utils.translation import gettext as _

from edcluster.accounts.services import api_tokens_revoke_all


class RevokeTokensOnPasswordChange:
    """Not a check of the password: the hook that revokes the user's API tokens once a new
    password is saved, so a token taken with the old password stops working."""

    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user=None) -> None:
        if user is not None and user.pk is not None:
            api_tokens_revoke_all(user=user, reason="password_changed")

    def get_help_text(self) -> str:
        return _("A new password revokes your API tokens.")
