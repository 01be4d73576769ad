"""Fixtures of the reach tests: an event of the campaign, outlets and channels, through the actions."""

import datetime as dt

import pytest
from django.utils import timezone

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.reach import actions
from yunzhao.reach.choices import ChannelKind, ChannelLevel, PublicationKind, SnapshotSource
from yunzhao.reach.snapshots import SnapshotRow

T0 = timezone.make_aware(dt.datetime(2021, 3, 30, 14, 0))


def at(hours: float) -> dt.datetime:
    """A moment ``hours`` after the kick-off on 30 March 2021, 14:00 Beijing time."""
    return T0 + dt.timedelta(hours=hours)


@pytest.fixture
def campaign(city_staff, units):
    return campaign_actions.create_campaign(
        actor=city_staff, name_zh="“选择济南 共赢未来”云招商推介活动", name_en="Fresh Opportunities for Jinan",
        starts_on=dt.date(2021, 3, 30), ends_on=dt.date(2021, 6, 30), organisers=[units["jnipb"], units["jdng"]],
    )


@pytest.fixture
def event(city_staff, units, campaign):
    return campaign_actions.create_event(actor=city_staff, campaign=campaign, title_zh="首场市级综合推介会",
                                         level=EventLevel.CITY, owner_unit=units["jnipb"], starts_at=T0)


@pytest.fixture
def lixia_event(city_staff, units, campaign):
    return campaign_actions.create_event(actor=city_staff, campaign=campaign, title_zh="历下区专场推介会",
                                         level=EventLevel.DISTRICT, owner_unit=units["lixia"], starts_at=at(24))


@pytest.fixture
def huaiyin_event(city_staff, units, campaign):
    return campaign_actions.create_event(actor=city_staff, campaign=campaign, title_zh="槐荫区专场推介会",
                                         level=EventLevel.DISTRICT, owner_unit=units["huaiyin"], starts_at=at(48))


def make_channel(actor, code: str, *, outlet: str | None = None, level: str = ChannelLevel.CITY,
                 kind: str = ChannelKind.NEWS_APP):
    """A channel under the outlet named ``outlet`` (one outlet per channel when not given)."""
    return actions.create_channel(actor=actor, code=code, name_zh=code, outlet_name_zh=outlet or f"媒体-{code}",
                                  level=level, kind=kind)


def publish(actor, channel, *, event=None, campaign=None, hours: float = 0, kind: str = PublicationKind.LIVE):
    return actions.record_publication(actor=actor, event=event, campaign=campaign, channel=channel, kind=kind,
                                      published_at=at(hours))


def snap(actor, publication, hours: float, **counts):
    """Record one snapshot through the action (as the grid would)."""
    row = SnapshotRow(publication=publication, taken_at=at(hours), counts=counts, row=1)
    return actions.record_snapshots([row], actor=actor, source=SnapshotSource.GRID)
