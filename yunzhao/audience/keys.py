"""The names of the live audience's Redis keys, and how a batch of beacons is packed into the stream.

Counters (hashes, fields ``pv`` / ``play`` and ``pv:<channel id>`` / ``play:<channel id>``; channel 0
is "unattributed"): ``e:<event>`` and ``c:<campaign>`` for the totals, ``em:<event>:<minute>`` and
``cm:<campaign>:<minute>`` per minute (minutes since the epoch). Distinct viewers (HyperLogLog):
``h:e:<event>``, ``h:es:<event>:<channel>``, ``h:c:<campaign>``, ``h:cs:<campaign>:<channel>``,
``h:em:<event>:<minute>``, ``h:cm:<campaign>:<minute>``. Minute keys expire after ``MINUTE_TTL``;
the database keeps the minute roll-ups for good.
"""

from .records import Beacon

MINUTE_TTL = 3 * 24 * 3600
GROUP = "db"  # the consumer group of the worker that moves beacons into the database
BATCH_FIELD = "b"


class Keys:
    """Key names under one prefix."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.stream = f"{prefix}stream"
        self.rejected = f"{prefix}rejected"

    def event(self, event_id: int) -> str:
        return f"{self.prefix}e:{event_id}"

    def campaign(self, campaign_id: int) -> str:
        return f"{self.prefix}c:{campaign_id}"

    def event_minute(self, event_id: int, minute: int) -> str:
        return f"{self.prefix}em:{event_id}:{minute}"

    def campaign_minute(self, campaign_id: int, minute: int) -> str:
        return f"{self.prefix}cm:{campaign_id}:{minute}"

    def event_viewers(self, event_id: int) -> str:
        return f"{self.prefix}h:e:{event_id}"

    def event_source_viewers(self, event_id: int, channel_id: int) -> str:
        return f"{self.prefix}h:es:{event_id}:{channel_id}"

    def campaign_viewers(self, campaign_id: int) -> str:
        return f"{self.prefix}h:c:{campaign_id}"

    def campaign_source_viewers(self, campaign_id: int, channel_id: int) -> str:
        return f"{self.prefix}h:cs:{campaign_id}:{channel_id}"

    def event_minute_viewers(self, event_id: int, minute: int) -> str:
        return f"{self.prefix}h:em:{event_id}:{minute}"

    def campaign_minute_viewers(self, campaign_id: int, minute: int) -> str:
        return f"{self.prefix}h:cm:{campaign_id}:{minute}"

    def rate(self, bucket: int) -> str:
        return f"{self.prefix}rl:{bucket}"


def pack(beacons: list[Beacon]) -> str:
    """One stream entry for a whole batch: a line per beacon, tab-separated."""
    return "\n".join(f"{b.event_id}\t{b.channel_id}\t{b.kind}\t{b.viewer}\t{b.at_ms}" for b in beacons)


def unpack(entry_id: str, packed: str) -> list[Beacon]:
    """The beacons of one stream entry; each is named ``<entry id>/<line>`` so it is stored once."""
    beacons = []
    for index, line in enumerate(packed.split("\n")):
        event_id, channel_id, kind, viewer, at_ms = line.split("\t")
        beacons.append(Beacon(int(event_id), int(channel_id), kind, viewer, int(at_ms), f"{entry_id}/{index}"))
    return beacons
