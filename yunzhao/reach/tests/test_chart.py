import random

import pytest

from yunzhao.reach import chart as reach_chart_module
from yunzhao.reach.actions import record_snapshots
from yunzhao.reach.chart import reach_chart
from yunzhao.reach.choices import METRICS, ChannelLevel
from yunzhao.reach.selectors import publications_for, reach_as_of
from yunzhao.reach.snapshots import SnapshotRow

from .conftest import at, make_channel, publish


@pytest.fixture
def busy_event(event, media_editor):
    """Twelve publications on four levels, with growing counts at random quarter hours over two days."""
    rng = random.Random(330)
    pubs = []
    for i in range(12):
        level = ChannelLevel.values[i % 4]
        outlet = f"outlet{i % 7}"
        pubs.append(publish(media_editor, make_channel(media_editor, f"c{i}", outlet=outlet, level=level),
                            event=event, hours=rng.choice([0, 0.5, 3, 20])))
    rows = []
    for pub in pubs:
        hours = (pub.published_at - at(0)).total_seconds() / 3600
        counts = dict.fromkeys(METRICS, 0)
        for quarter in sorted(rng.sample(range(int(hours * 4), 48 * 4), rng.randint(0, 12))):
            counts = {m: v + rng.randint(0, 5000) for m, v in counts.items()}
            rows.append(SnapshotRow(pub, at(quarter / 4), dict(counts), len(rows) + 1))
    record_snapshots(rows, actor=media_editor)
    return event


def assert_points_match_reach_as_of(chart, pubs):
    assert chart.times[-1] == chart.as_of
    for i, moment in enumerate(chart.times):
        reach = reach_as_of(pubs, moment)
        assert {m: chart.series[m][i] for m in METRICS} == reach.totals, moment
        assert chart.series["media"][i] == reach.media, moment


def test_curve_has_a_point_per_snapshot_moment_each_equal_to_reach_as_of(busy_event):
    # when
    pubs = publications_for(event=busy_event)
    chart = reach_chart(pubs, at(30))
    # then
    assert chart.granularity == "moment"
    assert len(chart.times) > 10
    assert_points_match_reach_as_of(chart, pubs)


@pytest.mark.parametrize("read_whole", [10**6, 0], ids=["grouped in Python", "grouped by the database"])
@pytest.mark.parametrize(("max_points", "granularity"), [(45, "hour"), (5, "day")])
def test_many_moments_are_grouped_into_buckets_still_equal_to_reach_as_of(busy_event, max_points, granularity,
                                                                          read_whole):
    pubs = publications_for(event=busy_event)
    chart = reach_chart(pubs, at(40.3), max_points=max_points, read_whole=read_whole)
    assert chart.granularity == granularity
    assert_points_match_reach_as_of(chart, pubs)
    assert all(moment.minute == 0 for moment in chart.times[:-1])  # on the hour, or at midnight


def test_splits_by_level_and_channel_add_up_to_the_figure(busy_event):
    pubs = publications_for(event=busy_event)
    chart = reach_chart(pubs, at(30))
    reach = reach_as_of(pubs, at(30))
    assert sum(b["reads"] for b in chart.by_level) == reach.totals["reads"]
    assert {b["level"]: b["media"] for b in chart.by_level} == reach.media_by_level
    assert sum(c["reads"] for c in chart.by_channel) == reach.totals["reads"]


def test_the_chart_takes_a_fixed_number_of_queries_in_each_mode(busy_event, django_assert_num_queries):
    pubs = publications_for(event=busy_event)
    with django_assert_num_queries(3):
        reach_chart(pubs, at(30))
    with django_assert_num_queries(3):
        reach_chart(pubs, at(30), max_points=10)
    with django_assert_num_queries(3):
        reach_chart(pubs, at(30), max_points=10, read_whole=0)


def test_an_event_with_nothing_published_has_a_flat_chart(event):
    chart = reach_chart(publications_for(event=event), at(5))
    assert chart.times == [at(5)]
    assert chart.series["reads"] == [0]
    assert reach_chart_module.TOP_CHANNELS > 0 and chart.by_channel == []
