"""The in-memory form of a beacon, as it travels from the request to Redis and the database."""

import datetime as dt
from dataclasses import dataclass

from .choices import BeaconKind

UNATTRIBUTED = 0  # channel id of a beacon whose link named no known channel


@dataclass(slots=True)  # not frozen: made once per request, and frozen dataclasses are slow to make
class Beacon:
    """One accepted beacon."""

    event_id: int
    channel_id: int  # UNATTRIBUTED (0) when no known channel
    kind: str
    viewer: str
    at_ms: int  # when the server received it, milliseconds since the epoch
    stream_id: str | None = None
    campaign_id: int = 0  # known when the beacon is received; not kept in the stream

    @property
    def at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.at_ms / 1000, tz=dt.UTC)

    @property
    def minute(self) -> int:
        """Minutes since the epoch."""
        return self.at_ms // 60_000

    @property
    def is_view(self) -> bool:
        return self.kind == BeaconKind.PAGE_VIEW


def minute_start(minute: int) -> dt.datetime:
    """The moment a minute (counted since the epoch) starts."""
    return dt.datetime.fromtimestamp(minute * 60, tz=dt.UTC)


def minute_of(moment: dt.datetime) -> int:
    """The minute (since the epoch) a moment falls in."""
    return int(moment.timestamp() // 60)
