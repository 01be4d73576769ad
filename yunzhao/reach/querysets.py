"""Access to channels, publications and snapshots.

Reach figures are public relations material: all staff see them. Recording reach is for the media
group and the city bureau, and for a district or zone on its own events.
"""

from django.db import models
from django.db.models import Q

from yunzhao.orgs.choices import Role

_REACH_WRITERS = (Role.CITY_ADMIN, Role.CITY_STAFF, Role.MEDIA_EDITOR)


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class ChannelQuerySet(models.QuerySet):
    """Channels: the registry is shared by all staff; the media group and the bureau keep it."""

    def visible_to(self, user):
        return self.all() if _is_staff(user) else self.none()

    def writable_by(self, user):
        if _is_staff(user) and (user.is_superuser or user.role in _REACH_WRITERS):
            return self.all()
        return self.none()


class PublicationQuerySet(models.QuerySet):
    """Publications: seen by all staff, recorded by the media group, the bureau and the event's unit."""

    def visible_to(self, user):
        return self.all() if _is_staff(user) else self.none()

    def writable_by(self, user):
        if not _is_staff(user):
            return self.none()
        if user.is_superuser or user.role in _REACH_WRITERS:
            return self.all()
        if user.role in (Role.DISTRICT_STAFF, Role.ZONE_STAFF) and user.unit_id:
            return self.filter(Q(event__owner_unit_id=user.unit_id))
        return self.none()


class SnapshotQuerySet(models.QuerySet):
    """Snapshots follow their publication."""

    def visible_to(self, user):
        return self.all() if _is_staff(user) else self.none()

    def at_or_before(self, moment):
        return self.filter(taken_at__lte=moment)


def keeps_registry(user) -> bool:
    """Whether ``user`` may add and change outlets and channels (the media group and the bureau)."""
    return _is_staff(user) and (user.is_superuser or user.role in _REACH_WRITERS)


def can_record_reach(user, *, event=None, campaign=None) -> bool:
    """Whether ``user`` may record publications and snapshots of this event or campaign.

    The same rule as ``PublicationQuerySet.writable_by``: the media group and the bureau record for
    any event or campaign; district and zone staff for the events their unit owns.
    """
    if not _is_staff(user):
        return False
    if user.is_superuser or user.role in _REACH_WRITERS:
        return True
    if event is not None and user.role in (Role.DISTRICT_STAFF, Role.ZONE_STAFF) and user.unit_id:
        return event.owner_unit_id == user.unit_id
    return False


def records_reach(user) -> bool:
    """Whether ``user`` may record reach for anything at all (and so use the import page)."""
    if not _is_staff(user):
        return False
    if user.is_superuser or user.role in _REACH_WRITERS:
        return True
    return user.role in (Role.DISTRICT_STAFF, Role.ZONE_STAFF) and bool(user.unit_id)
