"""The reach endpoints of the JSON API: the channel registry, publications, metric snapshots and reach as of T.

Snapshots posted here go through the same checks as the file import (``importer.parse_table`` and
``actions.record_snapshots``): a batch is recorded whole or not at all, and a refusal names every fault
with its row, field and message.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BaseModel, ConfigDict

from yunzhao.api.errors import ApiValidationError
from yunzhao.api.filters import apply_filterset, query_schema_for
from yunzhao.api.pagination import LimitOffsetPage
from yunzhao.api.permissions import caller
from yunzhao.api.schemas import ErrorOut, UnitRef, ValidationErrorOut, choice_label
from yunzhao.ledger.reader import FileRejected
from yunzhao.orgs.models import User

from . import actions
from .bulletin import LANGUAGES, bulletin_text
from .choices import METRICS, ChannelKind, ChannelLevel, ChannelOwner, PublicationKind, SnapshotSource
from .filtersets import ChannelFilter
from .forms import now_to_the_minute
from .importer import Table, parse_table
from .models import Channel, MetricSnapshot, Outlet, Publication
from .querysets import keeps_registry, records_reach
from .scopes import resolve_scope
from .selectors import ChannelCard, latest_snapshots, reach_as_of, reach_by_channel, reach_of_channels
from .snapshots import Fault
from .views.common import Subject, SubjectKind, get_subject

router = Router()
scope_routes = Router(tags=["reach"])
outlet_routes = Router(tags=["channels"])
channel_routes = Router(tags=["channels"])
publication_routes = Router(tags=["reach"])
event_routes = Router(tags=["reach"])
campaign_routes = Router(tags=["reach"])

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 403: ErrorOut, 409: ValidationErrorOut}

# At most this many snapshots in one request; larger batches are imported from a file.
MAX_BATCH = 5_000


def _aware(moment: dt.datetime) -> dt.datetime:
    """A time sent without an offset is the city's local time."""
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _invalid_choice(field: str) -> ApiValidationError:
    return ApiValidationError(
        {field: [_("Select a valid choice. That choice is not one of the available choices.")]}
    )


def _require_registry(user: User) -> None:
    if not keeps_registry(user):
        raise PermissionDenied(_("Only the media group and the city bureau keep the channel registry."))


# --- outlets -------------------------------------------------------------------------------------


class OutletOut(Schema):
    """A media organisation; "media covering" counts distinct outlets."""

    id: int
    name: str = Field(description="The name in the language of the request.")
    name_zh: str
    name_en: str
    channel_count: int

    @staticmethod
    def resolve_name(obj: Outlet) -> str:
        return obj.display_name


class OutletIn(Schema):
    """A new media organisation."""

    model_config = ConfigDict(extra="forbid")

    name_zh: str
    name_en: str = ""


class OutletPatch(Schema):
    """Changes to an outlet's names."""

    model_config = ConfigDict(extra="forbid")

    name_zh: str = None
    name_en: str = None


def _outlets() -> QuerySet:
    return Outlet.objects.annotate(channel_count=Count("channels"))


@outlet_routes.get("", response={200: list[OutletOut], **READ_ERRORS}, summary="List outlets")
@paginate(LimitOffsetPage)
def list_outlets(request: HttpRequest):
    """Every outlet of the registry, by Chinese name."""
    return _outlets().order_by("name_zh", "pk")


@outlet_routes.get("/{int:outlet_id}", response={200: OutletOut, **READ_ERRORS}, summary="Read an outlet")
def read_outlet(request: HttpRequest, outlet_id: int):
    """One outlet with the number of its channels."""
    return get_object_or_404(_outlets(), pk=outlet_id)


@outlet_routes.post("", response={201: OutletOut, **WRITE_ERRORS}, summary="Create an outlet")
def create_outlet(request: HttpRequest, payload: OutletIn):
    """Add a media organisation (the media group and the city bureau)."""
    user = caller(request)
    _require_registry(user)
    outlet = actions.create_outlet(actor=user, name_zh=payload.name_zh.strip(), name_en=payload.name_en.strip())
    return Status(201, _outlets().get(pk=outlet.pk))


@outlet_routes.patch("/{int:outlet_id}", response={200: OutletOut, **WRITE_ERRORS}, summary="Update an outlet")
def update_outlet(request: HttpRequest, outlet_id: int, payload: OutletPatch):
    """Rename an outlet; the change is written on its timeline."""
    user = caller(request)
    outlet = get_object_or_404(Outlet.objects.all(), pk=outlet_id)
    _require_registry(user)
    actions.update_outlet(outlet, actor=user, changes=payload.dict(exclude_unset=True))
    return _outlets().get(pk=outlet.pk)


# --- channels ------------------------------------------------------------------------------------


class OutletRef(Schema):
    """An outlet, as a reference."""

    id: int
    name: str

    @staticmethod
    def resolve_name(obj: Outlet) -> str:
        return obj.display_name


class ChannelOut(Schema):
    """A platform of an outlet at a media level."""

    id: int
    code: str = Field(description="Short code used in imports and in snapshot batches.")
    name: str = Field(description="The name in the language of the request.")
    name_zh: str
    name_en: str
    outlet: OutletRef
    level: ChannelLevel
    level_label: str
    kind: ChannelKind
    kind_label: str
    owner: ChannelOwner
    owner_label: str
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    language: str = Field(description="BCP 47 language tag.")
    url: str
    is_active: bool

    @staticmethod
    def resolve_name(obj: Channel) -> str:
        return obj.display_name

    @staticmethod
    def resolve_level_label(obj: Channel) -> str:
        return choice_label(obj, "level")

    @staticmethod
    def resolve_kind_label(obj: Channel) -> str:
        return choice_label(obj, "kind")

    @staticmethod
    def resolve_owner_label(obj: Channel) -> str:
        return choice_label(obj, "owner")

    @staticmethod
    def resolve_country(obj: Channel) -> str:
        return obj.country.code or ""


class ChannelIn(Schema):
    """A new channel, under an existing outlet (``outlet``) or a new one named by ``outlet_name_zh``."""

    model_config = ConfigDict(extra="forbid")

    code: str
    name_zh: str
    name_en: str = None
    outlet: int = Field(None, description="Outlet id.")
    outlet_name_zh: str = Field("", description="Or the Chinese name of the outlet, created if it is new.")
    outlet_name_en: str = ""
    level: ChannelLevel
    kind: ChannelKind
    owner: ChannelOwner = None
    country: str = Field(None, description="ISO 3166-1 alpha-2 code; CN if left out.")
    language: str = Field(None, description="BCP 47 language tag; zh-hans if left out.")
    url: str = None
    is_active: bool = None


class ChannelPatch(Schema):
    """Changes to a channel; only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    code: str = None
    name_zh: str = None
    name_en: str = None
    outlet: int = Field(None, description="Move the channel to this outlet.")
    outlet_name_zh: str = Field("", description="Or to the outlet of this Chinese name, created if it is new.")
    outlet_name_en: str = ""
    level: ChannelLevel = None
    kind: ChannelKind = None
    owner: ChannelOwner = None
    country: str = None
    language: str = None
    url: str = None
    is_active: bool = None


ChannelFilterParams = query_schema_for(ChannelFilter, "ChannelFilterParams")


def _channels(user: User) -> QuerySet:
    return Channel.objects.visible_to(user).select_related("outlet")


def _outlet_fields(fields: dict) -> dict:
    """The outlet arguments of the channel actions, taken out of ``fields``."""
    outlet = fields.pop("outlet", None)
    return {
        "outlet": _one_outlet(outlet) if outlet is not None else None,
        "outlet_name_zh": fields.pop("outlet_name_zh", ""),
        "outlet_name_en": fields.pop("outlet_name_en", ""),
    }


def _one_outlet(pk: int) -> Outlet:
    outlet = Outlet.objects.filter(pk=pk).first()
    if outlet is None:
        raise _invalid_choice("outlet")
    return outlet


@channel_routes.get("", response={200: list[ChannelOut], **READ_ERRORS}, summary="List channels")
@paginate(LimitOffsetPage)
def list_channels(request: HttpRequest, filters: Query[ChannelFilterParams]):  # type: ignore[valid-type]
    """The channel registry, filtered like the registry page, by level and name."""
    return apply_filterset(ChannelFilter, request, _channels(caller(request)).order_by("level", "name_zh", "pk"))


@channel_routes.get("/{int:channel_id}", response={200: ChannelOut, **READ_ERRORS}, summary="Read a channel")
def read_channel(request: HttpRequest, channel_id: int):
    """One channel of the registry."""
    return get_object_or_404(_channels(caller(request)), pk=channel_id)


@channel_routes.post("", response={201: ChannelOut, **WRITE_ERRORS}, summary="Create a channel")
def create_channel(request: HttpRequest, payload: ChannelIn):
    """Add a channel (the media group and the city bureau); a code already taken is a 409."""
    user = caller(request)
    _require_registry(user)
    fields = payload.dict(exclude_unset=True)
    outlet = _outlet_fields(fields)
    channel = actions.create_channel(actor=user, **outlet, **fields)
    return Status(201, _channels(user).get(pk=channel.pk))


@channel_routes.patch("/{int:channel_id}", response={200: ChannelOut, **WRITE_ERRORS}, summary="Update a channel")
def update_channel(request: HttpRequest, channel_id: int, payload: ChannelPatch):
    """Change the fields sent, or move the channel to another outlet."""
    user = caller(request)
    channel = get_object_or_404(_channels(user), pk=channel_id)
    _require_registry(user)
    changes = payload.dict(exclude_unset=True)
    outlet = _outlet_fields(changes)
    actions.update_channel(channel, actor=user, changes=changes, **outlet)
    return _channels(user).get(pk=channel.pk)


# --- publications and snapshots ------------------------------------------------------------------


class ChannelRef(Schema):
    """A channel, as a reference."""

    id: int
    code: str
    name: str
    level: ChannelLevel
    outlet: OutletRef

    @staticmethod
    def resolve_name(obj: Channel) -> str:
        return obj.display_name


class PublicationOut(Schema):
    """An event or a campaign going out on a channel."""

    id: int
    event_id: int | None
    campaign_id: int | None
    channel: ChannelRef
    kind: PublicationKind
    kind_label: str
    published_at: dt.datetime
    url: str
    created_at: dt.datetime

    @staticmethod
    def resolve_kind_label(obj: Publication) -> str:
        return choice_label(obj, "kind")


class PublicationIn(Schema):
    """A publication: the channel (by code, or by id as a number), how, and when it went out."""

    model_config = ConfigDict(extra="forbid")

    channel: int | str = Field(description="Channel code, or channel id as a number.")
    kind: PublicationKind = PublicationKind.ARTICLE
    published_at: dt.datetime = Field(description="Local time when written without an offset.")
    url: str = ""


class SnapshotOut(Schema):
    """The cumulative counts of one publication at one moment."""

    id: int
    publication_id: int
    taken_at: dt.datetime
    reads: int
    plays: int
    likes: int
    shares: int
    comments: int
    followers: int
    source: SnapshotSource
    source_label: str
    created_at: dt.datetime

    @staticmethod
    def resolve_source_label(obj: MetricSnapshot) -> str:
        return choice_label(obj, "source")


# A count as sent: a number, or text such as "12.5万" read as the import reads a cell.
CountValue = int | float | str | None


class SnapshotRowIn(Schema):
    """One snapshot of a batch. A count left out keeps the publication's previous count."""

    model_config = ConfigDict(extra="forbid")

    channel: str = Field(description="Channel code.")
    kind: str | None = Field(
        None, description="Publication kind; needed only when there are several publications on the channel."
    )
    taken_at: str = Field(description="As of: local time such as 2021-03-30 18:00, or ISO 8601 with an offset.")
    reads: CountValue = Field(None, description="A whole number; text such as 12.5万 is read too.")
    plays: CountValue = None
    likes: CountValue = None
    shares: CountValue = None
    comments: CountValue = None
    followers: CountValue = None


class SnapshotBatchIn(Schema):
    """Snapshots to record together: all of them, or none."""

    model_config = ConfigDict(extra="forbid")

    snapshots: list[SnapshotRowIn]
    dry_run: bool = Field(False, description="Check only; record nothing.")


class SnapshotBatchOut(Schema):
    """What a batch recorded."""

    created: int
    unchanged: int = Field(description="Rows already recorded with the same counts.")
    dry_run: bool
    snapshot_ids: list[int]


class FaultOut(Schema):
    """One reason a batch was refused."""

    row: int | None = Field(description="Index of the row in ``snapshots`` (from 0).")
    field: str
    message: str


class SnapshotsRejectedOut(Schema):
    """A refused batch: every fault, by row and field (also as ``errors``, keyed ``snapshots.<row>.<field>``)."""

    detail: str
    errors: dict[str, list[str]]
    faults: list[FaultOut] = []


def _publications(user: User) -> QuerySet:
    return Publication.objects.visible_to(user).select_related("channel__outlet")


def _subject_for_record(kind: SubjectKind, pk: int, user: User) -> Subject:
    """The event or campaign if the caller sees it (else 404), records reach (else 403), and may record
    reach for this one (else 404: another unit's event)."""
    subject = get_subject(kind, pk, user)
    if not records_reach(user):
        raise PermissionDenied(_("You may not record reach."))
    if not subject.can_record(user):
        raise Http404
    return subject


def _channel_for_publication(value: int | str) -> Channel:
    """An active channel of the registry, by id (a number) or by code (text, in any case)."""
    lookup = {"pk": value} if isinstance(value, int) else {"code": value.strip().lower()}
    found = Channel.objects.filter(is_active=True, **lookup).first()
    if found is None:
        raise _invalid_choice("channel")
    return found


def _list_publications(kind: SubjectKind, pk: int, user: User) -> QuerySet:
    subject = get_subject(kind, pk, user)
    return _publications(user).filter(**{kind: subject.obj}).order_by("published_at", "pk")


def _create_publication(kind: SubjectKind, pk: int, user: User, payload: PublicationIn) -> Publication:
    subject = _subject_for_record(kind, pk, user)
    publication = actions.record_publication(
        actor=user, channel=_channel_for_publication(payload.channel), kind=payload.kind,
        published_at=_aware(payload.published_at), url=payload.url, **{kind: subject.obj},
    )
    return _publications(user).get(pk=publication.pk)


def _fault_body(faults: list[Fault]) -> dict:
    errors: dict[str, list[str]] = {}
    for fault in faults:
        key = "snapshots" if fault.row is None else f"snapshots.{fault.row}.{fault.column}".rstrip(".")
        errors.setdefault(key, [])
        if fault.message not in errors[key]:
            errors[key].append(fault.message)
    return {
        "detail": _("The snapshots were not recorded; see the faults of each row."),
        "errors": errors,
        "faults": [{"row": f.row, "field": f.column, "message": f.message} for f in faults],
    }


def _record_batch(kind: SubjectKind, pk: int, user: User, payload: SnapshotBatchIn):
    """Read the batch as the import reads a file, check it whole, and record all of it or nothing."""
    subject = _subject_for_record(kind, pk, user)
    if not payload.snapshots:
        raise ApiValidationError({"snapshots": [_("Send at least one snapshot.")]})
    if len(payload.snapshots) > MAX_BATCH:
        raise ApiValidationError({"snapshots": [
            _("At most %(max)s snapshots can be sent at once; import larger batches from a file.")
            % {"max": f"{MAX_BATCH:,}"}]})
    keys = (kind, "channel", "kind", "taken_at", *METRICS)
    rows = (
        (index, [subject.pk, row.channel, row.kind, row.taken_at, *(getattr(row, m) for m in METRICS)])
        for index, row in enumerate(payload.snapshots)
    )
    table = Table(columns={key: i for i, key in enumerate(keys)}, headers={key: key for key in keys}, rows=rows)
    try:
        parsed = parse_table(table, actor=user)
    except FileRejected as exc:
        raise ApiValidationError({"snapshots": [str(exc)]}) from exc
    faults = list(parsed.faults)
    plan = None
    try:
        plan = actions.record_snapshots(parsed.rows, actor=user, source=SnapshotSource.API,
                                        dry_run=payload.dry_run or bool(faults))
    except actions.SnapshotsRejected as exc:
        faults += exc.faults
    if faults:
        faults.sort(key=lambda f: (f.row is None, f.row or 0))
        return Status(422, _fault_body(faults))
    body = {
        "created": len(plan.new),
        "unchanged": len(plan.unchanged),
        "dry_run": payload.dry_run,
        "snapshot_ids": [] if payload.dry_run else [s.pk for s in plan.new],
    }
    return Status(200 if payload.dry_run else 201, body)


@publication_routes.get(
    "/{int:publication_id}", response={200: PublicationOut, **READ_ERRORS}, summary="Read a publication"
)
def read_publication(request: HttpRequest, publication_id: int):
    """One publication with its channel and outlet."""
    return get_object_or_404(_publications(caller(request)), pk=publication_id)


@publication_routes.get(
    "/{int:publication_id}/snapshots",
    response={200: list[SnapshotOut], **READ_ERRORS},
    summary="List a publication's snapshots",
)
@paginate(LimitOffsetPage)
def list_snapshots(request: HttpRequest, publication_id: int):
    """The publication's snapshots, oldest first."""
    publication = get_object_or_404(_publications(caller(request)), pk=publication_id)
    return MetricSnapshot.objects.filter(publication=publication).order_by("taken_at", "pk")


# --- reach as of T -------------------------------------------------------------------------------


class MetricsOut(BaseModel):
    """Counts summed over channels (built from dicts only)."""

    reads: int
    plays: int
    likes: int
    shares: int
    comments: int
    followers: int


class BulletinOut(Schema):
    """The press bulletin sentence in both languages."""

    zh: str
    en: str


class FigureOut(Schema):
    """The figures of reach as of a moment: per publication its latest snapshot at or before it, summed."""

    as_of: dt.datetime
    totals: MetricsOut
    media: int = Field(description="Distinct outlets with a publication at or before as_of.")
    media_by_level: dict[str, int] = Field(description="Distinct outlets by channel level.")
    publications: int = Field(description="Publications out at or before as_of.")
    publications_without_snapshot: int
    incomplete: bool = Field(description="Whether any publication out by then has no snapshot yet.")


class ReachOut(FigureOut):
    """Reach of an event or a campaign as of a moment: per publication its latest snapshot at or before it,
    summed."""

    subject: Literal["event", "campaign"]
    id: int
    snapshot_ids: list[int] = Field(description="The snapshot rows summed into the totals.")
    bulletin: BulletinOut


def _figure(reach) -> dict:
    """The fields of ``FigureOut`` of a ``Reach``."""
    return {
        "as_of": timezone.localtime(reach.as_of),
        "totals": reach.totals,
        "media": reach.media,
        "media_by_level": reach.media_by_level,
        "publications": reach.publications,
        "publications_without_snapshot": reach.publications_without_snapshot,
        "incomplete": reach.incomplete,
    }


def _reach(kind: SubjectKind, pk: int, user: User, as_of: dt.datetime | None) -> dict:
    subject = get_subject(kind, pk, user)
    moment = _aware(as_of) if as_of is not None else now_to_the_minute()
    reach = reach_as_of(subject.scope(), moment)
    ids = sorted(latest_snapshots(subject.publications(), moment).values_list("pk", flat=True))
    return {
        "subject": kind,
        "id": subject.pk,
        **_figure(reach),
        "snapshot_ids": ids,
        "bulletin": {lang: bulletin_text(reach, lang=lang, subject=kind) for lang in LANGUAGES},
    }


AS_OF_DESCRIPTION = "Beijing time when written without an offset (2021-03-30T18:00); now if left out."


class AsOfParams(Schema):
    """The moment of a reach figure."""

    as_of: dt.datetime | None = Field(None, description=AS_OF_DESCRIPTION)


class ScopeParams(Schema):
    """What a reach figure covers and when; every part is optional, and the parts given must all hold."""

    district: int | None = Field(None, description=(
        "A district or zone (unit id): the publications of the events it owns. District and zone staff always "
        "get their own unit's figures; another unit is a 404."))
    level: ChannelLevel | None = Field(None, description="Only channels of this media level.")
    campaign: int | None = Field(None, description="Campaign id: its own publications and its events'.")
    event: int | None = Field(None, description="Event id: the event's publications.")
    as_of: dt.datetime | None = Field(None, description=AS_OF_DESCRIPTION)


class NamedRef(Schema):
    """A campaign or an event, as a reference."""

    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name


class ScopeOut(Schema):
    """The scope the figure covers, as resolved for the caller (null: not narrowed)."""

    district: UnitRef | None
    level: ChannelLevel | None
    level_label: str
    campaign: NamedRef | None
    event: NamedRef | None


# The rows of a scope's figure are plain pydantic models built from dicts: a campaign's thousands of
# channels would spend most of the answer's time in django-ninja's attribute lookups.


class NameRef(BaseModel):
    """An outlet, as a reference."""

    id: int
    name: str


class ChannelRow(BaseModel):
    """A channel, as a reference."""

    id: int
    code: str
    name: str
    level: ChannelLevel
    outlet: NameRef


class ChannelReachOut(BaseModel):
    """One channel's part of the figure."""

    channel: ChannelRow
    publications: int = Field(description="Its publications in scope out at or before as_of.")
    publications_without_snapshot: int
    totals: MetricsOut
    snapshot_ids: list[int] = Field(description="The snapshots summed: each publication's latest at or before as_of.")


class ScopeReachOut(FigureOut):
    """Reach as of a moment for a scope: per publication its latest snapshot at or before it, summed; the
    distinct media covering and their split by level; the same per channel, most read first."""

    scope: ScopeOut
    channels_without_snapshot: list[ChannelRow] = Field(
        description="The channels with a publication out by then but no snapshot at or before as_of.")
    channels: list[ChannelReachOut]

BATCH_RESPONSES = {200: SnapshotBatchOut, 201: SnapshotBatchOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                   422: SnapshotsRejectedOut}


@event_routes.get("/{int:event_id}/publications", response={200: list[PublicationOut], **READ_ERRORS},
                  summary="List an event's publications")
@paginate(LimitOffsetPage)
def list_event_publications(request: HttpRequest, event_id: int):
    """Where and how the event went out, in order."""
    return _list_publications("event", event_id, caller(request))


@event_routes.post("/{int:event_id}/publications", response={201: PublicationOut, **WRITE_ERRORS},
                   summary="Record a publication of an event")
def create_event_publication(request: HttpRequest, event_id: int, payload: PublicationIn):
    """Record that the event went out on a channel (once per channel and kind)."""
    return Status(201, _create_publication("event", event_id, caller(request), payload))


@event_routes.post("/{int:event_id}/snapshots", response=BATCH_RESPONSES, summary="Record an event's snapshots")
def record_event_snapshots(request: HttpRequest, event_id: int, payload: SnapshotBatchIn):
    """Record a batch of snapshots of the event's publications, all or nothing (201; 200 for a dry run)."""
    return _record_batch("event", event_id, caller(request), payload)


@event_routes.get("/{int:event_id}/reach", response={200: ReachOut, **READ_ERRORS}, summary="Reach of an event")
def event_reach(request: HttpRequest, event_id: int, filters: Query[AsOfParams]):
    """The event's reach as of a moment, with the snapshot rows behind it and the bulletin sentence."""
    return _reach("event", event_id, caller(request), filters.as_of)


@campaign_routes.get("/{int:campaign_id}/publications", response={200: list[PublicationOut], **READ_ERRORS},
                     summary="List a campaign's publications")
@paginate(LimitOffsetPage)
def list_campaign_publications(request: HttpRequest, campaign_id: int):
    """The campaign's own publications (its events' are listed under each event)."""
    return _list_publications("campaign", campaign_id, caller(request))


@campaign_routes.post("/{int:campaign_id}/publications", response={201: PublicationOut, **WRITE_ERRORS},
                      summary="Record a publication of a campaign")
def create_campaign_publication(request: HttpRequest, campaign_id: int, payload: PublicationIn):
    """Record that the campaign itself went out on a channel (once per channel and kind)."""
    return Status(201, _create_publication("campaign", campaign_id, caller(request), payload))


@campaign_routes.post("/{int:campaign_id}/snapshots", response=BATCH_RESPONSES,
                      summary="Record a campaign's snapshots")
def record_campaign_snapshots(request: HttpRequest, campaign_id: int, payload: SnapshotBatchIn):
    """Record a batch of snapshots of the campaign's own publications, all or nothing."""
    return _record_batch("campaign", campaign_id, caller(request), payload)


@campaign_routes.get("/{int:campaign_id}/reach", response={200: ReachOut, **READ_ERRORS},
                     summary="Reach of a campaign")
def campaign_reach(request: HttpRequest, campaign_id: int, filters: Query[AsOfParams]):
    """The reach of the campaign and all its events as of a moment."""
    return _reach("campaign", campaign_id, caller(request), filters.as_of)


def _channel_row(card: ChannelCard) -> dict:
    return {"id": card.id, "code": card.code, "name": card.display_name, "level": card.level,
            "outlet": {"id": card.outlet.id, "name": card.outlet.display_name}}


@scope_routes.get("", response={200: ScopeReachOut, **READ_ERRORS}, summary="Reach for a scope")
def scope_reach(request: HttpRequest, filters: Query[ScopeParams]):
    """Reach as of a moment for a district or zone, a media level, a campaign, an event, or several of them
    together (the whole city when none is given): totals, media covering by level, the rows of each channel,
    and the channels still without figures. An unknown level or moment is a 422 naming the field."""
    user = caller(request)
    asked = resolve_scope(user, district=filters.district, level=filters.level, campaign=filters.campaign,
                          event=filters.event)
    moment = _aware(filters.as_of) if filters.as_of is not None else now_to_the_minute()
    channels = reach_by_channel(asked.source(user), moment)
    reach = reach_of_channels(channels, moment)
    return {
        "scope": {"district": asked.district, "level": asked.level, "level_label": str(asked.level_label),
                  "campaign": asked.campaign, "event": asked.event},
        **_figure(reach),
        "channels_without_snapshot": [_channel_row(entry.channel) for entry in channels if entry.incomplete],
        "channels": [{"channel": _channel_row(entry.channel), "publications": entry.publications,
                      "publications_without_snapshot": entry.without_snapshot, "totals": entry.totals,
                      "snapshot_ids": entry.snapshot_ids} for entry in channels],
    }


router.add_router("/reach", scope_routes)
router.add_router("/outlets", outlet_routes)
router.add_router("/channels", channel_routes)
router.add_router("/publications", publication_routes)
router.add_router("/events", event_routes)
router.add_router("/campaigns", campaign_routes)
