import datetime as dt

import pytest
from django.utils import timezone

from yunzhao.campaigns import actions
from yunzhao.campaigns.choices import EventLevel, EventStatus, GuestType, MaterialKind, StreamKind
from yunzhao.campaigns.models import AgendaItem, Campaign, Event, EventGuest
from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.crm.choices import InteractionKind, InvestorKind
from yunzhao.crm.models import Interaction
from yunzhao.reach import actions as reach_actions
from yunzhao.reach.choices import ChannelKind, ChannelLevel
from yunzhao.testing.factories import make_investor

T0 = timezone.make_aware(dt.datetime(2021, 3, 30, 14, 0))


def on(month: int, day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2021, month, day, hour))


@pytest.fixture
def campaign(city_staff, units):
    return actions.create_campaign(
        actor=city_staff, organisers=[units["jnipb"], units["jdng"]], name_zh="泉城新机遇 云招商",
        name_en="Fresh Opportunities for Jinan", theme_zh="选择济南 共赢未来",
        theme_en="Join Jinan for a Win-Win Future", starts_on=dt.date(2021, 3, 30), ends_on=dt.date(2021, 6, 30),
        special_events_planned=4,
    )


@pytest.fixture
def city_event(city_staff, units, campaign):
    return actions.create_event(actor=city_staff, campaign=campaign, title_zh="首场市级综合推介会",
                                title_en="City-level kick-off", level=EventLevel.CITY, owner_unit=units["jnipb"],
                                starts_at=T0, status=EventStatus.HELD, venue="融媒体演播室")


def district_event(actor, units, campaign, code: str, when: dt.datetime, status=EventStatus.PLANNED) -> Event:
    return actions.create_event(actor=actor, campaign=campaign, title_zh=f"{units[code].name_zh}专场推介会",
                                level=EventLevel.DISTRICT, owner_unit=units[code], starts_at=when, status=status)


def timeline_events(obj) -> list[str]:
    return sorted(e.event for e in timeline.for_object(obj))


# --- authentication ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/campaigns"), ("post", "/campaigns"), ("get", "/campaigns/{campaign}"),
        ("patch", "/campaigns/{campaign}"), ("get", "/events"), ("post", "/events"), ("get", "/events/{event}"),
        ("patch", "/events/{event}"), ("get", "/events/{event}/agenda"), ("post", "/events/{event}/agenda"),
        ("get", "/events/{event}/guests"), ("post", "/events/{event}/guests"), ("get", "/signings"),
        ("post", "/signings"),
    ],
)
def test_every_campaign_path_needs_a_credential(anonymous_api, city_event, campaign, method, path):
    # when
    url = path.format(campaign=campaign.pk, event=city_event.pk)
    response = getattr(anonymous_api, method)(url, *([] if method == "get" else [{}]))
    # then
    assert response.status_code == 401
    assert response.json()["detail"]
    assert Campaign.objects.count() == Event.objects.count() == 1


# --- campaigns -----------------------------------------------------------------------------------


def test_read_campaign_shows_names_theme_organisers_and_progress(api_as, leader, city_staff, units, campaign,
                                                                  city_event):
    # given two district sessions held and one planned
    district_event(city_staff, units, campaign, "lixia", on(4, 17), EventStatus.HELD)
    district_event(city_staff, units, campaign, "huaiyin", on(4, 24), EventStatus.HELD)
    district_event(city_staff, units, campaign, "shanghe", on(6, 5))
    # when
    body = api_as(leader, language="en").get(f"/campaigns/{campaign.pk}").json()
    # then
    assert (body["name"], body["theme"]) == ("Fresh Opportunities for Jinan", "Join Jinan for a Win-Win Future")
    assert body["name_zh"] == "泉城新机遇 云招商"
    assert [u["code"] for u in body["organisers"]] == ["jnipb", "jdng"]
    assert (body["event_count"], body["districts_held"], body["districts_total"]) == (4, 2, 12)
    assert (body["starts_on"], body["ends_on"], body["special_events_planned"]) == ("2021-03-30", "2021-06-30", 4)


def test_create_campaign_through_the_action_with_the_bureau_and_media_group(api_as, city_staff, units):
    # when
    response = api_as(city_staff).post("/campaigns", {
        "name_zh": "泉城新机遇 云招商", "theme_zh": "选择济南 共赢未来",
        "starts_on": "2021-03-30", "ends_on": "2021-06-30", "special_events_planned": 3,
    })
    # then
    assert response.status_code == 201, response.content
    campaign = Campaign.objects.get(pk=response.json()["id"])
    assert set(campaign.organisers.values_list("code", flat=True)) == {"jnipb", "jdng"}
    assert campaign.created_by == city_staff
    assert timeline_events(campaign) == [TimelineEvent.CREATED]
    assert response.json()["districts_total"] == 12


def test_media_editor_runs_campaigns(api_as, media_editor, units):
    # when
    response = api_as(media_editor).post("/campaigns", {
        "name_zh": "融媒专场", "starts_on": "2021-05-01", "ends_on": "2021-05-31", "organisers": [units["jdng"].pk],
    })
    # then
    assert response.status_code == 201, response.content
    assert [u["code"] for u in response.json()["organisers"]] == ["jdng"]


def test_campaign_that_ends_before_it_starts_is_422_and_not_written(api_as, city_staff):
    # when
    response = api_as(city_staff, language="en").post(
        "/campaigns", {"name_zh": "倒置", "starts_on": "2021-06-30", "ends_on": "2021-03-30"})
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"ends_on": ["The campaign cannot end before it starts."]}
    assert not Campaign.objects.exists()


def test_organisers_must_be_the_bureau_or_the_media_group(api_as, city_staff, units):
    # when
    response = api_as(city_staff, language="en").post("/campaigns", {
        "name_zh": "活动", "starts_on": "2021-03-30", "ends_on": "2021-06-30",
        "organisers": [units["jnipb"].pk, units["lixia"].pk],
    })
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "organisers": [f"Select a valid choice. {units['lixia'].pk} is not one of the available choices."]}
    assert not Campaign.objects.exists()


def test_patch_campaign_writes_the_timeline(api_as, city_staff, units, campaign):
    # when
    response = api_as(city_staff).patch(f"/campaigns/{campaign.pk}",
                                        {"ends_on": "2021-07-15", "organisers": [units["jnipb"].pk]})
    # then
    assert response.status_code == 200, response.content
    assert (response.json()["ends_on"], [u["code"] for u in response.json()["organisers"]]) == (
        "2021-07-15", ["jnipb"])
    entry = timeline.for_object(campaign).get(event=TimelineEvent.UPDATED)
    assert entry.after == {"ends_on": "2021-07-15", "organisers": "jnipb"}


@pytest.mark.parametrize("who", ["district_staff", "zone_staff", "leader"])
def test_only_the_bureau_and_media_group_write_campaigns(request, api_as, campaign, who):
    # given
    client = api_as(request.getfixturevalue(who))
    # when
    created = client.post("/campaigns", {"name_zh": "区县活动", "starts_on": "2021-03-30", "ends_on": "2021-04-30"})
    changed = client.patch(f"/campaigns/{campaign.pk}", {"name_zh": "改名"})
    # then
    assert client.get(f"/campaigns/{campaign.pk}").status_code == 200
    assert (created.status_code, changed.status_code) == (403, 403)
    assert list(Campaign.objects.values_list("name_zh", flat=True)) == ["泉城新机遇 云招商"]
    assert timeline_events(campaign) == [TimelineEvent.CREATED]


def test_unknown_campaign_is_404(api_as, city_staff):
    assert api_as(city_staff).get("/campaigns/999").status_code == 404
    assert api_as(city_staff).patch("/campaigns/999", {"name_zh": "x"}).status_code == 404


def test_campaign_list_query_count_does_not_grow(api_as, city_staff, units, django_assert_max_num_queries):
    # given
    client = api_as(city_staff)
    client.get("/campaigns")  # the token's first use is written once

    def add(n: int) -> None:
        for i in range(n):
            campaign = actions.create_campaign(actor=city_staff, organisers=[units["jnipb"], units["jdng"]],
                                               name_zh=f"活动{i}", starts_on=dt.date(2021, 3, 1),
                                               ends_on=dt.date(2021, 6, 30))
            district_event(city_staff, units, campaign, "lixia", on(4, 1), EventStatus.HELD)

    add(5)
    # when / then: token, count, page, organisers
    with django_assert_max_num_queries(4):
        five = client.get("/campaigns", {"limit": 100})
    add(45)
    with django_assert_max_num_queries(4):
        fifty = client.get("/campaigns", {"limit": 100})
    assert (five.json()["count"], fifty.json()["count"]) == (5, 50)
    assert fifty.json()["items"][0]["districts_held"] == 1


# --- events --------------------------------------------------------------------------------------


def test_read_event_with_links_and_materials(api_as, city_staff, media_editor, city_event):
    # given
    channel = reach_actions.create_channel(actor=city_staff, code="ijinan", name_zh="爱济南", name_en="LoveJinan",
                                           outlet_name_zh="济南日报报业集团", level=ChannelLevel.CITY,
                                           kind=ChannelKind.NEWS_APP)
    actions.add_stream(city_event, actor=city_staff, channel=channel, kind=StreamKind.LIVE,
                       url="https://live.example.cn/1")
    actions.add_material(city_event, actor=city_staff, kind=MaterialKind.POLICY, title_zh="招引政策",
                         title_en="Investment policies")
    # when
    body = api_as(media_editor, language="en").get(f"/events/{city_event.pk}").json()
    # then
    assert (body["title"], body["level"], body["level_label"]) == (
        "City-level kick-off", "city", "City-level comprehensive")
    assert body["starts_at"] == "2021-03-30T06:00:00Z"
    assert (body["venue"], body["status"], body["owner_unit"]["code"]) == ("融媒体演播室", "held", "jnipb")
    assert body["campaign"]["name"] == "Fresh Opportunities for Jinan"
    assert body["streams"] == [{"channel_code": "ijinan", "platform": "LoveJinan", "kind": "live",
                                "kind_label": "Livestream", "url": "https://live.example.cn/1"}]
    assert [(m["kind"], m["title"]) for m in body["materials"]] == [("policy", "Investment policies")]


def test_event_list_filters(api_as, leader, city_staff, units, campaign, city_event):
    # given
    lixia = district_event(city_staff, units, campaign, "lixia", on(4, 17), EventStatus.HELD)
    shanghe = district_event(city_staff, units, campaign, "shanghe", on(6, 5))
    roadshow = actions.create_event(actor=city_staff, title_zh="北京路演", level=EventLevel.SPECIAL,
                                    owner_unit=units["jnipb"], starts_at=on(5, 20), city="北京")
    client = api_as(leader)

    def ids(**params) -> list[int]:
        response = client.get("/events", params)
        assert response.status_code == 200, response.content
        return [e["id"] for e in response.json()["items"]]

    # then
    assert ids() == [city_event.pk, lixia.pk, roadshow.pk, shanghe.pk]
    assert ids(campaign=campaign.pk) == [city_event.pk, lixia.pk, shanghe.pk]
    assert ids(level="district") == [lixia.pk, shanghe.pk]
    assert ids(status="held") == [city_event.pk, lixia.pk]
    assert ids(owner_unit=units["shanghe"].pk) == [shanghe.pk]
    assert ids(date_from="2021-04-17", date_to="2021-05-20") == [lixia.pk, roadshow.pk]
    assert ids(date_to="2021-03-30") == [city_event.pk]
    assert ids(level="district", status="planned") == [shanghe.pk]


def test_bad_event_filters_are_422_naming_them(api_as, city_staff):
    response = api_as(city_staff, language="en").get("/events", {"level": "galactic", "date_from": "soon",
                                                                 "campaign": 999})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"level", "date_from", "campaign"}


def test_event_list_query_count_does_not_grow(api_as, city_staff, units, campaign, django_assert_max_num_queries):
    # given
    client = api_as(city_staff)
    client.get("/events")
    channel = reach_actions.create_channel(actor=city_staff, code="ijinan", name_zh="爱济南",
                                           outlet_name_zh="济南日报报业集团", level=ChannelLevel.CITY,
                                           kind=ChannelKind.NEWS_APP)

    def add(n: int) -> None:
        for i in range(n):
            event = district_event(city_staff, units, campaign, "lixia", on(4, 1 + i % 28))
            actions.add_stream(event, actor=city_staff, channel=channel, url=f"https://live.example.cn/{i}")
            actions.add_material(event, actor=city_staff, kind=MaterialKind.VIDEO, title_zh="宣传片")

    add(5)
    # when / then: token, the campaign of the filter, count, page, streams, materials
    with django_assert_max_num_queries(6):
        five = client.get("/events", {"campaign": campaign.pk, "limit": 100})
    add(45)
    with django_assert_max_num_queries(6):
        fifty = client.get("/events", {"campaign": campaign.pk, "limit": 100})
    assert (len(five.json()["items"]), len(fifty.json()["items"])) == (5, 50)
    assert fifty.json()["items"][0]["streams"][0]["channel_code"] == "ijinan"


def test_district_staff_create_their_own_units_event(api_as, district_staff, units, campaign):
    # when
    response = api_as(district_staff).post("/events", {
        "campaign": campaign.pk, "title_zh": "历下区专场推介会", "level": "district",
        "starts_at": "2021-04-17T09:30", "mode": "hybrid", "venue": "历下区政务服务中心",
    })
    # then
    assert response.status_code == 201, response.content
    event = Event.objects.get(pk=response.json()["id"])
    assert (event.owner_unit, event.created_by, event.mode) == (units["lixia"], district_staff, "hybrid")
    assert timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M") == "2021-04-17 09:30"
    assert timeline_events(event) == [TimelineEvent.CREATED]


def test_district_staff_may_not_hold_another_units_or_the_city_event(api_as, district_staff, units, campaign):
    # given
    client = api_as(district_staff, language="en")
    # when
    elsewhere = client.post("/events", {"title_zh": "槐荫专场", "level": "district",
                                        "owner_unit": units["huaiyin"].pk, "starts_at": "2021-04-20T10:00"})
    city = client.post("/events", {"title_zh": "市级推介会", "level": "city", "starts_at": "2021-04-20T10:00"})
    # then
    assert elsewhere.status_code == 422
    assert elsewhere.json()["errors"] == {
        "owner_unit": ["Select a valid choice. That choice is not one of the available choices."]}
    assert city.status_code == 422
    assert city.json()["errors"] == {"level": ["The city-level comprehensive event is held by the city bureau."]}
    assert not Event.objects.exists()


def test_leader_may_not_create_events(api_as, leader):
    response = api_as(leader).post("/events", {"title_zh": "x", "level": "city", "starts_at": "2021-04-20T10:00"})
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_event_that_ends_before_it_starts_is_422(api_as, city_staff):
    response = api_as(city_staff, language="en").post("/events", {
        "title_zh": "x", "level": "city", "starts_at": "2021-04-20T10:00", "ends_at": "2021-04-20T09:00"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"ends_at": ["The event cannot end before it starts."]}


def test_patch_event_writes_the_timeline(api_as, district_staff, city_staff, units, campaign):
    # given
    event = district_event(city_staff, units, campaign, "lixia", on(4, 17))
    # when
    response = api_as(district_staff).patch(f"/events/{event.pk}", {"status": "held", "venue": "泉城广场"})
    # then
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["venue"]) == ("held", "泉城广场")
    entry = timeline.for_object(event).get(event=TimelineEvent.UPDATED)
    assert (entry.actor, entry.after) == (district_staff, {"venue": "泉城广场", "status": "held"})


def test_another_units_event_is_404_for_writes(api_as, district_staff, city_staff, units, campaign):
    # given
    event = district_event(city_staff, units, campaign, "huaiyin", on(4, 24))
    client = api_as(district_staff)
    # when
    patched = client.patch(f"/events/{event.pk}", {"status": "held"})
    agenda = client.post(f"/events/{event.pk}/agenda", {"speaker": "某某", "topic": "x"})
    # then: every member of staff sees the event, only its unit changes it
    assert client.get(f"/events/{event.pk}").status_code == 200
    assert (patched.status_code, agenda.status_code) == (404, 404)
    assert Event.objects.get(pk=event.pk).status == EventStatus.PLANNED
    assert not AgendaItem.objects.exists()


def test_leader_reads_events_but_may_not_change_them(api_as, leader, city_event):
    client = api_as(leader)
    assert client.get(f"/events/{city_event.pk}").status_code == 200
    assert client.patch(f"/events/{city_event.pk}", {"status": "cancelled"}).status_code == 403
    assert client.post(f"/events/{city_event.pk}/agenda", {"speaker": "x", "topic": "y"}).status_code == 403
    assert Event.objects.get(pk=city_event.pk).status == EventStatus.HELD


def test_unknown_event_is_404(api_as, city_staff):
    client = api_as(city_staff)
    assert client.get("/events/999").status_code == 404
    assert client.get("/events/999/agenda").status_code == 404
    assert client.get("/events/999/guests").status_code == 404


# --- agenda --------------------------------------------------------------------------------------


def test_agenda_is_added_in_order_and_listed(api_as, media_editor, city_event):
    # given
    client = api_as(media_editor)
    # when
    first = client.post(f"/events/{city_event.pk}/agenda", {
        "speaker": "尹某", "speaker_title": "副市长", "organisation": "济南市人民政府",
        "topic": "新时代济南的新机遇", "starts_at": "14:00"})
    second = client.post(f"/events/{city_event.pk}/agenda", {
        "speaker": "张某", "speaker_title": "市政府副秘书长、市投资促进局局长", "topic": "投资环境推介"})
    listed = client.get(f"/events/{city_event.pk}/agenda")
    # then
    assert (first.status_code, second.status_code) == (201, 201)
    assert (first.json()["order"], second.json()["order"], first.json()["starts_at"]) == (1, 2, "14:00:00")
    assert [a["speaker_title"] for a in listed.json()["items"]] == ["副市长", "市政府副秘书长、市投资促进局局长"]
    assert AgendaItem.objects.filter(event=city_event).count() == 2


def test_agenda_list_query_count_does_not_grow(api_as, city_staff, city_event, django_assert_max_num_queries):
    # given
    client = api_as(city_staff)
    client.get(f"/events/{city_event.pk}/agenda")

    def add(n: int) -> None:
        for i in range(n):
            actions.add_agenda_item(city_event, actor=city_staff, order=i, speaker="某某", topic=f"推介{i}")

    add(5)
    # when / then: token, event, count, page
    with django_assert_max_num_queries(4):
        five = client.get(f"/events/{city_event.pk}/agenda", {"limit": 100})
    add(45)
    with django_assert_max_num_queries(4):
        fifty = client.get(f"/events/{city_event.pk}/agenda", {"limit": 100})
    assert (five.json()["count"], fifty.json()["count"]) == (5, 50)


def test_agenda_item_without_a_topic_is_422(api_as, city_staff, city_event):
    response = api_as(city_staff, language="en").post(f"/events/{city_event.pk}/agenda", {"speaker": "某某"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"topic": ["This field is required."]}


# --- guests --------------------------------------------------------------------------------------


def test_invite_register_and_attend_through_the_actions(api_as, city_staff, city_event):
    # given
    investor = make_investor(city_staff, kind=InvestorKind.MULTINATIONAL)
    client = api_as(city_staff)
    # when
    invited = client.post(f"/events/{city_event.pk}/guests", {"investor": investor.pk})
    again = client.post(f"/events/{city_event.pk}/guests", {"investor": investor.pk, "registered": True})
    guest_id = invited.json()["id"]
    attended = client.post(f"/events/{city_event.pk}/guests/{guest_id}/attended", {})
    twice = client.post(f"/events/{city_event.pk}/guests/{guest_id}/attended", {})
    # then
    assert (invited.status_code, again.status_code, attended.status_code, twice.status_code) == (201, 200, 200, 200)
    assert invited.json()["guest_type"] == GuestType.MULTINATIONAL
    assert invited.json()["registered_at"] is None and again.json()["registered_at"]
    assert again.json()["id"] == guest_id
    assert attended.json()["attended"] is True
    [interaction] = Interaction.objects.filter(investor=investor)
    assert (interaction.kind, interaction.occurred_on, interaction.summary) == (
        InteractionKind.EVENT_ATTENDANCE, dt.date(2021, 3, 30), "首场市级综合推介会")
    assert attended.json()["interaction_id"] == interaction.pk
    assert EventGuest.objects.get().interaction == interaction


def test_register_through_its_own_endpoint(api_as, district_staff, city_staff, units, campaign):
    # given
    event = district_event(city_staff, units, campaign, "lixia", on(4, 17))
    investor = make_investor(district_staff)
    guest = actions.invite_investor(event, investor, actor=district_staff, guest_type=GuestType.ENTERPRISE)
    # when
    response = api_as(district_staff).post(f"/events/{event.pk}/guests/{guest.pk}/register", {})
    # then
    assert response.status_code == 200, response.content
    assert response.json()["registered_at"] is not None
    assert EventGuest.objects.get(pk=guest.pk).registered_at is not None


def test_guests_follow_the_investors_visibility(api_as, district_staff, other_district_staff, city_staff, units,
                                                city_event):
    # given a guest of each district at the city event
    own = make_investor(district_staff, name_zh="历下企业")
    other = make_investor(other_district_staff, name_zh="槐荫企业")
    actions.invite_investor(city_event, own, actor=city_staff, guest_type=GuestType.ENTERPRISE)
    hidden = actions.invite_investor(city_event, other, actor=city_staff, guest_type=GuestType.ENTERPRISE)
    client = api_as(district_staff)
    # when
    listed = client.get(f"/events/{city_event.pk}/guests")
    register = client.post(f"/events/{city_event.pk}/guests/{hidden.pk}/register", {})
    # then
    assert [g["investor"]["name"] for g in listed.json()["items"]] == ["历下企业"]
    assert register.status_code == 404
    assert EventGuest.objects.get(pk=hidden.pk).registered_at is None


def test_inviting_an_investor_one_cannot_see_is_422(api_as, district_staff, other_district_staff, city_staff, units,
                                                    campaign):
    # given
    event = district_event(city_staff, units, campaign, "lixia", on(4, 17))
    hidden = make_investor(other_district_staff)
    # when
    response = api_as(district_staff, language="en").post(f"/events/{event.pk}/guests", {"investor": hidden.pk})
    # then
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["investor"]
    assert not EventGuest.objects.exists()


def test_media_editor_sees_no_guests_and_may_not_invite(api_as, media_editor, city_staff, city_event):
    # given
    investor = make_investor(city_staff)
    guest = actions.invite_investor(city_event, investor, actor=city_staff, guest_type=GuestType.ENTERPRISE)
    client = api_as(media_editor)
    # then
    assert client.get(f"/events/{city_event.pk}/guests").json()["count"] == 0
    assert client.post(f"/events/{city_event.pk}/guests", {"investor": investor.pk}).status_code == 403
    assert client.post(f"/events/{city_event.pk}/guests/{guest.pk}/attended", {}).status_code == 404
    assert not EventGuest.objects.get(pk=guest.pk).attended


def test_guest_list_query_count_does_not_grow(api_as, city_staff, city_event, django_assert_max_num_queries):
    # given
    client = api_as(city_staff)
    client.get(f"/events/{city_event.pk}/guests")

    def add(n: int) -> None:
        for _ in range(n):
            actions.invite_investor(city_event, make_investor(city_staff), actor=city_staff,
                                    guest_type=GuestType.ENTERPRISE)

    add(5)
    # when / then: token, event, count, page
    with django_assert_max_num_queries(4):
        five = client.get(f"/events/{city_event.pk}/guests", {"limit": 100})
    add(45)
    with django_assert_max_num_queries(4):
        fifty = client.get(f"/events/{city_event.pk}/guests", {"limit": 100})
    assert (five.json()["count"], fifty.json()["count"]) == (5, 50)
