"""The admin site class, alone in its module: Django imports it lazily to build admin.site, and a
module that also registers models would then build the site twice and lose registrations."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class OperatorAdminSite(admin.AdminSite):
    """The admin belongs to the Management Company's operators."""

    site_header = _("edcluster administration")
    site_title = _("edcluster")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and getattr(user, "is_operator", False))
