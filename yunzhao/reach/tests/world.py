"""A small campaign's media world for the reach-by-scope tests, and its figures worked out by hand.

Events of the city bureau, of 历下区 (Lixia), of 槐荫区 (Huaiyin) and of the High-Tech Zone, and one
publication of the campaign itself, go out on channels of every level; some channels share an
outlet, one publication never gets a snapshot, and snapshots are recorded at many moments through the
actions. ``expected`` then computes a figure from the recorded rows alone, in plain Python, without
the selectors: per publication in scope out by T, its snapshot with the latest time at or before T.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.reach import actions
from yunzhao.reach.choices import METRICS, ChannelLevel, PublicationKind, SnapshotSource
from yunzhao.reach.models import Publication
from yunzhao.reach.snapshots import SnapshotRow

from .conftest import at, make_channel

# code, outlet, level
CHANNELS = [
    ("xinhua", "新华社", ChannelLevel.CENTRAL),
    ("people-app", "人民日报", ChannelLevel.CENTRAL),
    ("people-web", "人民日报", ChannelLevel.CENTRAL),
    ("dazhong", "大众日报", ChannelLevel.PROVINCIAL),
    ("ijinan", "济南日报报业集团", ChannelLevel.CITY),
    ("jinan-tv", "济南广播电视台", ChannelLevel.CITY),
    ("lixia-rongmei", "历下区融媒体中心", ChannelLevel.DISTRICT),
    ("huaiyin-rongmei", "槐荫区融媒体中心", ChannelLevel.DISTRICT),
    ("cgtn", "中国国际电视台", ChannelLevel.OVERSEAS),
]
# event key → owning unit, start (hours after the kick-off), channels it went out on
EVENTS = {
    "city": ("jnipb", 0, ["xinhua", "people-app", "people-web", "dazhong", "ijinan", "jinan-tv", "cgtn"]),
    "lixia": ("lixia", 24, ["people-app", "dazhong", "ijinan", "lixia-rongmei"]),
    "huaiyin": ("huaiyin", 48, ["xinhua", "ijinan", "jinan-tv", "huaiyin-rongmei"]),
    "hightech": ("hightech", 30, ["people-web", "ijinan", "cgtn"]),
}
# The one publication that never gets a snapshot: incomplete from its start on.
NEVER_COUNTED = ("lixia", "lixia-rongmei")


@dataclass
class World:
    """What was recorded: the objects, and every snapshot as (publication, moment, counts)."""

    campaign: object
    events: dict[str, object]
    channels: dict[str, object]
    publications: list[Publication] = field(default_factory=list)
    snapshots: dict[int, list[tuple[dt.datetime, dict[str, int]]]] = field(default_factory=dict)
    ids: dict[tuple[int, dt.datetime], int] = field(default_factory=dict)


def build(actor, units, campaign, *, seed: int = 7) -> World:
    """Record the world through the actions (``actor`` records reach for any event)."""
    rng = random.Random(seed)
    channels = {code: make_channel(actor, code, outlet=outlet, level=level) for code, outlet, level in CHANNELS}
    events = {
        key: campaign_actions.create_event(actor=actor, campaign=campaign, title_zh=f"{key} 推介会",
                                           level=EventLevel.CITY if key == "city" else EventLevel.DISTRICT,
                                           owner_unit=units[unit], starts_at=at(start))
        for key, (unit, start, _codes) in EVENTS.items()
    }
    world = World(campaign=campaign, events=events, channels=channels)
    plan: list[tuple[Publication, int]] = []
    for key, (_unit, start, codes) in EVENTS.items():
        for offset, code in enumerate(codes):
            pub = actions.record_publication(actor=actor, event=events[key], channel=channels[code],
                                             kind=PublicationKind.LIVE, published_at=at(start + offset * 0.5))
            plan.append((pub, start + offset * 0.5))
    own = actions.record_publication(actor=actor, campaign=campaign, channel=channels["ijinan"],
                                     kind=PublicationKind.ARTICLE, published_at=at(-2))
    plan.append((own, -2))
    rows = []
    for pub, start in plan:
        world.publications.append(pub)
        world.snapshots[pub.pk] = []
        if (pub.event_id and _key(world, pub.event_id), pub.channel.code) == NEVER_COUNTED:
            continue
        counts = dict.fromkeys(METRICS, 0)
        for hours in sorted(rng.sample(range(1, 90), 5)):
            counts = {m: counts[m] + rng.randrange(0, 50_000) for m in METRICS}
            moment = at(start + hours)
            world.snapshots[pub.pk].append((moment, dict(counts)))
            rows.append(SnapshotRow(publication=pub, taken_at=moment, counts=dict(counts), row=len(rows) + 1))
    plan_done = actions.record_snapshots(rows, actor=actor, source=SnapshotSource.IMPORT)
    world.ids = {(s.publication_id, s.taken_at): s.pk for s in plan_done.new}
    return world


def _key(world: World, event_id: int) -> str:
    return next(key for key, event in world.events.items() if event.pk == event_id)


@dataclass
class Expected:
    """A figure worked out from the recorded rows."""

    totals: dict[str, int]
    media: int
    media_by_level: dict[str, int]
    publications: int
    without_snapshot: int
    channels: dict[str, dict[str, int]]
    missing_channels: set[str]
    snapshot_ids: set[int]


def expected(world: World, moment: dt.datetime, *, district=None, level=None, campaign=None,
             event=None) -> Expected:
    """The figure as of ``moment`` for the scope, from ``world`` alone."""
    totals = dict.fromkeys(METRICS, 0)
    outlets: set[int] = set()
    by_level: dict[str, set[int]] = {lv: set() for lv in ChannelLevel.values}
    channels: dict[str, dict[str, int]] = {}
    missing: set[str] = set()
    ids: set[int] = set()
    count = without = 0
    for pub in world.publications:
        owner = pub.event.owner_unit_id if pub.event_id else None
        if pub.published_at > moment:
            continue
        if district is not None and owner != district.pk:
            continue
        if level is not None and pub.channel.level != level:
            continue
        if campaign is not None and (pub.campaign_id or pub.event.campaign_id) != campaign.pk:
            continue
        if event is not None and pub.event_id != event.pk:
            continue
        count += 1
        outlets.add(pub.channel.outlet_id)
        by_level[pub.channel.level].add(pub.channel.outlet_id)
        row = channels.setdefault(pub.channel.code, dict.fromkeys(METRICS, 0))
        before = [(t, c) for t, c in world.snapshots[pub.pk] if t <= moment]
        if not before:
            without += 1
            missing.add(pub.channel.code)
            continue
        taken_at, counts = max(before, key=lambda tc: tc[0])
        ids.add(world.ids[(pub.pk, taken_at)])
        for m in METRICS:
            totals[m] += counts[m]
            row[m] += counts[m]
    return Expected(totals=totals, media=len(outlets), media_by_level={lv: len(s) for lv, s in by_level.items()},
                    publications=count, without_snapshot=without, channels=channels, missing_channels=missing,
                    snapshot_ids=ids)
