import datetime as dt
import random

import pytest
from django.utils import timezone

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.reach import actions
from yunzhao.reach.choices import METRICS, ChannelKind, ChannelLevel, PublicationKind, SnapshotSource
from yunzhao.reach.models import Channel, MetricSnapshot, Outlet, Publication
from yunzhao.reach.selectors import latest_snapshots, publications_for, reach_as_of
from yunzhao.reach.snapshots import SnapshotRow
from yunzhao.testing.factories import make_investor, make_project

T0 = timezone.make_aware(dt.datetime(2021, 3, 30, 14, 0))


def at(hours: float) -> dt.datetime:
    """A moment ``hours`` after the kick-off on 30 March 2021, 14:00 Beijing time."""
    return T0 + dt.timedelta(hours=hours)


@pytest.fixture
def campaign(city_staff, units):
    return campaign_actions.create_campaign(actor=city_staff, organisers=[units["jnipb"], units["jdng"]],
                                            name_zh="泉城新机遇 云招商", starts_on=dt.date(2021, 3, 30),
                                            ends_on=dt.date(2021, 6, 30))


@pytest.fixture
def event(city_staff, units, campaign):
    return campaign_actions.create_event(actor=city_staff, campaign=campaign, title_zh="首场市级综合推介会",
                                         level=EventLevel.CITY, owner_unit=units["jnipb"], starts_at=T0)


@pytest.fixture
def huaiyin_event(city_staff, units, campaign):
    return campaign_actions.create_event(actor=city_staff, campaign=campaign, title_zh="槐荫区专场推介会",
                                         level=EventLevel.DISTRICT, owner_unit=units["huaiyin"], starts_at=at(48))


def channel(actor, code: str, *, outlet: str | None = None, level: str = ChannelLevel.CITY) -> Channel:
    return actions.create_channel(actor=actor, code=code, name_zh=code, outlet_name_zh=outlet or f"媒体-{code}",
                                  level=level, kind=ChannelKind.NEWS_APP)


def publish(actor, ch: Channel, hours: float = 0, *, event=None, campaign=None, kind=PublicationKind.LIVE):
    return actions.record_publication(actor=actor, event=event, campaign=campaign, channel=ch, kind=kind,
                                      published_at=at(hours))


def snap(actor, publication: Publication, hours: float, **counts) -> None:
    row = SnapshotRow(publication=publication, taken_at=at(hours), counts=counts, row=1)
    actions.record_snapshots([row], actor=actor, source=SnapshotSource.GRID)


# --- outlets and channels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/outlets"), ("post", "/outlets"), ("get", "/outlets/{outlet}"), ("patch", "/outlets/{outlet}"),
        ("get", "/channels"), ("post", "/channels"), ("get", "/channels/{channel}"),
        ("patch", "/channels/{channel}"), ("get", "/publications/{publication}"),
        ("get", "/publications/{publication}/snapshots"), ("get", "/events/{event}/publications"),
        ("post", "/events/{event}/publications"), ("post", "/events/{event}/snapshots"),
        ("get", "/events/{event}/reach"), ("get", "/campaigns/{campaign}/publications"),
        ("post", "/campaigns/{campaign}/publications"), ("post", "/campaigns/{campaign}/snapshots"),
        ("get", "/campaigns/{campaign}/reach"),
    ],
)
def test_every_reach_path_needs_a_credential(anonymous_api, city_staff, campaign, event, method, path):
    # given
    ch = channel(city_staff, "ijinan")
    pub = publish(city_staff, ch, event=event)
    url = path.format(outlet=ch.outlet_id, channel=ch.pk, publication=pub.pk, event=event.pk, campaign=campaign.pk)
    # when
    response = getattr(anonymous_api, method)(url, *([] if method == "get" else [{}]))
    # then
    assert response.status_code == 401
    assert (Channel.objects.count(), Publication.objects.count(), MetricSnapshot.objects.count()) == (1, 1, 0)


def test_channel_registry_is_read_by_all_staff(api_as, district_staff, city_staff):
    # given
    people = channel(city_staff, "people-app", outlet="人民日报", level=ChannelLevel.CENTRAL)
    channel(city_staff, "people-web", outlet="人民日报", level=ChannelLevel.CENTRAL)
    channel(city_staff, "ijinan", outlet="济南日报报业集团")
    client = api_as(district_staff, language="en")
    # when
    listed = client.get("/channels", {"level": "central"}).json()
    one = client.get(f"/channels/{people.pk}").json()
    outlets = client.get("/outlets").json()
    # then
    assert [c["code"] for c in listed["items"]] == ["people-app", "people-web"]
    assert (one["level_label"], one["kind"], one["owner"], one["country"]) == (
        "Central", "news_app", "external", "CN")
    assert one["outlet"]["name"] == "人民日报"
    assert {o["name_zh"]: o["channel_count"] for o in outlets["items"]} == {"人民日报": 2, "济南日报报业集团": 1}


def test_media_editor_keeps_the_registry(api_as, media_editor):
    # given
    client = api_as(media_editor, language="en")
    # when
    outlet = client.post("/outlets", {"name_zh": "人民日报", "name_en": "People's Daily"})
    created = client.post("/channels", {"code": "people-app", "name_zh": "人民日报客户端", "name_en": "People's Daily app",
                                        "outlet": outlet.json()["id"], "level": "central", "kind": "news_app"})
    new_outlet = client.post("/channels", {"code": "xuexi", "name_zh": "学习强国", "outlet_name_zh": "学习强国",
                                           "level": "central", "kind": "news_app"})
    moved = client.patch(f"/channels/{created.json()['id']}", {"is_active": False, "url": "https://www.people.cn"})
    renamed = client.patch(f"/outlets/{outlet.json()['id']}", {"name_en": "People's Daily (人民日报)"})
    # then
    assert (outlet.status_code, created.status_code, new_outlet.status_code) == (201, 201, 201)
    assert (moved.status_code, renamed.status_code) == (200, 200)
    assert moved.json()["is_active"] is False and moved.json()["url"] == "https://www.people.cn"
    assert new_outlet.json()["outlet"]["name"] == "学习强国"
    assert Outlet.objects.count() == 2
    assert renamed.json()["name"] == "People's Daily (人民日报)"
    people = Channel.objects.get(code="people-app")
    assert TimelineEvent.UPDATED in {e.event for e in timeline.for_object(people)}


def test_a_channel_code_already_taken_is_409(api_as, city_staff):
    # given
    channel(city_staff, "toutiao")
    # when
    response = api_as(city_staff, language="en").post("/channels", {
        "code": "toutiao", "name_zh": "今日头条", "outlet_name_zh": "字节跳动", "level": "central", "kind": "news_app"})
    # then
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["code"]
    assert Channel.objects.count() == 1


def test_a_channel_needs_an_outlet(api_as, city_staff):
    response = api_as(city_staff, language="en").post("/channels", {
        "code": "x", "name_zh": "x", "level": "city", "kind": "website"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"outlet": ["Choose an outlet or type the name of a new one."]}
    assert not Channel.objects.exists()


@pytest.mark.parametrize("who", ["district_staff", "zone_staff", "leader"])
def test_only_the_media_group_and_bureau_write_the_registry(request, api_as, city_staff, who):
    # given
    existing = channel(city_staff, "ijinan")
    client = api_as(request.getfixturevalue(who))
    # then
    assert client.get(f"/channels/{existing.pk}").status_code == 200
    assert client.post("/outlets", {"name_zh": "某报"}).status_code == 403
    assert client.post("/channels", {"code": "x", "name_zh": "x", "outlet_name_zh": "某报", "level": "city",
                                     "kind": "website"}).status_code == 403
    assert client.patch(f"/channels/{existing.pk}", {"name_zh": "改名"}).status_code == 403
    assert client.patch(f"/outlets/{existing.outlet_id}", {"name_zh": "改名"}).status_code == 403
    assert (Channel.objects.count(), Outlet.objects.count()) == (1, 1)
    assert Channel.objects.get().name_zh == "ijinan"


def test_channel_and_outlet_lists_query_counts_do_not_grow(api_as, city_staff, django_assert_max_num_queries):
    # given
    client = api_as(city_staff)
    client.get("/channels")

    def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            channel(city_staff, f"ch{i}", outlet=f"媒体{i // 2}")

    add(0, 5)
    # when / then: token, count, page
    with django_assert_max_num_queries(3):
        five = client.get("/channels", {"limit": 100})
    with django_assert_max_num_queries(3):
        client.get("/outlets", {"limit": 100})
    add(5, 45)
    with django_assert_max_num_queries(3):
        fifty = client.get("/channels", {"limit": 100})
    with django_assert_max_num_queries(3):
        outlets = client.get("/outlets", {"limit": 100})
    assert (five.json()["count"], fifty.json()["count"], outlets.json()["count"]) == (5, 50, 25)


# --- publications --------------------------------------------------------------------------------


def test_media_editor_records_publications_for_any_event(api_as, media_editor, city_staff, event, huaiyin_event):
    # given
    channel(city_staff, "ijinan")
    client = api_as(media_editor)
    # when
    city = client.post(f"/events/{event.pk}/publications",
                       {"channel": "ijinan", "kind": "live", "published_at": "2021-03-30T14:00",
                        "url": "https://ijinan.example.cn/live"})
    district = client.post(f"/events/{huaiyin_event.pk}/publications",
                           {"channel": "ijinan", "kind": "replay", "published_at": "2021-04-01T20:00:00+08:00"})
    # then
    assert (city.status_code, district.status_code) == (201, 201), city.content
    assert city.json()["published_at"] == "2021-03-30T06:00:00Z"
    assert (city.json()["channel"]["code"], city.json()["kind"], city.json()["event_id"]) == (
        "ijinan", "live", event.pk)
    assert Publication.objects.get(pk=city.json()["id"]).created_by == media_editor
    listed = client.get(f"/events/{event.pk}/publications").json()
    assert [p["id"] for p in listed["items"]] == [city.json()["id"]]


def test_a_district_records_publications_of_its_own_events_only(api_as, other_district_staff, district_staff,
                                                               city_staff, event, huaiyin_event):
    # given
    ch = channel(city_staff, "huaiyin-media", level=ChannelLevel.DISTRICT)
    body = {"channel": ch.pk, "kind": "article", "published_at": "2021-04-01T10:00"}
    # when
    own = api_as(other_district_staff).post(f"/events/{huaiyin_event.pk}/publications", body)
    city = api_as(other_district_staff).post(f"/events/{event.pk}/publications", body)
    other = api_as(district_staff).post(f"/events/{huaiyin_event.pk}/publications", body)
    # then
    assert (own.status_code, city.status_code, other.status_code) == (201, 404, 404)
    assert Publication.objects.count() == 1


def test_leader_may_not_record_reach(api_as, leader, city_staff, event):
    # given
    channel(city_staff, "ijinan")
    client = api_as(leader)
    # when
    response = client.post(f"/events/{event.pk}/publications",
                           {"channel": "ijinan", "published_at": "2021-03-30T14:00"})
    # then
    assert response.status_code == 403
    assert client.get(f"/events/{event.pk}/reach").status_code == 200
    assert not Publication.objects.exists()


def test_publication_refusals_name_the_field(api_as, city_staff, event):
    # given
    ch = channel(city_staff, "ijinan")
    publish(city_staff, ch, event=event, kind=PublicationKind.LIVE)
    client = api_as(city_staff, language="en")
    # when
    twice = client.post(f"/events/{event.pk}/publications",
                        {"channel": "ijinan", "kind": "live", "published_at": "2021-03-30T15:00"})
    unknown = client.post(f"/events/{event.pk}/publications",
                          {"channel": "no-such-channel", "published_at": "2021-03-30T15:00"})
    bad_time = client.post(f"/events/{event.pk}/publications", {"channel": "ijinan", "published_at": "tomorrow"})
    # then
    assert twice.status_code == unknown.status_code == bad_time.status_code == 422
    assert twice.json()["errors"] == {"channel": ["This channel already has a publication of this kind here."]}
    assert unknown.json()["errors"] == {
        "channel": ["Select a valid choice. That choice is not one of the available choices."]}
    assert bad_time.json()["errors"] == {"published_at": ["Enter a valid date/time."]}
    assert Publication.objects.count() == 1


def test_campaign_publications_are_its_own(api_as, media_editor, city_staff, campaign, event):
    # given
    ch = channel(city_staff, "weibo", level=ChannelLevel.CENTRAL)
    publish(city_staff, ch, event=event)
    client = api_as(media_editor)
    # when
    created = client.post(f"/campaigns/{campaign.pk}/publications",
                          {"channel": "weibo", "kind": "article", "published_at": "2021-03-29T09:00"})
    listed = client.get(f"/campaigns/{campaign.pk}/publications").json()
    # then
    assert created.status_code == 201, created.content
    assert (created.json()["campaign_id"], created.json()["event_id"]) == (campaign.pk, None)
    assert [p["id"] for p in listed["items"]] == [created.json()["id"]]


def test_snapshots_of_a_publication_are_listed_in_time_order(api_as, leader, city_staff, event,
                                                             django_assert_max_num_queries):
    # given
    pub = publish(city_staff, channel(city_staff, "ijinan"), event=event)
    client = api_as(leader)
    client.get(f"/publications/{pub.pk}")

    def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            snap(city_staff, pub, i / 4, reads=100 * i, followers=i)

    add(1, 5)
    # when / then: token, publication, count, page
    with django_assert_max_num_queries(4):
        five = client.get(f"/publications/{pub.pk}/snapshots", {"limit": 100})
    add(6, 45)
    with django_assert_max_num_queries(4):
        fifty = client.get(f"/publications/{pub.pk}/snapshots", {"limit": 100})
    assert (five.json()["count"], fifty.json()["count"]) == (5, 50)
    items = fifty.json()["items"]
    assert [s["reads"] for s in items[:3]] == [100, 200, 300]
    assert (items[0]["source"], items[0]["taken_at"]) == ("grid", "2021-03-30T06:15:00Z")


def test_publication_list_query_count_does_not_grow(api_as, city_staff, event, django_assert_max_num_queries):
    # given
    client = api_as(city_staff)
    client.get(f"/events/{event.pk}/publications")

    def add(start: int, n: int) -> None:
        for i in range(start, start + n):
            publish(city_staff, channel(city_staff, f"ch{i}"), i / 10, event=event)

    add(0, 5)
    # when / then: token, event, count, page
    with django_assert_max_num_queries(4):
        five = client.get(f"/events/{event.pk}/publications", {"limit": 100})
    add(5, 45)
    with django_assert_max_num_queries(4):
        fifty = client.get(f"/events/{event.pk}/publications", {"limit": 100})
    assert (five.json()["count"], fifty.json()["count"]) == (5, 50)


# --- reach as of T -------------------------------------------------------------------------------


def test_event_reach_as_of_t_is_the_latest_snapshot_per_channel_summed(api_as, media_editor, city_staff, event):
    # given two channels of one outlet and one of another
    app = publish(city_staff, channel(city_staff, "people-app", outlet="人民日报", level=ChannelLevel.CENTRAL),
                  event=event)
    web = publish(city_staff, channel(city_staff, "people-web", outlet="人民日报", level=ChannelLevel.CENTRAL), 1,
                  event=event, kind=PublicationKind.ARTICLE)
    ijinan = publish(city_staff, channel(city_staff, "ijinan", outlet="济南日报"), event=event)
    snap(city_staff, app, 1, reads=100, followers=10)
    snap(city_staff, app, 3, reads=400, followers=30)
    snap(city_staff, app, 5, reads=900, followers=50)
    snap(city_staff, ijinan, 2, reads=12_340_000, followers=5_120_000)
    # when
    body = api_as(media_editor).get(f"/events/{event.pk}/reach", {"as_of": "2021-03-30T18:00"}).json()
    # then: app's 17:00 snapshot and ijinan's 16:00 one; the web article has none yet
    assert body["as_of"] == "2021-03-30T18:00:00+08:00"
    assert body["totals"] == {"reads": 12_340_400, "plays": 0, "likes": 0, "shares": 0, "comments": 0,
                              "followers": 5_120_030}
    assert (body["media"], body["publications"], body["publications_without_snapshot"], body["incomplete"]) == (
        2, 3, 1, True)
    assert body["media_by_level"] == {"central": 1, "provincial": 0, "city": 1, "district": 0, "overseas": 0}
    expected = [MetricSnapshot.objects.get(publication=app, taken_at=at(3)).pk,
                MetricSnapshot.objects.get(publication=ijinan).pk]
    assert body["snapshot_ids"] == sorted(expected)
    assert body["bulletin"]["zh"] == "截至3月30日18时，据不完全统计，活动共有2家媒体报道，阅读量1234万次，关注人次512万+"
    assert body["bulletin"]["en"].startswith("As of 6:00 p.m. on March 30, according to incomplete statistics")
    assert web.pk not in {s.publication_id for s in MetricSnapshot.objects.filter(pk__in=body["snapshot_ids"])}


def test_reach_before_anything_went_out_is_empty(api_as, city_staff, event):
    publish(city_staff, channel(city_staff, "ijinan"), 1, event=event)
    body = api_as(city_staff).get(f"/events/{event.pk}/reach", {"as_of": "2021-03-30T14:30"}).json()
    assert (body["media"], body["publications"], body["snapshot_ids"], body["incomplete"]) == (0, 0, [], False)


def test_reach_as_of_equals_the_selector_at_many_moments(api_as, leader, city_staff, units, campaign, event,
                                                         huaiyin_event):
    # given random snapshots of two events and of the campaign itself, on channels of every level
    rng = random.Random(330)
    outlets = [f"媒体{i}" for i in range(9)]
    pubs = []
    for i in range(24):
        ch = channel(city_staff, f"ch{i}", outlet=rng.choice(outlets), level=rng.choice(ChannelLevel.values))
        subject = rng.choice([{"event": event}, {"event": huaiyin_event}, {"campaign": campaign}])
        pubs.append(publish(city_staff, ch, rng.uniform(-2, 50), **subject))
    for pub in pubs:
        counts = dict.fromkeys(METRICS, 0)
        first = (pub.published_at - T0).total_seconds() / 3600
        for step in sorted(rng.sample(range(1, 200), rng.randint(0, 6))):
            counts = {m: v + rng.randint(0, 50_000) for m, v in counts.items()}
            snap(city_staff, pub, first + step / 4, **counts)
    client = api_as(leader)
    for hours in (-1, 0.5, 4, 12, 36, 60, 120):
        moment = at(hours)
        param = timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
        for kind, subject in (("events", event), ("events", huaiyin_event), ("campaigns", campaign)):
            # when
            body = client.get(f"/{kind}/{subject.pk}/reach", {"as_of": param}).json()
            # then
            pubs_in_scope = publications_for(**{kind[:-1]: subject})
            reach = reach_as_of(pubs_in_scope, moment)
            assert body["totals"] == reach.totals
            assert (body["media"], body["media_by_level"], body["incomplete"]) == (
                reach.media, reach.media_by_level, reach.incomplete)
            assert body["snapshot_ids"] == sorted(latest_snapshots(pubs_in_scope, moment).values_list("pk", flat=True))
            summed = MetricSnapshot.objects.filter(pk__in=body["snapshot_ids"])
            assert sum(s.reads for s in summed) == body["totals"]["reads"]


def test_reach_of_an_unknown_event_is_404_and_a_bad_moment_422(api_as, city_staff, event):
    client = api_as(city_staff, language="en")
    assert client.get("/events/999/reach").status_code == 404
    assert client.get("/campaigns/999/reach").status_code == 404
    response = client.get(f"/events/{event.pk}/reach", {"as_of": "half past six"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"as_of": ["Enter a valid date/time."]}


def test_media_editor_works_on_reach_but_sees_no_ledger(api_as, media_editor, city_staff, event):
    # given
    investor = make_investor(city_staff)
    project = make_project(city_staff, investors=[investor])
    campaign_actions.record_signing(event, project, actor=city_staff, parties="x", signed_on=dt.date(2021, 3, 30),
                                    amount=100)
    channel(city_staff, "ijinan")
    client = api_as(media_editor)
    # then
    assert client.post(f"/events/{event.pk}/publications",
                       {"channel": "ijinan", "published_at": "2021-03-30T14:00"}).status_code == 201
    assert client.get("/projects").json()["count"] == 0
    assert client.get(f"/projects/{project.pk}").status_code == 404
    assert client.get("/investors").json()["count"] == 0
    assert client.get(f"/investors/{investor.pk}").status_code == 404
    assert client.get("/signings").json()["count"] == 0
