"""The campaign endpoints of the JSON API: campaigns, events with their agenda and audience, and signings."""

import datetime as dt
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from yunzhao.api.errors import ApiValidationError
from yunzhao.api.filters import apply_filterset, query_schema_for
from yunzhao.api.pagination import LimitOffsetPage
from yunzhao.api.permissions import caller, require_writer
from yunzhao.api.schemas import DecimalText, ErrorOut, UnitRef, ValidationErrorOut, choice_label
from yunzhao.core.access import can_write
from yunzhao.core.choices import Currency
from yunzhao.crm.models import Investor
from yunzhao.orgs.choices import UnitKind
from yunzhao.orgs.models import Unit, User
from yunzhao.projects.api import InvestorRef
from yunzhao.projects.models import Project

from . import actions
from .choices import EventLevel, EventMode, EventStatus, GuestType, MaterialKind, SigningMode, StreamKind
from .forms import GUEST_TYPE_FOR_KIND, owner_unit_choices
from .models import AgendaItem, Campaign, Event, EventGuest, EventMaterial, EventStream, Signing
from .selectors import campaign_list, event_queryset, filter_signings, get_event_for_user, visible_signings
from .views.common import can_create_events

router = Router()
campaign_routes = Router(tags=["campaigns"])
event_routes = Router(tags=["events"])
signing_routes = Router(tags=["signings"])

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 403: ErrorOut}


def _in_language(zh: str, en: str) -> str:
    """The English text in English when there is one, else the Chinese."""
    return en if (get_language() or "").startswith("en") and en else zh


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A time sent without an offset is the city's local time."""
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def _invalid_choice(field: str, missing: list[int] | None = None) -> ApiValidationError:
    if missing:
        message = _("Select a valid choice. %(value)s is not one of the available choices.") % {
            "value": ", ".join(str(pk) for pk in missing)
        }
    else:
        message = _("Select a valid choice. That choice is not one of the available choices.")
    return ApiValidationError({field: [message]})


def _one_of(queryset: QuerySet, pk: int, field: str) -> Any:
    """The object ``pk`` of ``queryset``, or a 422 naming ``field``."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise _invalid_choice(field)
    return found


# --- campaigns -----------------------------------------------------------------------------------


class CampaignOut(Schema):
    """A campaign and its "1+12+N" progress."""

    id: int
    name: str = Field(description="The name in the language of the request.")
    name_zh: str
    name_en: str
    theme: str = Field(description="The theme in the language of the request.")
    theme_zh: str
    theme_en: str
    organisers: list[UnitRef]
    starts_on: dt.date
    ends_on: dt.date
    special_events_planned: int = Field(description="The “N” of “1+12+N”.")
    description_zh: str
    description_en: str
    event_count: int = Field(description="Events of the campaign, at every level.")
    districts_held: int = Field(description="Districts and counties whose session was held.")
    districts_total: int = Field(description="Districts and counties of the city (the “12”).")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_name(obj: Campaign) -> str:
        return obj.display_name

    @staticmethod
    def resolve_theme(obj: Campaign) -> str:
        return _in_language(obj.theme_zh, obj.theme_en)

    @staticmethod
    def resolve_organisers(obj: Campaign) -> list[Unit]:
        return list(obj.organisers.all())


class CampaignIn(Schema):
    """A new campaign. Fields left out take their defaults."""

    model_config = ConfigDict(extra="forbid")

    name_zh: str
    name_en: str = None
    theme_zh: str = None
    theme_en: str = None
    organisers: list[int] = Field(
        None, description="Unit ids of the organisers; the city bureau and the media group if left out."
    )
    starts_on: dt.date
    ends_on: dt.date
    special_events_planned: int = Field(None, ge=0)
    description_zh: str = None
    description_en: str = None


class CampaignPatch(Schema):
    """Changes to a campaign; only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    name_zh: str = None
    name_en: str = None
    theme_zh: str = None
    theme_en: str = None
    organisers: list[int] = Field(None, description="The complete new list of organiser unit ids.")
    starts_on: dt.date = None
    ends_on: dt.date = None
    special_events_planned: int = Field(None, ge=0)
    description_zh: str = None
    description_en: str = None


def _campaigns(user: User) -> QuerySet:
    """Campaigns with their progress: events, district sessions held, and the number of districts."""
    districts = (
        Unit.objects.districts().order_by().values("kind").annotate(n=Count("pk")).values("n")
    )
    return campaign_list(user).annotate(districts_total=Subquery(districts[:1]))


def _organiser_units(ids: list[int] | None) -> list[Unit]:
    """The organisers named by id (city bureau and media group units); all of them when none are named."""
    units = Unit.objects.filter(kind__in=[UnitKind.CITY, UnitKind.MEDIA], is_active=True)
    if ids is None:
        return list(units.order_by("kind", "order"))
    wanted = list(dict.fromkeys(ids))
    found = units.in_bulk(wanted)
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise _invalid_choice("organisers", missing)
    return [found[pk] for pk in wanted]


def _require_campaign_runner(user: User) -> None:
    if not actions.can_run_campaigns(user):
        raise PermissionDenied(_("Only the city bureau and the media group run campaigns."))


def _read_campaign(pk: int, user: User) -> Campaign:
    return get_object_or_404(_campaigns(user), pk=pk)


@campaign_routes.get("", response={200: list[CampaignOut], **READ_ERRORS}, summary="List campaigns")
@paginate(LimitOffsetPage)
def list_campaigns(request: HttpRequest):
    """Every campaign, newest first, with its progress."""
    return _campaigns(caller(request)).order_by("-starts_on", "-pk")


@campaign_routes.get("/{int:campaign_id}", response={200: CampaignOut, **READ_ERRORS}, summary="Read a campaign")
def read_campaign(request: HttpRequest, campaign_id: int):
    """One campaign with its progress."""
    return _read_campaign(campaign_id, caller(request))


@campaign_routes.post("", response={201: CampaignOut, **WRITE_ERRORS}, summary="Create a campaign")
def create_campaign(request: HttpRequest, payload: CampaignIn):
    """Start a campaign (the city bureau and the media group)."""
    user = caller(request)
    _require_campaign_runner(user)
    fields = payload.dict(exclude_unset=True)
    organisers = _organiser_units(fields.pop("organisers", None))
    campaign = actions.create_campaign(actor=user, organisers=organisers, **fields)
    return Status(201, _read_campaign(campaign.pk, user))


@campaign_routes.patch(
    "/{int:campaign_id}", response={200: CampaignOut, **WRITE_ERRORS}, summary="Update a campaign"
)
def update_campaign(request: HttpRequest, campaign_id: int, payload: CampaignPatch):
    """Change the fields sent; the change is written on the campaign's timeline."""
    user = caller(request)
    campaign = get_object_or_404(Campaign.objects.visible_to(user), pk=campaign_id)
    _require_campaign_runner(user)
    changes = payload.dict(exclude_unset=True)
    organisers = changes.pop("organisers", None)
    actions.update_campaign(
        campaign, actor=user, changes=changes,
        organisers=_organiser_units(organisers) if organisers is not None else None,
    )
    return _read_campaign(campaign.pk, user)


# --- events --------------------------------------------------------------------------------------


class CampaignRef(Schema):
    """A campaign, as a reference."""

    id: int
    name: str

    @staticmethod
    def resolve_name(obj: Campaign) -> str:
        return obj.display_name


class StreamOut(Schema):
    """A link where the event can be watched live or replayed."""

    channel_code: str
    platform: str = Field(description="The channel's name in the language of the request.")
    kind: StreamKind
    kind_label: str
    url: str

    @staticmethod
    def resolve_channel_code(obj: EventStream) -> str:
        return obj.channel.code

    @staticmethod
    def resolve_platform(obj: EventStream) -> str:
        return obj.channel.display_name

    @staticmethod
    def resolve_kind_label(obj: EventStream) -> str:
        return choice_label(obj, "kind")


class MaterialOut(Schema):
    """A policy, video or document published at the event."""

    kind: MaterialKind
    kind_label: str
    title: str
    title_zh: str
    title_en: str
    url: str

    @staticmethod
    def resolve_kind_label(obj: EventMaterial) -> str:
        return choice_label(obj, "kind")

    @staticmethod
    def resolve_title(obj: EventMaterial) -> str:
        return obj.display_name


class EventOut(Schema):
    """An event as the API shows it, with its livestream and replay links and its materials."""

    id: int
    campaign: CampaignRef | None
    title: str = Field(description="The title in the language of the request.")
    title_zh: str
    title_en: str
    level: EventLevel
    level_label: str
    owner_unit: UnitRef
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    mode: EventMode
    mode_label: str
    venue: str
    city: str = Field(description="For events held in other cities (roadshows).")
    status: EventStatus
    status_label: str
    summary_zh: str
    summary_en: str
    streams: list[StreamOut]
    materials: list[MaterialOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_title(obj: Event) -> str:
        return obj.display_name

    @staticmethod
    def resolve_level_label(obj: Event) -> str:
        return choice_label(obj, "level")

    @staticmethod
    def resolve_mode_label(obj: Event) -> str:
        return choice_label(obj, "mode")

    @staticmethod
    def resolve_status_label(obj: Event) -> str:
        return choice_label(obj, "status")

    @staticmethod
    def resolve_streams(obj: Event) -> list[EventStream]:
        return list(obj.streams.all())

    @staticmethod
    def resolve_materials(obj: Event) -> list[EventMaterial]:
        return list(obj.materials.all())


class EventIn(Schema):
    """A new event. Times without an offset are the city's local time."""

    model_config = ConfigDict(extra="forbid")

    campaign: int | None = Field(None, description="Campaign id; left out for a standalone event.")
    title_zh: str
    title_en: str = None
    level: EventLevel
    owner_unit: int = Field(
        None, description="Owning unit id; your own unit if left out (district and zone staff: only their own)."
    )
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    mode: EventMode = None
    venue: str = None
    city: str = None
    status: EventStatus = None
    summary_zh: str = None
    summary_en: str = None


class EventPatch(Schema):
    """Changes to an event; only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    campaign: int | None = None
    title_zh: str = None
    title_en: str = None
    level: EventLevel = None
    owner_unit: int = None
    starts_at: dt.datetime = None
    ends_at: dt.datetime | None = None
    mode: EventMode = None
    venue: str = None
    city: str = None
    status: EventStatus = None
    summary_zh: str = None
    summary_en: str = None


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class EventFilter(django_filters.FilterSet):
    """Narrow events by campaign, level, status, owning unit and the day they start (local time)."""

    campaign = django_filters.ModelChoiceFilter(label=gettext_lazy("Campaign"), queryset=Campaign.objects.all())
    level = django_filters.ChoiceFilter(label=gettext_lazy("Level"), choices=EventLevel.choices)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=EventStatus.choices)
    owner_unit = django_filters.ModelChoiceFilter(label=gettext_lazy("Owning unit"), queryset=Unit.objects.all())
    date_from = django_filters.DateFilter(label=gettext_lazy("Starts on or after"), method="starting_from")
    date_to = django_filters.DateFilter(label=gettext_lazy("Starts on or before"), method="starting_until")

    class Meta:
        model = Event
        fields = ["campaign", "level", "status", "owner_unit", "date_from", "date_to"]

    def starting_from(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(starts_at__gte=_local_midnight(value))

    def starting_until(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(starts_at__lt=_local_midnight(value + dt.timedelta(days=1)))


EventFilterParams = query_schema_for(EventFilter, "EventFilterParams")


def _events(user: User) -> QuerySet:
    """Events the user sees, with everything an event's JSON shows, in three queries per page."""
    return event_queryset(user).prefetch_related(
        Prefetch("streams", queryset=EventStream.objects.select_related("channel").order_by("kind", "channel__code")),
        Prefetch("materials", queryset=EventMaterial.objects.order_by("kind", "pk")),
    )


def _read_event(pk: int, user: User) -> Event:
    return get_object_or_404(_events(user), pk=pk)


def _event_for_write(pk: int, user: User) -> Event:
    """The event if the caller sees it (else 404), may hold events (else 403) and may change it (else 404)."""
    event = get_event_for_user(pk, user)
    if not can_create_events(user):
        raise PermissionDenied(_("You may not change events."))
    if not Event.objects.writable_by(user).filter(pk=event.pk).exists():
        raise Http404
    return event


def _event_references(fields: dict[str, Any], user: User) -> dict[str, Any]:
    """Turn the ids a client sends into objects, and times without an offset into local times."""
    if fields.get("campaign") is not None:
        fields["campaign"] = _one_of(Campaign.objects.visible_to(user), fields["campaign"], "campaign")
    if fields.get("owner_unit") is not None:
        fields["owner_unit"] = _one_of(owner_unit_choices(user), fields["owner_unit"], "owner_unit")
    for name in ("starts_at", "ends_at"):
        if name in fields:
            fields[name] = _aware(fields[name])
    return fields


@event_routes.get("", response={200: list[EventOut], **READ_ERRORS}, summary="List events")
@paginate(LimitOffsetPage)
def list_events(request: HttpRequest, filters: Query[EventFilterParams]):  # type: ignore[valid-type]
    """Events at every level, in the order they are held."""
    return apply_filterset(EventFilter, request, _events(caller(request)).order_by("starts_at", "pk"))


@event_routes.get("/{int:event_id}", response={200: EventOut, **READ_ERRORS}, summary="Read an event")
def read_event(request: HttpRequest, event_id: int):
    """One event with its links and materials."""
    return _read_event(event_id, caller(request))


@event_routes.post("", response={201: EventOut, **WRITE_ERRORS}, summary="Create an event")
def create_event(request: HttpRequest, payload: EventIn):
    """Hold an event; district and zone staff hold events of their own unit, never the city-level one."""
    user = caller(request)
    if not can_create_events(user):
        raise PermissionDenied(_("You may not create events."))
    fields = _event_references(payload.dict(exclude_unset=True), user)
    if fields.get("owner_unit") is None:
        if user.unit_id is None:
            raise ApiValidationError({"owner_unit": [_("This field is required.")]})
        fields["owner_unit"] = _one_of(owner_unit_choices(user), user.unit_id, "owner_unit")
    event = actions.create_event(actor=user, **fields)
    return Status(201, _read_event(event.pk, user))


@event_routes.patch("/{int:event_id}", response={200: EventOut, **WRITE_ERRORS}, summary="Update an event")
def update_event(request: HttpRequest, event_id: int, payload: EventPatch):
    """Change the fields sent; the change is written on the event's timeline."""
    user = caller(request)
    event = _event_for_write(event_id, user)
    changes = _event_references(payload.dict(exclude_unset=True), user)
    actions.update_event(event, actor=user, changes=changes)
    return _read_event(event.pk, user)


# --- agenda --------------------------------------------------------------------------------------


class AgendaItemOut(Schema):
    """One item of the agenda: who speaks, from where, on what."""

    id: int
    order: int
    starts_at: dt.time | None = Field(description="Local time of day.")
    speaker: str
    speaker_title: str
    organisation: str
    topic: str


class AgendaItemIn(Schema):
    """A speaker to add to the agenda; placed last when ``order`` is left out."""

    model_config = ConfigDict(extra="forbid")

    order: int = Field(None, ge=0)
    starts_at: dt.time | None = None
    speaker: str
    speaker_title: str = None
    organisation: str = None
    topic: str


@event_routes.get(
    "/{int:event_id}/agenda", response={200: list[AgendaItemOut], **READ_ERRORS}, summary="List the agenda"
)
@paginate(LimitOffsetPage)
def list_agenda(request: HttpRequest, event_id: int):
    """The event's agenda, in order."""
    event = get_event_for_user(event_id, caller(request))
    return AgendaItem.objects.filter(event=event).order_by("order", "starts_at", "pk")


@event_routes.post(
    "/{int:event_id}/agenda", response={201: AgendaItemOut, **WRITE_ERRORS}, summary="Add to the agenda"
)
def add_agenda_item(request: HttpRequest, event_id: int, payload: AgendaItemIn):
    """Add a speaker to the event's agenda."""
    user = caller(request)
    event = _event_for_write(event_id, user)
    fields = payload.dict(exclude_unset=True)
    fields.setdefault("order", AgendaItem.objects.filter(event=event).count() + 1)
    return Status(201, actions.add_agenda_item(event, actor=user, **fields))


# --- guests --------------------------------------------------------------------------------------


class GuestOut(Schema):
    """An investor invited to, registered for, or attending the event."""

    id: int
    event_id: int
    investor: InvestorRef
    guest_type: GuestType
    guest_type_label: str
    invited_at: dt.datetime | None
    registered_at: dt.datetime | None
    attended: bool
    interaction_id: int | None = Field(description="The investor's interaction recording the attendance.")

    @staticmethod
    def resolve_guest_type_label(obj: EventGuest) -> str:
        return choice_label(obj, "guest_type")


class GuestIn(Schema):
    """An investor to invite (or to record as registered)."""

    model_config = ConfigDict(extra="forbid")

    investor: int = Field(description="Investor id.")
    guest_type: GuestType = Field(None, description="Taken from the investor's kind if left out.")
    registered: bool = Field(False, description="Record the registration at once.")


def _require_guest_writer(user: User) -> None:
    """The audience is CRM data: ledger writers only (not leaders, not media editors)."""
    if not (can_write(user) and user.sees_ledger):
        raise PermissionDenied(_("You may not change the audience of events."))


def _guests(user: User) -> QuerySet:
    return EventGuest.objects.visible_to(user).select_related("investor")


def _guest_for_write(event_id: int, guest_id: int, user: User) -> EventGuest:
    """A guest the caller sees (else 404) of an event they may change (else 404), if they may (else 403)."""
    guest = get_object_or_404(_guests(user), pk=guest_id, event_id=event_id)
    _require_guest_writer(user)
    _event_for_write(event_id, user)
    return guest


@event_routes.get(
    "/{int:event_id}/guests", response={200: list[GuestOut], **READ_ERRORS}, summary="List the audience"
)
@paginate(LimitOffsetPage)
def list_guests(request: HttpRequest, event_id: int):
    """The guests whose investor the caller may see."""
    user = caller(request)
    event = get_event_for_user(event_id, user)
    return _guests(user).filter(event=event).order_by("investor__name_zh", "pk")


@event_routes.post(
    "/{int:event_id}/guests", response={200: GuestOut, 201: GuestOut, **WRITE_ERRORS}, summary="Invite an investor"
)
def invite_guest(request: HttpRequest, event_id: int, payload: GuestIn):
    """Invite an investor (201); inviting one already invited keeps the one guest (200)."""
    user = caller(request)
    event = get_event_for_user(event_id, user)
    _require_guest_writer(user)
    event = _event_for_write(event.pk, user)
    investor = _one_of(Investor.objects.visible_to(user), payload.investor, "investor")
    guest_type = payload.guest_type or GUEST_TYPE_FOR_KIND.get(investor.kind, GuestType.OTHER)
    existed = EventGuest.objects.filter(event=event, investor=investor).exists()
    guest = actions.invite_investor(event, investor, actor=user, guest_type=guest_type,
                                    registered=payload.registered)
    return Status(200 if existed else 201, _guests(user).get(pk=guest.pk))


@event_routes.post(
    "/{int:event_id}/guests/{int:guest_id}/register",
    response={200: GuestOut, **WRITE_ERRORS},
    summary="Record a registration",
)
def register_guest(request: HttpRequest, event_id: int, guest_id: int):
    """Record that an invited investor registered."""
    user = caller(request)
    guest = _guest_for_write(event_id, guest_id, user)
    actions.invite_investor(guest.event, guest.investor, actor=user, guest_type=guest.guest_type, registered=True)
    return _guests(user).get(pk=guest.pk)


@event_routes.post(
    "/{int:event_id}/guests/{int:guest_id}/attended",
    response={200: GuestOut, **WRITE_ERRORS},
    summary="Record an attendance",
)
def mark_attended(request: HttpRequest, event_id: int, guest_id: int):
    """Record that a guest attended; the attendance is written on the investor once."""
    user = caller(request)
    guest = _guest_for_write(event_id, guest_id, user)
    actions.mark_attended(guest, actor=user)
    return _guests(user).get(pk=guest.pk)


# --- signings ------------------------------------------------------------------------------------


class EventRef(Schema):
    """An event, as a reference."""

    id: int
    title: str
    level: EventLevel
    level_label: str
    starts_at: dt.datetime

    @staticmethod
    def resolve_title(obj: Event) -> str:
        return obj.display_name

    @staticmethod
    def resolve_level_label(obj: Event) -> str:
        return choice_label(obj, "level")


class ProjectRef(Schema):
    """A project, as a reference."""

    id: int
    code: str = Field(description="Ledger number.")
    name: str

    @staticmethod
    def resolve_name(obj: Project) -> str:
        return obj.display_name


class SigningOut(Schema):
    """A project signed at an event, and what of it is credited (a project counts once, at its first signing)."""

    id: int
    event: EventRef
    project: ProjectRef
    parties: str
    signed_on: dt.date
    mode: SigningMode
    mode_label: str
    amount: DecimalText
    currency: Currency
    exchange_rate: DecimalText = Field(description="Yuan per unit of the currency; 1 for yuan.")
    amount_cny: DecimalText = Field(description="The amount signed, in yuan.")
    credited_project: bool = Field(description="Whether this signing is the project's first, so the one counted.")
    credited_amount_cny: DecimalText = Field(
        description="Yuan credited here: all of a first signing, only the increase of a later one."
    )
    has_agreement: bool
    note: str
    created_at: dt.datetime

    @staticmethod
    def resolve_mode_label(obj: Signing) -> str:
        return choice_label(obj, "mode")

    @staticmethod
    def resolve_has_agreement(obj: Signing) -> bool:
        return bool(obj.agreement)


class SigningIn(Schema):
    """A project signed at an event (the agreement document is uploaded on the event page)."""

    model_config = ConfigDict(extra="forbid")

    event: int = Field(description="Event id.")
    project: int = Field(description="Project id.")
    parties: str
    signed_on: dt.date
    amount: DecimalText = Field(description="In whole units of the currency.")
    currency: Currency = Currency.CNY
    exchange_rate: DecimalText | None = Field(None, description="Left out: the rate recorded for the signing month.")
    mode: SigningMode = SigningMode.ONLINE
    note: str = ""


class SigningFilter(django_filters.FilterSet):
    """Narrow signings as the signings page does (``selectors.filter_signings``)."""

    level = django_filters.ChoiceFilter(label=gettext_lazy("Level"), choices=EventLevel.choices)
    campaign = django_filters.ModelChoiceFilter(label=gettext_lazy("Campaign"), queryset=Campaign.objects.all())
    event = django_filters.ModelChoiceFilter(label=gettext_lazy("Event"), queryset=Event.objects.all())
    district = django_filters.ModelChoiceFilter(
        label=gettext_lazy("District / county"), queryset=Unit.objects.districts()
    )
    date_from = django_filters.DateFilter(label=gettext_lazy("Signed from"))
    date_to = django_filters.DateFilter(label=gettext_lazy("Signed until"))
    credited = django_filters.ChoiceFilter(
        label=gettext_lazy("Credited"),
        choices=[("true", gettext_lazy("Credited")), ("false", gettext_lazy("Not credited"))],
        help_text=gettext_lazy("true: signings that count (a first signing or an increase); false: the others"),
    )

    class Meta:
        model = Signing
        fields = ["level", "campaign", "event", "district", "date_from", "date_to", "credited"]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        signings = filter_signings(
            queryset,
            level=data.get("level") or "",
            campaign=data.get("campaign"),
            event=data.get("event"),
            district=data.get("district"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            credited_only=data.get("credited") == "true",
        )
        if data.get("credited") == "false":
            signings = signings.exclude(pk__in=filter_signings(queryset, credited_only=True).values("pk"))
        return signings


SigningFilterParams = query_schema_for(SigningFilter, "SigningFilterParams")


@signing_routes.get("", response={200: list[SigningOut], **READ_ERRORS}, summary="List signings")
@paginate(LimitOffsetPage)
def list_signings(request: HttpRequest, filters: Query[SigningFilterParams]):  # type: ignore[valid-type]
    """Signings at every level whose project the caller may see, newest first."""
    return apply_filterset(
        SigningFilter, request, visible_signings(caller(request)).order_by("-signed_on", "-pk")
    )


@signing_routes.get("/{int:signing_id}", response={200: SigningOut, **READ_ERRORS}, summary="Read a signing")
def read_signing(request: HttpRequest, signing_id: int):
    """One signing, if the caller may see its project."""
    return get_object_or_404(visible_signings(caller(request)), pk=signing_id)


@signing_routes.post("", response={201: SigningOut, **WRITE_ERRORS}, summary="Record a signing")
def create_signing(request: HttpRequest, payload: SigningIn):
    """Record a project signed at an event: the project moves to "signed" and its credit is recomputed."""
    user = caller(request)
    require_writer(user)
    event = _one_of(Event.objects.visible_to(user), payload.event, "event")
    project = _one_of(Project.objects.visible_to(user), payload.project, "project")
    if event.status == EventStatus.CANCELLED:
        raise ValidationError({"event": _("This event was cancelled; nothing can be signed at it.")})
    fields = payload.dict(exclude={"event", "project"})
    signing = actions.record_signing(event, project, actor=user, **fields)
    return Status(201, visible_signings(user).get(pk=signing.pk))


router.add_router("/campaigns", campaign_routes)
router.add_router("/events", event_routes)
router.add_router("/signings", signing_routes)
