"""Reads of the live audience for the live page, its stream of updates, the big screen and reach.

``live_figures`` reads Redis when ``REDIS_URL`` is set (exact counters, and HyperLogLog for distinct
viewers: standard error 0.81 %) and the minute roll-ups otherwise (exact). Either way it costs a fixed
number of round trips whatever the audience: two to Redis, or two queries, plus one for channel names.
It checks no access: callers fetch the event or campaign for the user first.
"""

import datetime as dt
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yunzhao.campaigns.models import Event
from yunzhao.reach.models import Channel

from .choices import Rejection
from .conf import config
from .keys import Keys
from .models import AudienceMinute, AudienceRejection
from .records import UNATTRIBUTED, minute_of, minute_start

# Relative standard error of Redis's HyperLogLog (16384 registers): 1.04 / sqrt(16384).
HLL_ERROR = 0.0081

T = TypeVar("T")


def live_figures(event_id: int | None = None, campaign_id: int | None = None, *, minutes: int = 30,
                 top: int = 10, now: dt.datetime | None = None) -> dict[str, Any]:
    """Views, plays and distinct viewers of an event or a campaign: totals, top channels, last minutes.

    Returns ``{"scope", "id", "as_of", "backend", "views", "plays", "viewers", "viewers_error",
    "sources": [{"channel", "code", "name", "views", "plays", "viewers"}…], "series": [{"minute",
    "views", "plays", "viewers"}…]}``; ``viewers_error`` is the relative standard error of the
    distinct counts (0 when they are exact); ``series`` covers the last ``minutes`` minutes, oldest first.
    """
    if (event_id is None) == (campaign_id is None):
        raise ValueError("give an event or a campaign")
    now = now or timezone.now()
    scope, pk = ("event", event_id) if event_id is not None else ("campaign", campaign_id)
    last = minute_of(now)
    span = range(last - minutes + 1, last + 1)
    if config().redis_url:
        totals, sources, series = _from_redis(scope, pk, span)
        backend, error = "redis", HLL_ERROR
    else:
        totals, sources, series = _from_rollups(scope, pk, span)
        backend, error = "database", 0.0
    sources.sort(key=lambda s: (-s["views"], -s["plays"], s["channel"] or 0))
    sources = sources[:top]
    _name_channels(sources)
    return {
        "scope": scope, "id": pk, "as_of": now.isoformat(), "backend": backend,
        **totals, "viewers_error": error, "sources": sources,
        "series": [{"minute": minute_start(m).isoformat(), **series.get(m, {"views": 0, "plays": 0, "viewers": 0})}
                   for m in span],
    }


class Recent:
    """Values this process read lately, each kept for a moment and re-read by one thread when due.

    ``get`` answers with the value read less than ``ttl`` seconds ago. When it is due, one thread reads
    it again while the others answer with the value just before (a moment older), rather than all
    reading at once; only a key never read before makes the others wait for the first read. At most
    ``kept`` keys are kept: beyond, all are forgotten at once (they are read again when asked for).
    """

    def __init__(self, kept: int = 512) -> None:
        self.kept = kept
        self._values: dict[Hashable, tuple[float, Any]] = {}
        self._reading: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, read: Callable[[], T], ttl: float) -> T:
        found = self._values.get(key)
        if found is not None and time.monotonic() - found[0] < ttl:
            return found[1]
        with self._lock:
            if len(self._values) >= self.kept:
                self._values.clear()
                self._reading.clear()
            reading = self._reading.setdefault(key, threading.Lock())
        if not reading.acquire(blocking=found is None):
            return found[1]  # another thread is reading it now
        try:
            again = self._values.get(key)
            if again is not None and again is not found and time.monotonic() - again[0] < ttl:
                return again[1]  # read by another thread while this one waited
            value = read()
            self._values[key] = (time.monotonic(), value)
            return value
        finally:
            reading.release()

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._reading.clear()


_recent_figures = Recent()
_public_events = Recent()


def recent_live_figures(event_id: int | None = None, campaign_id: int | None = None) -> dict[str, Any]:
    """``live_figures`` as this process read them at most ``AUDIENCE_LIVE_CACHE_SECONDS`` ago.

    Every open live page, stream and big screen asks for the same event every second or two; one read
    per process and second serves them all (see ``Recent``). Names are in the current language, so
    it is part of the key.
    """
    return _recent_figures.get((event_id, campaign_id, get_language()),
                               lambda: live_figures(event_id=event_id, campaign_id=campaign_id),
                               config().live_cache_seconds)


@dataclass(frozen=True)
class PublicEvent:
    """What the public live counter needs of an event whose public page is published."""

    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    status: str


def recent_public_event(event_id: int) -> PublicEvent | None:
    """The event if its public page is published and it is not cancelled, else ``None``.

    Read (one query) at most once per ``AUDIENCE_LIVE_CACHE_SECONDS`` per process, like the figures:
    a page unpublished or an event cancelled stops being counted in public within that time.
    """
    return _public_events.get(event_id, lambda: _read_public_event(event_id), config().live_cache_seconds)


def _read_public_event(event_id: int) -> PublicEvent | None:
    from yunzhao.campaigns.choices import EventStatus
    from yunzhao.publishing.models import EventPage

    row = (EventPage.objects.live().filter(event_id=event_id).exclude(event__status=EventStatus.CANCELLED)
           .values_list("event__starts_at", "event__ends_at", "event__status").first())
    return PublicEvent(event_id, *row) if row else None


def public_totals(event: PublicEvent, figures: dict[str, Any]) -> dict[str, Any]:
    """What investors may see of an event's figures: the totals, whether it is on air, when they were read.

    ``{"event", "views", "viewers", "on_air", "as_of"}``: never the channels, plays or backend.
    """
    return {"event": event.id, "views": figures["views"], "viewers": figures["viewers"],
            "on_air": is_on_air(event, timezone.now()), "as_of": figures["as_of"]}


def recent_public_totals(event_id: int) -> dict[str, Any] | None:
    """``public_totals`` from this process's recent reads, or ``None`` when the event is not public."""
    event = recent_public_event(event_id)
    return public_totals(event, recent_live_figures(event_id=event_id)) if event is not None else None


def forget_recent_figures() -> None:
    """Drop the figures and events kept by ``recent_live_figures`` and ``recent_public_event`` (tests)."""
    _recent_figures.clear()
    _public_events.clear()


def _from_redis(scope: str, pk: int, span: range) -> tuple[dict, list[dict], dict[int, dict]]:
    from .recorder import redis_client

    keys, client = Keys(config().redis_prefix), redis_client()
    if scope == "event":
        hash_key, viewers_key = keys.event(pk), keys.event_viewers(pk)
        minute_key, minute_viewers, source_viewers = keys.event_minute, keys.event_minute_viewers, keys.event_source_viewers
    else:
        hash_key, viewers_key = keys.campaign(pk), keys.campaign_viewers(pk)
        minute_key, minute_viewers, source_viewers = (keys.campaign_minute, keys.campaign_minute_viewers,
                                                      keys.campaign_source_viewers)
    pipe = client.pipeline(transaction=False)
    pipe.hgetall(hash_key)
    pipe.pfcount(viewers_key)
    for m in span:
        pipe.hmget(minute_key(pk, m), "pv", "play")
        pipe.pfcount(minute_viewers(pk, m))
    counts, viewers, *per_minute = pipe.execute()
    counts = {k.decode(): int(v) for k, v in counts.items()}
    series = {}
    for m, (pv, play), distinct in zip(span, per_minute[::2], per_minute[1::2], strict=True):
        if pv or play:
            series[m] = {"views": int(pv or 0), "plays": int(play or 0), "viewers": distinct}
    channels = sorted({int(k.split(":")[1]) for k in counts if ":" in k})
    pipe = client.pipeline(transaction=False)
    for channel in channels:
        pipe.pfcount(source_viewers(pk, channel))
    sources = [
        {"channel": channel or None, "views": counts.get(f"pv:{channel}", 0), "plays": counts.get(f"play:{channel}", 0),
         "viewers": distinct}
        for channel, distinct in zip(channels, pipe.execute() if channels else [], strict=True)
    ]
    totals = {"views": counts.get("pv", 0), "plays": counts.get("play", 0), "viewers": viewers}
    return totals, sources, series


def _from_rollups(scope: str, pk: int, span: range) -> tuple[dict, list[dict], dict[int, dict]]:
    if scope == "event":
        rows = AudienceMinute.objects.filter(event_id=pk)
        source_viewers, total_viewers, minute_viewers = "first_in_channel", "first_in_event", "first_in_minute"
    else:
        rows = AudienceMinute.objects.filter(event__campaign_id=pk)
        source_viewers, total_viewers, minute_viewers = (
            "first_in_campaign_channel", "first_in_campaign", "first_in_campaign_minute")
    per_source = rows.values("channel_id").annotate(
        v=Sum("views"), p=Sum("plays"), d=Sum(source_viewers), t=Sum(total_viewers)).order_by()
    sources, totals = [], {"views": 0, "plays": 0, "viewers": 0}
    for row in per_source:
        sources.append({"channel": row["channel_id"], "views": row["v"], "plays": row["p"], "viewers": row["d"]})
        totals["views"] += row["v"]
        totals["plays"] += row["p"]
        totals["viewers"] += row["t"]
    per_minute = rows.filter(minute__gte=minute_start(span.start)).values("minute").annotate(
        v=Sum("views"), p=Sum("plays"), d=Sum(minute_viewers)).order_by()
    series = {minute_of(r["minute"]): {"views": r["v"], "plays": r["p"], "viewers": r["d"]} for r in per_minute}
    return totals, sources, series


def _name_channels(sources: list[dict]) -> None:
    """Add each channel's code and name (one query)."""
    ids = [s["channel"] for s in sources if s["channel"]]
    channels = Channel.objects.in_bulk(ids) if ids else {}
    for source in sources:
        channel = channels.get(source["channel"] or UNATTRIBUTED)
        source["code"] = channel.code if channel else ""
        source["name"] = channel.display_name if channel else _("Unattributed")


def audience_totals_for_reach(event: Event, as_of: dt.datetime | None = None) -> dict[str, Any]:
    """The platform's own counts of an event before ``as_of``, from the minute roll-ups (one query).

    ``{"reads": page views, "plays": plays, "viewers": distinct viewers, "first_at": first minute}``;
    ``sync_platform_reach`` records them in the event's reach under the platform channel.
    """
    rows = AudienceMinute.objects.filter(event=event)
    if as_of is not None:
        rows = rows.filter(minute__lt=as_of)
    sums = rows.aggregate(reads=Sum("views"), plays=Sum("plays"), viewers=Sum("first_in_event"),
                          first_at=Min("minute"))
    return {"reads": sums["reads"] or 0, "plays": sums["plays"] or 0, "viewers": sums["viewers"] or 0,
            "first_at": sums["first_at"]}


def rejection_counts() -> dict[str, int]:
    """How many beacons were refused, per reason, since counting began."""
    counts = dict.fromkeys(Rejection.values, 0)
    if config().redis_url:
        from .recorder import redis_client

        for reason, count in redis_client().hgetall(Keys(config().redis_prefix).rejected).items():
            counts[reason.decode()] = int(count)
    else:
        for row in AudienceRejection.objects.values("reason").annotate(n=Sum("count")).order_by():
            counts[row["reason"]] = row["n"]
    return counts


def is_on_air(event: "Event | PublicEvent", now: dt.datetime) -> bool:
    """Whether an event is being held: started, not ended (or started lately if it has no end), not cancelled."""
    from yunzhao.campaigns.choices import EventStatus
    from yunzhao.dashboards.selectors import LIVE_WITHOUT_END

    if event.status == EventStatus.CANCELLED or event.starts_at > now:
        return False
    return event.ends_at >= now if event.ends_at else event.starts_at >= now - LIVE_WITHOUT_END


WATCH_BEFORE = dt.timedelta(days=30)
WATCH_AFTER = dt.timedelta(days=14)
WATCH_LISTED = 20


def events_to_watch(user, *, now: dt.datetime | None = None) -> dict[str, list[Event]]:
    """The events the user may see that are on now, coming up in two weeks, and held in the last month
    (one query): ``{"live": […], "upcoming": […], "recent": […]}``."""
    from yunzhao.campaigns.choices import EventStatus

    now = now or timezone.now()
    events = (Event.objects.visible_to(user).exclude(status=EventStatus.CANCELLED)
              .filter(starts_at__gte=now - WATCH_BEFORE, starts_at__lte=now + WATCH_AFTER)
              .select_related("campaign", "owner_unit").order_by("starts_at", "pk"))
    groups: dict[str, list[Event]] = {"live": [], "upcoming": [], "recent": []}
    for event in events:
        key = "live" if is_on_air(event, now) else "upcoming" if event.starts_at > now else "recent"
        groups[key].append(event)
    groups["upcoming"] = groups["upcoming"][:WATCH_LISTED]
    groups["recent"] = groups["recent"][::-1][:WATCH_LISTED]
    return groups
