"""The reach figure of a ``Scope`` (one SQL statement kept per database) against the ORM's and a naive one."""

import datetime as dt
import random
import zoneinfo

import pytest

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.reach import actions, selectors
from yunzhao.reach.choices import METRICS, ChannelLevel, SnapshotSource
from yunzhao.reach.selectors import Scope, reach_as_of
from yunzhao.reach.snapshots import SnapshotRow
from yunzhao.reach.statement import SCOPE_PARTS, reach_statement

from .conftest import at, make_channel, publish

MICROSECOND = dt.timedelta(microseconds=1)


@pytest.fixture
def other_campaign(city_staff):
    return campaign_actions.create_campaign(actor=city_staff, name_zh="另一场系列活动", starts_on=dt.date(2021, 4, 1),
                                            ends_on=dt.date(2021, 5, 1))


@pytest.fixture
def other_lixia_event(city_staff, units, other_campaign):
    """An event of the other campaign, owned by the same district as ``lixia_event``."""
    return campaign_actions.create_event(actor=city_staff, campaign=other_campaign, title_zh="历下区另一场推介会",
                                         level=EventLevel.DISTRICT, owner_unit=units["lixia"], starts_at=at(30))


@pytest.fixture
def covered(media_editor, campaign, other_campaign, event, lixia_event, huaiyin_event, other_lixia_event):
    """Random publications of four events and two campaigns on channels of every level (several
    outlets at more than one level), with snapshots at random moments; some have none."""
    rng = random.Random(20210330)
    outlets = [f"媒体{i}" for i in range(7)]
    channels = [make_channel(media_editor, f"ch{i}", outlet=outlets[i % len(outlets)],
                             level=ChannelLevel.values[i % len(ChannelLevel.values)]) for i in range(16)]
    subjects = [{"event": event}, {"event": lixia_event}, {"event": huaiyin_event}, {"event": other_lixia_event},
                {"campaign": campaign}, {"campaign": other_campaign}]
    pubs, rows = [], []
    for subject in subjects:
        for ch in rng.sample(channels, rng.randint(4, 9)):
            pub = publish(media_editor, ch, hours=rng.choice([rng.uniform(-3, 60), rng.randint(0, 60)]), **subject)
            pubs.append(pub)
            counts = dict.fromkeys(METRICS, 0)
            first = (pub.published_at - at(0)) / dt.timedelta(hours=1)
            for step in sorted(rng.sample(range(0, 240), rng.choice([0, 1, 3, 6]))):
                counts = {m: v + rng.randint(0, 90_000) for m, v in counts.items()}
                rows.append(SnapshotRow(publication=pub, taken_at=at(first + step / 4), counts=counts,
                                        row=len(rows) + 1))
    actions.record_snapshots(rows, actor=media_editor, source=SnapshotSource.IMPORT)
    return pubs, rows


def naive_reach(pubs, rows, moment: dt.datetime, keep) -> tuple:
    """The figure worked out in Python over the publications ``keep`` accepts."""
    totals, media, by_level, published, missing = dict.fromkeys(METRICS, 0), set(), {}, 0, 0
    for pub in pubs:
        if not keep(pub) or pub.published_at > moment:
            continue
        published += 1
        media.add(pub.channel.outlet_id)
        by_level.setdefault(pub.channel.level, set()).add(pub.channel.outlet_id)
        mine = [r for r in rows if r.publication.pk == pub.pk and r.taken_at <= moment]
        if not mine:
            missing += 1
            continue
        latest = max(mine, key=lambda r: r.taken_at)
        for m in METRICS:
            totals[m] += latest.counts[m]
    return totals, len(media), {level: len(by_level.get(level, ())) for level in ChannelLevel.values}, published, \
        missing


def test_the_statement_agrees_with_the_orm_and_a_naive_count_for_every_kind_of_scope(
        covered, units, campaign, other_campaign, event, lixia_event, other_lixia_event):
    # given publications of events of two campaigns, of the campaigns themselves, and of two districts' events
    pubs, rows = covered
    scopes = {
        "everything": (Scope(), lambda p: True),
        "one event": (Scope.of(event=event), lambda p: p.event_id == event.pk),
        "a campaign": (Scope.of(campaign=campaign), lambda p: p.campaign_id == campaign.pk or (
            p.event_id is not None and p.event.campaign_id == campaign.pk)),
        "the other campaign": (Scope.of(campaign=other_campaign), lambda p: p.campaign_id == other_campaign.pk or (
            p.event_id is not None and p.event.campaign_id == other_campaign.pk)),
        "a district, across campaigns": (Scope.of(district=units["lixia"]), lambda p: p.event_id is not None and
                                         p.event.owner_unit_id == units["lixia"].pk),
        "a level": (Scope.of(level=ChannelLevel.CITY), lambda p: p.channel.level == ChannelLevel.CITY),
        "a campaign's district on one level": (
            Scope.of(campaign=campaign, district=units["lixia"], level=ChannelLevel.CENTRAL),
            lambda p: p.event_id == lixia_event.pk and p.channel.level == ChannelLevel.CENTRAL),
        "an event and another campaign": (Scope.of(event=event, campaign=other_campaign), lambda p: False),
        "an event on one level": (Scope.of(event=other_lixia_event, level=ChannelLevel.DISTRICT),
                                  lambda p: p.event_id == other_lixia_event.pk and p.channel.level == "district"),
        "a district with no events": (Scope.of(district=units["huaiyin"].pk + 10_000), lambda p: False),
    }
    taken = sorted({r.taken_at for r in rows})
    published = sorted({p.published_at for p in pubs})
    moments = [at(-10), published[0], published[0] - MICROSECOND, taken[len(taken) // 3],
               taken[len(taken) // 3] - MICROSECOND, published[len(published) // 2], at(30), taken[-1], at(500)]
    seen = set()
    for name, (scope, keep) in scopes.items():
        for moment in moments:
            # when
            reach = reach_as_of(scope, moment)
            # then
            assert reach == reach_as_of(scope.publications(), moment), (name, moment)
            totals, media, by_level, count, missing = naive_reach(pubs, rows, moment, keep)
            assert (reach.totals, reach.media, reach.media_by_level, reach.publications,
                    reach.publications_without_snapshot) == (totals, media, by_level, count, missing), (name, moment)
            seen.add((reach.publications > 0, reach.incomplete, reach.totals["reads"] > 0))
    # and the data went through every case: nothing out yet, incomplete, complete
    assert {(False, False, False), (True, True, True), (True, False, True)} <= seen


def test_an_edge_moment_counts_what_happened_at_it_in_any_time_zone(media_editor, event):
    # given a publication at 14:00 and its snapshot at 15:00 (Beijing time)
    pub = publish(media_editor, make_channel(media_editor, "ijinan"), event=event, hours=0)
    actions.record_snapshots([SnapshotRow(publication=pub, taken_at=at(1), counts={"reads": 700}, row=1)],
                             actor=media_editor)
    scope = Scope.of(event=event)
    # when / then: the same instant written in UTC gives the same figure
    utc = zoneinfo.ZoneInfo("UTC")
    assert reach_as_of(scope, at(1).astimezone(utc)).totals["reads"] == 700
    assert reach_as_of(scope, at(1) - MICROSECOND).totals["reads"] == 0
    assert reach_as_of(scope, at(1) - MICROSECOND).incomplete
    assert reach_as_of(scope, at(0).astimezone(utc)).publications == 1
    assert reach_as_of(scope, at(0) - MICROSECOND).publications == 0


def test_a_scope_is_one_query_and_its_values_are_parameters(media_editor, event, django_assert_num_queries):
    # given a publication on a city channel
    pub = publish(media_editor, make_channel(media_editor, "ijinan", level=ChannelLevel.CITY), event=event)
    actions.record_snapshots([SnapshotRow(publication=pub, taken_at=at(1), counts={"reads": 5}, row=1)],
                             actor=media_editor)
    # when
    with django_assert_num_queries(1):
        city = reach_as_of(Scope.of(event=event, level=ChannelLevel.CITY), at(2))
    quoted = reach_as_of(Scope.of(event=event, level="city' OR '1' = '1"), at(2))
    # then
    assert (city.publications, city.totals["reads"], city.media_by_level[ChannelLevel.CITY]) == (1, 5, 1)
    assert (quoted.publications, quoted.media) == (0, 0)


def test_every_shape_of_scope_has_a_statement_and_other_databases_use_the_orm(
        media_editor, event, monkeypatch, django_assert_num_queries):
    # given a publication with a snapshot
    pub = publish(media_editor, make_channel(media_editor, "ijinan"), event=event)
    actions.record_snapshots([SnapshotRow(publication=pub, taken_at=at(1), counts={"reads": 9}, row=1)],
                             actor=media_editor)
    # then: each part of a scope appears in its statement with its parameter
    for part in SCOPE_PARTS:
        assert f"%({part})s" in reach_statement("sqlite", (part,))
        assert f"%({part})s" in reach_statement("postgresql", (part,))
    assert reach_statement("oracle", ("event",)) is None
    # when a database has no statement
    monkeypatch.setattr(selectors, "reach_statement", lambda vendor, parts: None)
    with django_assert_num_queries(1):
        reach = reach_as_of(Scope.of(event=event), at(2))
    # then the ORM computes the same figure
    assert (reach.totals["reads"], reach.publications) == (9, 1)
