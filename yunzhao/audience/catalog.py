"""Which events accept beacons and which channel each ``src`` code names, cached in each process.

The beacon answers without touching the database: events and channels are read into memory, again
every ``REFRESH`` seconds, and at once (at most once a second) when a beacon names an event the
cache does not know, so an event created a moment ago is counted.
"""

import threading
import time
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, connections

REFRESH = 30.0
MISS_RELOAD = 1.0


@dataclass(frozen=True)
class Snapshot:
    """What the catalog knows at one moment."""

    # event id → campaign id (0: the event belongs to no campaign); cancelled events are left out.
    events: dict[int, int] = field(default_factory=dict)
    # channel code → channel id, active channels only.
    channels: dict[str, int] = field(default_factory=dict)
    loaded_at: float = 0.0


class Catalog:
    """Events and channels in memory, reloaded in the background of requests."""

    def __init__(self) -> None:
        self._snapshot = Snapshot()
        self._lock = threading.Lock()

    def event(self, event_id: int, *, wait: bool = True) -> int | None:
        """The campaign id of an event that accepts beacons (0 if it has none); ``None`` if unknown.

        ``wait=False`` (in an event loop, where the database may not be used) reads the database in a
        background thread instead and answers from what is known meanwhile.
        """
        snap = self._fresh(wait)
        campaign = snap.events.get(event_id)
        if campaign is None and time.monotonic() - snap.loaded_at >= MISS_RELOAD:
            if not wait:
                self._reload_in_background()
                return None
            campaign = self._reload().events.get(event_id)
        return campaign

    def channel(self, code: str) -> int | None:
        """The id of the active channel with this code, ``None`` for an unknown code."""
        return self._snapshot.channels.get(code)

    def campaign_events(self, campaign_id: int) -> list[int]:
        """The events of a campaign that accept beacons."""
        return sorted(e for e, c in self._fresh(True).events.items() if c == campaign_id)

    @property
    def loaded(self) -> bool:
        """Whether the catalog was read at least once in this process."""
        return self._snapshot.loaded_at > 0

    def load(self) -> None:
        """Read the catalog now, from any thread (its connection is closed after)."""
        self._reload_and_close()

    def clear(self) -> None:
        """Forget everything (tests)."""
        self._snapshot = Snapshot()

    def _fresh(self, wait: bool) -> Snapshot:
        snap = self._snapshot
        if time.monotonic() - snap.loaded_at >= REFRESH:
            if wait:
                return self._reload()
            self._reload_in_background()
        return snap

    def _reload_in_background(self) -> None:
        if not self._lock.locked():
            threading.Thread(target=self._reload_and_close, name="audience-catalog", daemon=True).start()

    def _reload_and_close(self) -> None:
        try:
            self._reload()
        finally:
            connections.close_all()  # this thread's connections end with it

    def _reload(self) -> Snapshot:
        """Read events and channels again; one thread reads while the others use what is there."""
        if not self._lock.acquire(blocking=False):
            return self._snapshot
        try:
            from yunzhao.campaigns.choices import EventStatus
            from yunzhao.campaigns.models import Event
            from yunzhao.reach.models import Channel

            events = {
                pk: campaign or 0
                for pk, campaign in Event.objects.exclude(status=EventStatus.CANCELLED).values_list("pk", "campaign_id")
            }
            channels = dict(Channel.objects.filter(is_active=True).values_list("code", "pk"))
            self._snapshot = Snapshot(events, channels, time.monotonic())
        except DatabaseError:
            # Keep answering from what is known; the broken connection is opened afresh next time.
            connection.close()
        finally:
            self._lock.release()
        return self._snapshot


catalog = Catalog()
