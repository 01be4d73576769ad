import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.reach import actions
from yunzhao.reach.actions import SnapshotsRejected
from yunzhao.reach.choices import ChannelLevel, PublicationKind, SnapshotSource
from yunzhao.reach.models import Channel, MetricSnapshot, Outlet
from yunzhao.reach.snapshots import SnapshotRow

from .conftest import at, make_channel, publish, snap


def rows(*items):
    return [SnapshotRow(publication=pub, taken_at=at(h), counts=counts, row=i + 1)
            for i, (pub, h, counts) in enumerate(items)]


def test_media_editor_adds_a_channel_under_a_new_outlet_and_it_is_on_the_timeline(media_editor):
    # when
    channel = actions.create_channel(actor=media_editor, code="people-app", name_zh="人民日报客户端",
                                     outlet_name_zh="人民日报", outlet_name_en="People's Daily",
                                     level=ChannelLevel.CENTRAL, kind="news_app")
    # then
    assert channel.outlet.name_en == "People's Daily"
    assert Outlet.objects.count() == 1
    assert timeline.for_object(channel).get().event == TimelineEvent.CREATED
    # and a second channel of the same outlet reuses it
    actions.create_channel(actor=media_editor, code="people-web", name_zh="人民网", outlet_name_zh="人民日报",
                           level=ChannelLevel.CENTRAL, kind="website")
    assert Outlet.objects.count() == 1


@pytest.mark.parametrize("who", ["district_staff", "leader"])
def test_only_the_media_group_and_the_bureau_keep_the_registry(who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        actions.create_channel(actor=user, code="x", name_zh="x", outlet_name_zh="x", level="city", kind="tv")
    assert Channel.objects.count() == 0


def test_update_channel_records_what_changed(city_staff):
    channel = make_channel(city_staff, "ijinan")
    actions.update_channel(channel, actor=city_staff, changes={"level": ChannelLevel.PROVINCIAL, "name_zh": "ijinan"})
    channel.refresh_from_db()
    assert channel.level == ChannelLevel.PROVINCIAL
    entry = timeline.for_object(channel).filter(event=TimelineEvent.UPDATED).get()
    assert entry.field == "level"


def test_a_channel_has_one_publication_of_a_kind_per_event(event, media_editor):
    channel = make_channel(media_editor, "douyin")
    publish(media_editor, channel, event=event)
    with pytest.raises(ValidationError):
        publish(media_editor, channel, event=event)
    # a replay on the same channel is another publication
    publish(media_editor, channel, event=event, kind=PublicationKind.REPLAY)
    assert event.publications.count() == 2


def test_counts_lower_than_an_earlier_snapshot_are_refused_and_nothing_is_written(event, media_editor):
    # given
    a = publish(media_editor, make_channel(media_editor, "a"), event=event)
    b = publish(media_editor, make_channel(media_editor, "b"), event=event)
    snap(media_editor, a, 1, reads=500, likes=20)
    # when a batch brings a lower read count for a, and a fine row for b
    with pytest.raises(SnapshotsRejected) as caught:
        actions.record_snapshots(rows((b, 2, {"reads": 10}), (a, 2, {"reads": 400, "likes": 25})),
                                 actor=media_editor)
    # then the whole batch is refused, naming the row and the column
    [fault] = caught.value.faults
    assert (fault.row, fault.column, fault.publication_id) == (2, "reads", a.pk)
    assert "400" in fault.message and "500" in fault.message
    assert MetricSnapshot.objects.count() == 1


def test_counts_higher_than_a_later_snapshot_are_refused(event, media_editor):
    a = publish(media_editor, make_channel(media_editor, "a"), event=event)
    snap(media_editor, a, 3, reads=500)
    with pytest.raises(SnapshotsRejected) as caught:
        actions.record_snapshots(rows((a, 2, {"reads": 600})), actor=media_editor)
    assert [f.column for f in caught.value.faults] == ["reads"]


def test_an_empty_count_keeps_the_previous_one(event, media_editor):
    a = publish(media_editor, make_channel(media_editor, "a"), event=event)
    snap(media_editor, a, 1, reads=500, likes=20, followers=7)
    # when only reads are given
    snap(media_editor, a, 2, reads=900, likes=None)
    # then
    latest = MetricSnapshot.objects.get(publication=a, taken_at=at(2))
    assert (latest.reads, latest.likes, latest.followers, latest.plays) == (900, 20, 7, 0)
    assert latest.source == SnapshotSource.GRID and latest.created_by == media_editor


def test_the_same_snapshot_again_is_unchanged_but_different_numbers_are_refused(event, media_editor):
    a = publish(media_editor, make_channel(media_editor, "a"), event=event)
    snap(media_editor, a, 1, reads=500)
    plan = actions.record_snapshots(rows((a, 1, {"reads": 500})), actor=media_editor)
    assert (len(plan.new), len(plan.unchanged)) == (0, 1)
    with pytest.raises(SnapshotsRejected) as caught:
        actions.record_snapshots(rows((a, 1, {"reads": 501})), actor=media_editor)
    assert "500" in caught.value.faults[0].message
    assert MetricSnapshot.objects.count() == 1


def test_times_in_the_future_before_publication_or_twice_in_a_batch_are_refused(event, media_editor):
    a = publish(media_editor, make_channel(media_editor, "a"), event=event, hours=2)
    future = timezone.now() + dt.timedelta(hours=1)
    batch = [
        SnapshotRow(a, future, {"reads": 1}, 1),
        SnapshotRow(a, at(1), {"reads": 1}, 2),
        SnapshotRow(a, at(3), {"reads": 1}, 3),
        SnapshotRow(a, at(3), {"reads": 1}, 4),
        SnapshotRow(a, at(4), {"reads": -5}, 5),
    ]
    with pytest.raises(SnapshotsRejected) as caught, translation.override("en"):
        actions.record_snapshots(batch, actor=media_editor)
    assert [(f.row, f.column) for f in caught.value.faults] == [
        (1, "taken_at"), (2, "taken_at"), (4, "taken_at"), (5, "reads")]
    assert "row 3" in caught.value.faults[2].message
    assert MetricSnapshot.objects.count() == 0


def test_district_staff_record_on_their_own_events_only(lixia_event, huaiyin_event, district_staff, media_editor):
    # given a channel on each district's event
    channel = make_channel(media_editor, "lixia-rongmei", level=ChannelLevel.DISTRICT)
    theirs = publish(media_editor, channel, event=huaiyin_event, hours=48)
    # when Lixia staff record on their own event: allowed
    mine = publish(district_staff, channel, event=lixia_event, hours=24)
    snap(district_staff, mine, 25, reads=100)
    # then on Huaiyin's event: refused, for the publication and for the snapshots
    with pytest.raises(PermissionDenied):
        publish(district_staff, make_channel(media_editor, "other"), event=huaiyin_event, hours=48)
    with pytest.raises(PermissionDenied):
        snap(district_staff, theirs, 49, reads=100)
    assert MetricSnapshot.objects.filter(publication=theirs).count() == 0


def test_district_staff_cannot_record_for_the_campaign_itself(campaign, district_staff, media_editor):
    channel = make_channel(media_editor, "jinan-daily")
    with pytest.raises(PermissionDenied):
        publish(district_staff, channel, campaign=campaign)
    assert publish(media_editor, channel, campaign=campaign).campaign == campaign


def test_a_recorded_batch_leaves_one_timeline_entry_per_event(event, media_editor):
    a = publish(media_editor, make_channel(media_editor, "a"), event=event)
    b = publish(media_editor, make_channel(media_editor, "b"), event=event)
    actions.record_snapshots(rows((a, 1, {"reads": 1}), (b, 1, {"reads": 2})), actor=media_editor)
    entry = timeline.for_object(event).filter(field="reach").get()
    assert entry.after["snapshots"] == 2
