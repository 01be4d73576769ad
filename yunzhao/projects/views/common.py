"""What every project page checks first."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from yunzhao.core.access import can_write


def require_reader(request: HttpRequest) -> None:
    """Media editors work on reach and never see the ledger."""
    if not request.user.sees_ledger:
        raise PermissionDenied(_("The project ledger is not part of your work."))


def require_writer(request: HttpRequest) -> None:
    """Leaders and media editors read; only ledger staff write."""
    if not can_write(request.user):
        raise PermissionDenied(_("You may not change the project ledger."))


def writable_project_or_404(request: HttpRequest, pk: int):
    """The project to change: 404 if the user cannot see it, 403 if they may only read it."""
    from ..selectors import get_project_for_user, get_writable_project_for_user

    get_project_for_user(pk, request.user)
    require_writer(request)
    return get_writable_project_for_user(pk, request.user)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def url_or_none(name: str, *args) -> str | None:
    """The URL of a page that another part of the site provides, if it is there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
