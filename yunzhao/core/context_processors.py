"""Template context every staff page needs."""

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """What the navigation bar shows for the current user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_sees_ledger": user.sees_ledger, "nav_can_write": user.can_write_ledger}
