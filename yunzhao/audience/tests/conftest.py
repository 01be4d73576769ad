"""Fixtures of the audience tests: a campaign with two events, channels, and each way of recording.

``embedded`` records into the database from the request's thread; ``with_redis`` records into Redis
under a key prefix of its own (removed afterwards) and is skipped when ``REDIS_URL`` is not set.
"""

import datetime as dt
import os
import uuid

import pytest
from django.utils import timezone

from yunzhao.audience import recorder
from yunzhao.audience.catalog import catalog
from yunzhao.audience.keys import Keys
from yunzhao.audience.selectors import forget_recent_figures
from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.reach import actions as reach_actions
from yunzhao.reach.choices import ChannelKind, ChannelLevel

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set")


@pytest.fixture
def campaign(city_staff, units):
    return campaign_actions.create_campaign(
        actor=city_staff, name_zh="“选择济南 共赢未来”云招商推介活动", starts_on=dt.date(2021, 3, 30),
        ends_on=dt.date(2021, 6, 30), organisers=[units["jnipb"]],
    )


@pytest.fixture
def event(city_staff, units, campaign):
    return campaign_actions.create_event(actor=city_staff, campaign=campaign, title_zh="首场市级综合推介会",
                                         level=EventLevel.CITY, owner_unit=units["jnipb"],
                                         starts_at=timezone.now() - dt.timedelta(hours=1))


@pytest.fixture
def second_event(city_staff, units, campaign):
    return campaign_actions.create_event(actor=city_staff, campaign=campaign, title_zh="历下区专场推介会",
                                         level=EventLevel.DISTRICT, owner_unit=units["lixia"],
                                         starts_at=timezone.now() - dt.timedelta(hours=1))


@pytest.fixture
def channels(media_editor):
    """Three channels: ``wechat``, ``douyin`` and ``qrposter``."""
    return {
        code: reach_actions.create_channel(actor=media_editor, code=code, name_zh=name, outlet_name_zh=f"媒体-{code}",
                                           level=ChannelLevel.CITY, kind=ChannelKind.SOCIAL)
        for code, name in (("wechat", "微信"), ("douyin", "抖音"), ("qrposter", "二维码海报"))
    }


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.clear()
    forget_recent_figures()
    yield
    catalog.clear()
    forget_recent_figures()


@pytest.fixture
def embedded(settings):
    """Beacons go to the database (no Redis)."""
    settings.REDIS_URL = ""
    settings.AUDIENCE_RATE_LIMIT = 1_000_000
    return "database"


@pytest.fixture
def with_redis(settings):
    """Beacons go to Redis, under a key prefix of this test's own."""
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    prefix = f"test-audience-{uuid.uuid4().hex[:12]}:"
    settings.REDIS_URL = REDIS_URL
    settings.AUDIENCE_REDIS_PREFIX = prefix
    settings.AUDIENCE_RATE_LIMIT = 1_000_000
    yield Keys(prefix)
    client = recorder.redis_client()
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)


class Clock:
    """A clock the beacon reads instead of the real one; ``advance`` moves it on."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """Freeze the beacon's clock at 30 March 2021, 14:00:05 Beijing time."""
    from yunzhao.audience import ingest

    frozen = Clock(dt.datetime(2021, 3, 30, 6, 0, 5, tzinfo=dt.UTC).timestamp())
    monkeypatch.setattr(ingest, "time", frozen)
    return frozen


def beacon_url(event_id, **params) -> str:
    """``/t/?e=…`` with the given parameters."""
    from urllib.parse import urlencode

    return "/t/?" + urlencode({"e": event_id, **params})
