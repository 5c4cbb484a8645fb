from django.http import HttpRequest

from edcluster.workspaces.menu import menu


def navigation(request: HttpRequest) -> dict:
    """The menu of the signed-in person (or the public one), computed only when a page shows it:
    htmx fragments render without the menu and run none of its queries."""
    user = request.user
    return {"nav_menu": lambda: menu(user=user)}
