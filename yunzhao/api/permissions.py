"""The API's side of the access rule: reads come from ``visible_to``; writes need a ledger writer."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from yunzhao.core.access import can_write
from yunzhao.orgs.models import User


def caller(request: HttpRequest) -> User:
    """The user the request was authenticated as (by token or session)."""
    return request.auth  # type: ignore[attr-defined]


def require_writer(user: User) -> None:
    """Refuse (403) users who may read but not change the ledger: leaders and media editors."""
    if not can_write(user):
        raise PermissionDenied(_("Your role may read but not change these records."))
