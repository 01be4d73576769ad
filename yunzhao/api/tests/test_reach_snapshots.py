import datetime as dt

import pytest
from django.utils import timezone

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.reach import actions
from yunzhao.reach.choices import ChannelKind, ChannelLevel, PublicationKind, SnapshotSource
from yunzhao.reach.models import Channel, MetricSnapshot
from yunzhao.reach.snapshots import SnapshotRow

T0 = timezone.make_aware(dt.datetime(2021, 3, 30, 14, 0))


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


@pytest.fixture
def event(city_staff, units):
    return campaign_actions.create_event(actor=city_staff, title_zh="首场市级综合推介会", level=EventLevel.CITY,
                                         owner_unit=units["jnipb"], starts_at=T0)


@pytest.fixture
def lixia_event(city_staff, units):
    return campaign_actions.create_event(actor=city_staff, title_zh="历下区专场推介会", level=EventLevel.DISTRICT,
                                         owner_unit=units["lixia"], starts_at=at(24 * 18))


@pytest.fixture
def publications(city_staff, event):
    """The event live on LoveJinan at 14:00, and as an article and a replay on TouTiao from 15:00."""
    made = {}
    for code, outlet, level in (("ijinan", "济南日报报业集团", ChannelLevel.CITY),
                                ("toutiao", "今日头条", ChannelLevel.CENTRAL)):
        actions.create_channel(actor=city_staff, code=code, name_zh=code, outlet_name_zh=outlet, level=level,
                               kind=ChannelKind.NEWS_APP)
    made["ijinan"] = actions.record_publication(
        actor=city_staff, event=event, channel=Channel.objects.get(code="ijinan"),
        kind=PublicationKind.LIVE, published_at=at(0))
    for kind in (PublicationKind.ARTICLE, PublicationKind.REPLAY):
        made[f"toutiao-{kind}"] = actions.record_publication(
            actor=city_staff, event=event, channel=Channel.objects.get(code="toutiao"), kind=kind,
            published_at=at(1))
    return made


def url(event) -> str:
    return f"/events/{event.pk}/snapshots"


def test_a_batch_is_recorded_whole_through_the_action(api_as, media_editor, event, publications):
    # when
    response = api_as(media_editor).post(url(event), {"snapshots": [
        {"channel": "ijinan", "taken_at": "2021-03-30 16:00", "reads": 120_000, "followers": 8_000},
        {"channel": "ijinan", "taken_at": "2021-03-30T18:00:00+08:00", "reads": "12.5万", "plays": 90_000},
        {"channel": "toutiao", "kind": "article", "taken_at": "2021-03-30 18:00", "reads": 3_000_000},
        {"channel": "TouTiao", "kind": "回放", "taken_at": "2021年3月30日18时", "plays": 450_000},
    ]})
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["created"], body["unchanged"], body["dry_run"]) == (4, 0, False)
    stored = MetricSnapshot.objects.order_by("publication_id", "taken_at")
    assert sorted(body["snapshot_ids"]) == sorted(s.pk for s in stored)
    assert {s.source for s in stored} == {SnapshotSource.API}
    assert {s.created_by for s in stored} == {media_editor}
    later = MetricSnapshot.objects.get(publication=publications["ijinan"], taken_at=at(4))
    # an empty count keeps the previous one
    assert (later.reads, later.plays, later.followers) == (125_000, 90_000, 8_000)
    replay = MetricSnapshot.objects.get(publication=publications["toutiao-replay"])
    assert (replay.plays, replay.reads) == (450_000, 0)
    entry = timeline.for_object(event).get(field="reach")
    assert (entry.event, entry.actor, entry.after["snapshots"], entry.after["source"]) == (
        TimelineEvent.UPDATED, media_editor, 4, "api")


def test_a_bad_batch_is_refused_whole_naming_every_fault(api_as, media_editor, city_staff, event, publications):
    # given a count already recorded at 17:00
    actions.record_snapshots([SnapshotRow(publication=publications["ijinan"], taken_at=at(3),
                                          counts={"reads": 50_000}, row=1)], actor=city_staff)
    # when
    response = api_as(media_editor, language="en").post(url(event), {"snapshots": [
        {"channel": "ijinan", "taken_at": "2021-03-30 18:00", "reads": 60_000, "likes": -5},  # 0: negative
        {"channel": "cctv", "taken_at": "2021-03-30 18:00", "reads": 1},  # 1: unknown channel
        {"channel": "toutiao", "kind": "article", "taken_at": "2099-01-01 00:00", "reads": 1},  # 2: future
        {"channel": "toutiao", "kind": "article", "taken_at": "2021-03-30 14:30", "reads": 1},  # 3: before publication
        {"channel": "ijinan", "taken_at": "2021-03-30 17:30", "reads": 40_000},  # 4: lower than 17:00's
        {"channel": "toutiao", "kind": "replay", "taken_at": "2021-03-30 18:00", "plays": 10},  # 5: fine
        {"channel": "toutiao", "kind": "replay", "taken_at": "2021-03-30 18:00", "plays": 10},  # 6: duplicate of 5
        {"channel": "toutiao", "taken_at": "2021-03-30 18:00", "reads": 1},  # 7: which publication?
        {"channel": "ijinan", "taken_at": "half past six", "reads": 1.5},  # 8: not a time, not a whole number
    ]})
    # then
    assert response.status_code == 422
    body = response.json()
    assert {(f["row"], f["field"]) for f in body["faults"]} == {
        (0, "likes"), (1, "channel"), (2, "taken_at"), (3, "taken_at"), (4, "reads"), (6, "taken_at"),
        (7, "kind"), (8, "taken_at"), (8, "reads"),
    }
    messages = {(f["row"], f["field"]): f["message"] for f in body["faults"]}
    assert messages[(0, "likes")] == "A count cannot be negative (-5)."
    assert messages[(1, "channel")] == "There is no channel with the code “cctv” in the registry."
    assert messages[(2, "taken_at")] == "The time 2099-01-01 00:00 is in the future."
    assert messages[(3, "taken_at")].startswith("The time 2021-03-30 14:30 is before the publication went out")
    assert messages[(4, "reads")] == "40,000 is lower than 50,000 recorded at 2021-03-30 17:00; counts only grow."
    assert messages[(6, "taken_at")] == "The same publication and time are already given in row 5."
    assert body["errors"]["snapshots.1.channel"] == [messages[(1, "channel")]]
    assert [f["row"] for f in body["faults"]] == sorted(f["row"] for f in body["faults"])
    assert MetricSnapshot.objects.count() == 1
    assert not timeline.for_object(event).filter(actor=media_editor).exists()


def test_the_same_batch_twice_changes_nothing_the_second_time(api_as, city_staff, event, publications):
    # given
    client = api_as(city_staff)
    batch = {"snapshots": [{"channel": "ijinan", "taken_at": "2021-03-30 18:00", "reads": 1000}]}
    # when
    first = client.post(url(event), batch)
    second = client.post(url(event), batch)
    # then
    assert (first.json()["created"], second.json()["created"], second.json()["unchanged"]) == (1, 0, 1)
    assert MetricSnapshot.objects.count() == 1


def test_a_dry_run_checks_and_records_nothing(api_as, city_staff, event, publications):
    response = api_as(city_staff).post(url(event), {"dry_run": True, "snapshots": [
        {"channel": "ijinan", "taken_at": "2021-03-30 18:00", "reads": 1000}]})
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["snapshot_ids"]) == (1, [])
    assert not MetricSnapshot.objects.exists()


def test_an_empty_batch_is_422(api_as, city_staff, event):
    response = api_as(city_staff, language="en").post(url(event), {"snapshots": []})
    assert response.status_code == 422
    assert response.json()["errors"] == {"snapshots": ["Send at least one snapshot."]}


def test_a_row_with_unknown_fields_is_422_before_anything_is_checked(api_as, city_staff, event, publications):
    response = api_as(city_staff, language="en").post(url(event), {"snapshots": [
        {"channel": "ijinan", "taken_at": "2021-03-30 18:00", "views": 1}]})
    assert response.status_code == 422
    assert response.json()["errors"] == {"snapshots.0.views": ["This field is unknown or cannot be set here."]}
    assert not MetricSnapshot.objects.exists()


def test_media_editor_records_for_any_event_a_district_for_its_own(api_as, media_editor, district_staff,
                                                                   other_district_staff, city_staff, lixia_event):
    # given
    actions.create_channel(actor=city_staff, code="lixia-media", name_zh="历下融媒", outlet_name_zh="历下区融媒体中心",
                           level=ChannelLevel.DISTRICT, kind=ChannelKind.NEWS_APP)
    actions.record_publication(actor=city_staff, event=lixia_event, channel=Channel.objects.get(),
                               kind=PublicationKind.ARTICLE, published_at=at(24 * 18))

    def post(user, hour: int):
        return api_as(user).post(url(lixia_event), {"snapshots": [
            {"channel": "lixia-media", "taken_at": f"2021-04-17 {hour}:00", "reads": hour * 100}]})

    # when / then
    assert post(media_editor, 16).status_code == 201
    assert post(district_staff, 17).status_code == 201
    assert post(other_district_staff, 18).status_code == 404
    assert MetricSnapshot.objects.count() == 2


def test_leader_may_not_post_snapshots(api_as, leader, event, publications):
    response = api_as(leader).post(url(event), {"snapshots": [
        {"channel": "ijinan", "taken_at": "2021-03-30 18:00", "reads": 1}]})
    assert response.status_code == 403
    assert not MetricSnapshot.objects.exists()


def test_posted_snapshots_move_the_reach_figure(api_as, media_editor, event, publications):
    # given
    client = api_as(media_editor)
    client.post(url(event), {"snapshots": [
        {"channel": "ijinan", "taken_at": "2021-03-30 17:00", "reads": 1_000_000, "followers": 300_000},
        {"channel": "ijinan", "taken_at": "2021-03-30 19:00", "reads": 2_000_000, "followers": 400_000},
        {"channel": "toutiao", "kind": "article", "taken_at": "2021-03-30 18:00", "reads": 500_000},
    ]})
    # when
    at_six = client.get(f"/events/{event.pk}/reach", {"as_of": "2021-03-30T18:00"}).json()
    at_eight = client.get(f"/events/{event.pk}/reach", {"as_of": "2021-03-30T20:00"}).json()
    # then
    assert (at_six["totals"]["reads"], at_six["totals"]["followers"]) == (1_500_000, 300_000)
    assert (at_eight["totals"]["reads"], at_eight["media"]) == (2_500_000, 2)
    assert at_six["incomplete"] is True  # the replay has no figures yet
