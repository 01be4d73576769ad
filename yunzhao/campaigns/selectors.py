"""Reads of campaigns, events and signings shared by the staff pages, the API and reports."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from yunzhao.orgs.choices import UnitKind
from yunzhao.orgs.models import Unit

from .choices import EventLevel, EventStatus
from .models import Campaign, Event, EventGuest, Signing

# --- campaigns ---------------------------------------------------------------------------------


def campaign_queryset(user) -> QuerySet:
    """Campaigns the user may see, with their organisers loaded."""
    return Campaign.objects.visible_to(user).prefetch_related(
        Prefetch("organisers", queryset=Unit.objects.order_by("kind", "order"))
    )


def campaign_list(user) -> QuerySet:
    """Campaigns with their event count and the number of districts whose session was held."""
    held = Q(
        events__level=EventLevel.DISTRICT,
        events__status=EventStatus.HELD,
        events__owner_unit__kind=UnitKind.DISTRICT,
        events__owner_unit__is_active=True,
    )
    return campaign_queryset(user).annotate(
        event_count=Count("events", distinct=True),
        districts_held=Count("events__owner_unit", filter=held, distinct=True),
    )


def get_campaign_for_user(pk: int, user) -> Campaign:
    """The campaign with ``pk`` if the user may see it; otherwise 404."""
    return get_object_or_404(campaign_queryset(user), pk=pk)


def get_writable_campaign_for_user(pk: int, user) -> Campaign:
    """The campaign with ``pk`` if the user may change it; otherwise 404."""
    return get_object_or_404(Campaign.objects.writable_by(user), pk=pk)


# --- events ------------------------------------------------------------------------------------


def event_queryset(user) -> QuerySet:
    """Events the user may see, with their campaign and owning unit."""
    return Event.objects.visible_to(user).select_related("campaign", "owner_unit")


def get_event_for_user(pk: int, user) -> Event:
    """The event with ``pk`` if the user may see it; otherwise 404."""
    return get_object_or_404(event_queryset(user), pk=pk)


def get_writable_event_for_user(pk: int, user) -> Event:
    """The event with ``pk`` if the user may change it; otherwise 404."""
    return get_object_or_404(Event.objects.writable_by(user).select_related("campaign", "owner_unit"), pk=pk)


def standalone_events(user) -> QuerySet:
    """Events outside any campaign (provincial ceremonies, roadshows, conferences), newest first."""
    return event_queryset(user).filter(campaign__isnull=True).order_by("-starts_at")


def get_guest_for_writer(pk: int, user) -> EventGuest:
    """A guest the user can see, of an event the user may change; otherwise 404."""
    events = Event.objects.writable_by(user).values("pk")
    qs = EventGuest.objects.visible_to(user).filter(event__in=events).select_related("event", "investor")
    return get_object_or_404(qs, pk=pk)


def event_guests(event: Event, user) -> list[EventGuest]:
    """The audience of an event that the user may see (guests follow their investor's visibility)."""
    return list(
        EventGuest.objects.visible_to(user)
        .filter(event=event)
        .select_related("investor", "interaction")
        .order_by("investor__name_zh")
    )


# --- signings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningTotals:
    """Signings counted as the press counts them: signed here, and newly credited (DOMAIN.md)."""

    signings: int = 0
    projects: int = 0
    amount_cny: Decimal = Decimal(0)
    credited_projects: int = 0
    credited_amount_cny: Decimal = Decimal(0)


_TOTALS = {
    "signings": Count("pk"),
    "projects": Count("project", distinct=True),
    "amount_cny": Sum("amount_cny"),
    "credited_projects": Count("pk", filter=Q(credited_project=True)),
    "credited_amount_cny": Sum("credited_amount_cny"),
}


def _totals(row: dict[str, Any]) -> SigningTotals:
    return SigningTotals(
        signings=row["signings"] or 0,
        projects=row["projects"] or 0,
        amount_cny=row["amount_cny"] or Decimal(0),
        credited_projects=row["credited_projects"] or 0,
        credited_amount_cny=row["credited_amount_cny"] or Decimal(0),
    )


def signing_totals(signings: QuerySet) -> SigningTotals:
    """Totals of a set of signings in one query."""
    return _totals(signings.order_by().aggregate(**_TOTALS))


def totals_of(signings: Iterable[Signing]) -> SigningTotals:
    """Totals of signings already loaded (the same figures as ``signing_totals``, without a query)."""
    rows = list(signings)
    return SigningTotals(
        signings=len(rows),
        projects=len({s.project_id for s in rows}),
        amount_cny=sum((s.amount_cny for s in rows), Decimal(0)),
        credited_projects=sum(1 for s in rows if s.credited_project),
        credited_amount_cny=sum((s.credited_amount_cny for s in rows), Decimal(0)),
    )


def visible_signings(user) -> QuerySet:
    """Signings of projects the user may see, with what a signing row shows."""
    return Signing.objects.visible_to(user).select_related(
        "project", "project__district", "event", "event__campaign", "event__owner_unit"
    )


def event_signings(event: Event, user) -> list[Signing]:
    """The signings at an event whose project the user may see."""
    return list(visible_signings(user).filter(event=event).order_by("signed_on", "project__code"))


def get_signing_for_user(pk: int, user) -> Signing:
    """The signing with ``pk`` if the user may see its project; otherwise 404."""
    return get_object_or_404(Signing.objects.visible_to(user).select_related("project", "event"), pk=pk)


def filter_signings(
    signings: QuerySet,
    *,
    level: str = "",
    campaign=None,
    event=None,
    district=None,
    date_from=None,
    date_to=None,
    credited_only: bool = False,
) -> QuerySet:
    """Narrow signings by event level, campaign or event, the project's district, signing date and credit."""
    if event is not None:
        signings = signings.filter(event=event)
    if level:
        signings = signings.filter(event__level=level)
    if campaign is not None:
        signings = signings.filter(event__campaign=campaign)
    if district is not None:
        signings = signings.filter(project__district=district)
    if date_from:
        signings = signings.filter(signed_on__gte=date_from)
    if date_to:
        signings = signings.filter(signed_on__lte=date_to)
    if credited_only:
        signings = signings.filter(Q(credited_project=True) | Q(credited_amount_cny__gt=0))
    return signings


# --- the "1+12+N" structure --------------------------------------------------------------------


@dataclass
class DistrictRow:
    """One district or county of a campaign, with its session(s), if any."""

    unit: Unit
    events: list[Event] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return any(e.status == EventStatus.HELD for e in self.events)


@dataclass
class CampaignStructure:
    """A campaign laid out as "1+12+N": city-level, one row per district, and special events."""

    city_events: list[Event]
    districts: list[DistrictRow]
    special_events: list[Event]
    totals: SigningTotals

    @property
    def districts_total(self) -> int:
        return len(self.districts)

    @property
    def districts_held(self) -> int:
        return sum(1 for row in self.districts if row.held)

    @property
    def districts_scheduled(self) -> int:
        return sum(1 for row in self.districts if row.events)

    @property
    def events(self) -> list[Event]:
        return [*self.city_events, *(e for row in self.districts for e in row.events), *self.special_events]


def campaign_structure(campaign: Campaign, user, *, with_signings: bool = True) -> CampaignStructure:
    """The campaign's events in "1+12+N" order, each with the totals of the signings the user may see.

    Four queries whatever the number of events: the events, the districts, the signing totals per
    event and for the whole campaign (a project signed at two of its events counts once there).
    """
    events = list(
        Event.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("owner_unit")
        .order_by("starts_at")
    )
    per_event: dict[int, SigningTotals] = {}
    if with_signings:
        rows = (
            Signing.objects.visible_to(user)
            .filter(event__campaign=campaign)
            .order_by()
            .values("event")
            .annotate(**_TOTALS)
        )
        per_event = {row["event"]: _totals(row) for row in rows}
    for event in events:
        event.signing_totals = per_event.get(event.pk, SigningTotals())

    districts = [DistrictRow(unit) for unit in Unit.objects.districts().order_by("order", "code")]
    by_unit = {row.unit.pk: row for row in districts}
    city, special = [], []
    for event in events:
        if event.level == EventLevel.CITY:
            city.append(event)
        elif event.level == EventLevel.DISTRICT and event.owner_unit_id in by_unit:
            by_unit[event.owner_unit_id].events.append(event)
        else:
            special.append(event)
    totals = SigningTotals()
    if with_signings:
        totals = signing_totals(Signing.objects.visible_to(user).filter(event__campaign=campaign))
    return CampaignStructure(city_events=city, districts=districts, special_events=special, totals=totals)
