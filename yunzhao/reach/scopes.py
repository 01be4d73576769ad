"""The scope a person asks reach figures for, checked against the access rule.

Reach figures are public relations material that all staff see, but the figures of a district's (or
zone's) events are that unit's: district and zone staff always get their own unit's, and asking for
another unit is a 404, as for any record outside their unit. City staff, leaders and the media group
may ask for any district or zone, or none (the whole city).
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from yunzhao.campaigns.models import Campaign, Event
from yunzhao.orgs.choices import Role, UnitKind
from yunzhao.orgs.models import Unit, User

from .choices import ChannelLevel
from .models import Publication
from .selectors import Scope

# The units whose events a reach figure can be narrowed to.
SCOPE_UNIT_KINDS = (UnitKind.DISTRICT, UnitKind.ZONE)


def bound_to_unit(user: User) -> bool:
    """Whether ``user`` only ever sees the figures of their own unit (district and zone staff)."""
    return not user.is_citywide and user.role in (Role.DISTRICT_STAFF, Role.ZONE_STAFF)


def reach_units(user: User) -> QuerySet:
    """The districts and zones ``user`` may narrow a reach figure to: their own for district and zone
    staff, every active one for the rest of the staff, none for anyone else."""
    if not (user and user.is_authenticated and user.is_active):
        return Unit.objects.none()
    if bound_to_unit(user):
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.filter(kind__in=SCOPE_UNIT_KINDS, is_active=True).order_by("kind", "order", "code")


@dataclass(frozen=True)
class AskedScope:
    """What a reach figure covers, as asked and allowed: a district or zone, a media level, a
    campaign, an event; any of them may be left out."""

    district: Unit | None = None
    level: str | None = None
    campaign: Campaign | None = None
    event: Event | None = None

    def scope(self) -> Scope:
        return Scope.of(district=self.district, level=self.level, campaign=self.campaign, event=self.event)

    def publications(self, user: User) -> QuerySet:
        """The publications behind the figure that ``user`` sees."""
        return self.scope().publications() & Publication.objects.visible_to(user)

    def source(self, user: User) -> Scope | QuerySet:
        """What the figure is read from for ``user``: the scope itself (a statement kept once) when the
        access rule leaves them every publication, as it does all staff; else what they see."""
        visible = Publication.objects.visible_to(user)
        if not visible.query.is_empty() and not visible.query.where:
            return self.scope()
        return self.publications(user)

    @property
    def level_label(self) -> str:
        return ChannelLevel(self.level).label if self.level else ""


def resolve_scope(user: User, *, district: int | None = None, level: str | None = None,
                  campaign: int | None = None, event: int | None = None,
                  units: list[Unit] | None = None) -> AskedScope:
    """The scope ``user`` asks for, each id looked up through the access rule: an unknown district,
    campaign or event, or one the user may not see, is a 404. District and zone staff get their own
    unit when they name none. ``units`` are the user's ``reach_units`` if already read.

    ``level`` must be a ``ChannelLevel`` value or ``None`` (the callers check it with the user's words).
    """
    if level is not None and level not in ChannelLevel.values:
        raise ValueError(f"unknown level {level!r}")
    if district is None and bound_to_unit(user):
        district = user.unit_id
    unit = None
    if district is not None:
        allowed = units if units is not None else reach_units(user).filter(pk=district)
        unit = next((u for u in allowed if u.pk == district), None)
        if unit is None:
            raise Http404
    found_campaign = _visible(Campaign.objects.visible_to(user), campaign)
    found_event = _visible(Event.objects.visible_to(user).select_related("owner_unit", "campaign"), event)
    return AskedScope(district=unit, level=level or None, campaign=found_campaign, event=found_event)


def _visible(queryset: QuerySet, pk: int | None):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
