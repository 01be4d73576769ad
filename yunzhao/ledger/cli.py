"""Who the ledger commands act as: a named user, or, without ``--user``, the whole city."""

from django.core.management.base import CommandError

from yunzhao.orgs.choices import Role
from yunzhao.orgs.models import User


class WholeCityActor:
    """The command line without ``--user``: sees and may change every project; recorded as no one."""

    pk = None
    id = None
    username = ""
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_citywide = True
    can_write_ledger = True
    sees_ledger = True
    role = Role.CITY_ADMIN
    unit_id = None
    unit = None

    def __str__(self) -> str:
        return "command line"


def actor_for(username: str | None):
    """The active user called ``username``, or the whole-city actor when no name is given."""
    if not username:
        return WholeCityActor()
    user = User.objects.filter(username=username).select_related("unit").first()
    if user is None:
        raise CommandError(f"No user named {username!r}.")
    if not user.is_active:
        raise CommandError(f"User {username!r} is inactive.")
    return user
