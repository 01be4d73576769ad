"""What every campaign page checks first."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from yunzhao.orgs.choices import Role

from ..actions import can_run_campaigns
from ..models import Event


def require_campaign_runner(request: HttpRequest) -> None:
    """Campaigns are run by the city bureau and the media group (403 for everyone else)."""
    if not can_run_campaigns(request.user):
        raise PermissionDenied(_("Only the city bureau and the media group run campaigns."))


def can_create_events(user) -> bool:
    """The bureau and the media group hold any event; district and zone staff their unit's events."""
    return can_run_campaigns(user) or (
        user.is_active and user.role in (Role.DISTRICT_STAFF, Role.ZONE_STAFF) and user.unit_id is not None
    )


def require_event_creator(request: HttpRequest) -> None:
    """Leaders read; 403 for anyone who may hold no event."""
    if not can_create_events(request.user):
        raise PermissionDenied(_("You may not create events."))


def require_ledger_reader(request: HttpRequest) -> None:
    """Signings are ledger records: media editors work on reach and never see them."""
    if not request.user.sees_ledger:
        raise PermissionDenied(_("Signings are part of the project ledger, which is not part of your work."))


def can_change_event(user, event: Event) -> bool:
    """Whether ``user`` may change ``event`` (the event access rule, asked of the database)."""
    return Event.objects.writable_by(user).filter(pk=event.pk).exists()


def url_or_none(name: str, *args) -> str | None:
    """The URL of a page that another part of the site provides, if it is there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
