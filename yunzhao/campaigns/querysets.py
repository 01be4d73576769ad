"""Access to campaigns, events and signings.

Campaigns and events are the city's public face: every member of staff sees them. Changing an event
is for the city bureau, the media group, and the unit that owns the event. Signings and guests carry
ledger and CRM data, so they follow the visibility of their project and investor.
"""

from django.db import models

from yunzhao.core.access import ScopedQuerySet
from yunzhao.orgs.choices import Role


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class CampaignQuerySet(models.QuerySet):
    """Campaigns: seen by all staff, changed by the city bureau and the media group."""

    def visible_to(self, user):
        return self.all() if _is_staff(user) else self.none()

    def writable_by(self, user):
        if not _is_staff(user):
            return self.none()
        if user.is_superuser or user.role in (Role.CITY_ADMIN, Role.CITY_STAFF, Role.MEDIA_EDITOR):
            return self.all()
        return self.none()


class EventQuerySet(models.QuerySet):
    """Events: seen by all staff; changed by the city bureau, the media group and the owning unit."""

    def visible_to(self, user):
        return self.all() if _is_staff(user) else self.none()

    def writable_by(self, user):
        if not _is_staff(user):
            return self.none()
        if user.is_superuser or user.role in (Role.CITY_ADMIN, Role.CITY_STAFF, Role.MEDIA_EDITOR):
            return self.all()
        if user.role in (Role.DISTRICT_STAFF, Role.ZONE_STAFF) and user.unit_id:
            return self.filter(owner_unit_id=user.unit_id)
        return self.none()

    def held(self):
        from .choices import EventStatus

        return self.filter(status=EventStatus.HELD)


class EventChildQuerySet(models.QuerySet):
    """Agenda items, streams and materials follow their event."""

    def visible_to(self, user):
        from .models import Event

        return self.filter(event__in=Event.objects.visible_to(user).values("pk"))

    def writable_by(self, user):
        from .models import Event

        return self.filter(event__in=Event.objects.writable_by(user).values("pk"))


class GuestQuerySet(models.QuerySet):
    """Guests follow the visibility of their investor."""

    def visible_to(self, user):
        from yunzhao.crm.models import Investor

        return self.filter(investor__in=Investor.objects.visible_to(user).values("pk"))


class SigningQuerySet(ScopedQuerySet):
    """Signings follow the visibility of their project."""

    def credited(self):
        return self.filter(credited_project=True)
