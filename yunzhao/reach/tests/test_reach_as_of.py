import datetime as dt
import random

import pytest
from django.utils import timezone

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.reach.choices import METRICS, ChannelKind, ChannelLevel, PublicationKind
from yunzhao.reach.models import Channel, MetricSnapshot, Outlet, Publication
from yunzhao.reach.selectors import publications_for, reach_as_of, rows_behind

T0 = timezone.make_aware(dt.datetime(2021, 3, 30, 14, 0))


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


@pytest.fixture
def event(city_staff, units):
    return campaign_actions.create_event(actor=city_staff, title_zh="首场市级综合推介会", level=EventLevel.CITY,
                                         owner_unit=units["jnipb"], starts_at=T0)


def channel(code: str, outlet: Outlet, level: str) -> Channel:
    return Channel.objects.create(code=code, outlet=outlet, name_zh=code, level=level, kind=ChannelKind.NEWS_APP)


def test_latest_snapshot_at_or_before_t_per_publication_summed(event):
    # given two channels of one outlet and one of another, with snapshots over the afternoon
    people = Outlet.objects.create(name_zh="人民日报")
    jinan = Outlet.objects.create(name_zh="济南日报")
    app = Publication.objects.create(event=event, channel=channel("people-app", people, ChannelLevel.CENTRAL),
                                     kind=PublicationKind.LIVE, published_at=at(0))
    web = Publication.objects.create(event=event, channel=channel("people-web", people, ChannelLevel.CENTRAL),
                                     kind=PublicationKind.ARTICLE, published_at=at(1))
    ijinan = Publication.objects.create(event=event, channel=channel("ijinan", jinan, ChannelLevel.CITY),
                                        kind=PublicationKind.LIVE, published_at=at(0))
    MetricSnapshot.objects.create(publication=app, taken_at=at(1), reads=100, followers=10)
    MetricSnapshot.objects.create(publication=app, taken_at=at(3), reads=400, followers=30)
    MetricSnapshot.objects.create(publication=app, taken_at=at(5), reads=900, followers=50)
    MetricSnapshot.objects.create(publication=ijinan, taken_at=at(2), reads=1000, followers=200)
    # when
    reach = reach_as_of(publications_for(event=event), at(4))
    # then: app's 3h snapshot + ijinan's 2h snapshot; web has none yet
    assert reach.totals["reads"] == 1400
    assert reach.totals["followers"] == 230
    assert reach.media == 2
    assert reach.media_by_level[ChannelLevel.CENTRAL] == 1
    assert reach.media_by_level[ChannelLevel.CITY] == 1
    assert reach.publications == 3
    assert reach.incomplete is True
    assert {s.publication_id for s in rows_behind(publications_for(event=event), at(4))} == {app.pk, ijinan.pk}
    # and before anything went out, nothing
    assert reach_as_of(publications_for(event=event), at(-1)).media == 0
    # and once web has a snapshot the figure is complete
    MetricSnapshot.objects.create(publication=web, taken_at=at(4), reads=5)
    assert reach_as_of(publications_for(event=event), at(4)).incomplete is False


def test_reach_matches_a_naive_computation_on_random_data(event, city_staff, units):
    # given a campaign event and random snapshots on many channels
    rng = random.Random(20210330)
    outlets = [Outlet.objects.create(name_zh=f"媒体{i}") for i in range(8)]
    pubs = []
    for i in range(20):
        ch = channel(f"ch{i}", rng.choice(outlets), rng.choice(ChannelLevel.values))
        pubs.append(Publication.objects.create(event=event, channel=ch, kind=PublicationKind.REPOST,
                                               published_at=at(rng.uniform(-1, 6))))
    snaps = []
    for pub in pubs:
        for h in sorted(rng.sample(range(0, 48), rng.randint(0, 5))):
            snaps.append(MetricSnapshot(publication=pub, taken_at=at(h / 4),
                                        **{m: rng.randint(0, 10**6) for m in METRICS}))
    MetricSnapshot.objects.bulk_create(snaps)
    for hours in (0, 2.5, 4, 8, 13):
        moment = at(hours)
        # the naive way: walk every publication's snapshots in Python
        expected = dict.fromkeys(METRICS, 0)
        media, missing = set(), 0
        for pub in pubs:
            if pub.published_at > moment:
                continue
            media.add(pub.channel.outlet_id)
            mine = [s for s in snaps if s.publication_id == pub.pk and s.taken_at <= moment]
            if not mine:
                missing += 1
                continue
            latest = max(mine, key=lambda s: s.taken_at)
            for m in METRICS:
                expected[m] += getattr(latest, m)
        # when
        reach = reach_as_of(publications_for(event=event), moment)
        # then
        assert reach.totals == expected
        assert reach.media == len(media)
        assert reach.publications_without_snapshot == missing


def test_reach_takes_a_fixed_number_of_queries(event, django_assert_num_queries):
    outlet = Outlet.objects.create(name_zh="新华社")
    for i in range(30):
        pub = Publication.objects.create(event=event, channel=channel(f"x{i}", outlet, ChannelLevel.CENTRAL),
                                         published_at=at(0))
        MetricSnapshot.objects.create(publication=pub, taken_at=at(1), reads=i)
    with django_assert_num_queries(1):
        reach = reach_as_of(publications_for(event=event), at(2))
    assert (reach.publications, reach.totals["reads"]) == (30, sum(range(30)))
