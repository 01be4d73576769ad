"""GET /api/v1/reach: reach as of a moment for a district or zone, a level, a campaign, an event."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yunzhao.reach.choices import METRICS, ChannelLevel
from yunzhao.reach.tests import world as w
from yunzhao.reach.tests.conftest import at, campaign, make_channel, publish, snap  # noqa: F401 (fixture)


@pytest.fixture
def world(media_editor, units, campaign):  # noqa: F811
    return w.build(media_editor, units, campaign)


def as_of(hours: float) -> str:
    return timezone.localtime(at(hours)).strftime("%Y-%m-%dT%H:%M")


def check(body: dict, want: w.Expected) -> None:
    """The answer says what was worked out from the recorded snapshots."""
    assert body["totals"] == want.totals
    assert body["media"] == want.media
    assert body["media_by_level"] == want.media_by_level
    assert body["publications"] == want.publications
    assert body["publications_without_snapshot"] == want.without_snapshot
    assert body["incomplete"] is (want.without_snapshot > 0)
    assert {c["code"] for c in body["channels_without_snapshot"]} == want.missing_channels
    rows = {row["channel"]["code"]: row for row in body["channels"]}
    assert {code: row["totals"] for code, row in rows.items()} == want.channels
    assert {sid for row in body["channels"] for sid in row["snapshot_ids"]} == want.snapshot_ids
    reads = [row["totals"]["reads"] for row in body["channels"]]
    assert reads == sorted(reads, reverse=True)


@pytest.mark.parametrize("scope", ["city", "lixia", "provincial", "campaign-city", "event", "hightech-overseas"])
def test_reach_for_a_scope_matches_the_figures_worked_out_at_many_moments(api_as, city_staff, units, world, scope):
    # given a scope
    parts = {
        "city": {}, "lixia": {"district": units["lixia"]}, "provincial": {"level": ChannelLevel.PROVINCIAL},
        "campaign-city": {"campaign": world.campaign, "level": ChannelLevel.CITY},
        "event": {"event": world.events["huaiyin"]},
        "hightech-overseas": {"district": units["hightech"], "level": ChannelLevel.OVERSEAS},
    }[scope]
    params = {k: getattr(v, "pk", v) for k, v in parts.items()}
    api = api_as(city_staff)
    for hours in (-1, 2, 25, 49.5, 70, 150):
        # when
        response = api.get("/reach", {**params, "as_of": as_of(hours)})
        # then
        assert response.status_code == 200
        check(response.json(), w.expected(world, at(hours), **parts))
        assert response.json()["as_of"].startswith(as_of(hours))


def test_the_answer_names_the_scope_it_covers(api_as, city_staff, units, world):
    body = api_as(city_staff, "en").get("/reach", {"district": units["lixia"].pk, "level": "central",
                                                   "campaign": world.campaign.pk}).json()
    assert body["scope"]["district"]["code"] == "lixia"
    assert (body["scope"]["level"], body["scope"]["level_label"]) == ("central", "Central")
    assert body["scope"]["campaign"]["id"] == world.campaign.pk and body["scope"]["event"] is None


def test_an_offset_moment_and_a_local_one_are_the_same(api_as, city_staff, world):
    api = api_as(city_staff)
    local = api.get("/reach", {"as_of": "2021-03-31T18:00"}).json()
    utc = api.get("/reach", {"as_of": "2021-03-31T10:00:00Z"}).json()
    assert local["totals"] == utc["totals"] and local["as_of"] == utc["as_of"] == "2021-03-31T18:00:00+08:00"


# --- who sees what --------------------------------------------------------------------------------


def test_district_staff_get_their_own_district_and_another_is_a_404(api_as, district_staff, units, world):
    api = api_as(district_staff)
    # when naming no district, or their own: Lixia's figures
    for params in ({}, {"district": units["lixia"].pk}):
        body = api.get("/reach", {**params, "as_of": as_of(100)}).json()
        assert body["scope"]["district"]["code"] == "lixia"
        check(body, w.expected(world, at(100), district=units["lixia"]))
    # another district, a zone, the city bureau or an unknown unit: 404
    for other in (units["huaiyin"].pk, units["hightech"].pk, units["jnipb"].pk, 999_999):
        response = api.get("/reach", {"district": other})
        assert response.status_code == 404 and response.json() == {"detail": "未找到。"}, other
    # an event of another district narrows their own district's figure to nothing
    body = api.get("/reach", {"event": world.events["huaiyin"].pk, "as_of": as_of(100)}).json()
    assert body["publications"] == 0 and body["totals"] == dict.fromkeys(METRICS, 0)


def test_zone_staff_get_their_own_zone(api_as, zone_staff, units, world):
    api = api_as(zone_staff)
    check(api.get("/reach", {"as_of": as_of(100)}).json(), w.expected(world, at(100), district=units["hightech"]))
    assert api.get("/reach", {"district": units["lixia"].pk}).status_code == 404


def test_media_editors_and_leaders_read_any_district(api_as, media_editor, leader, units, world):
    for user in (media_editor, leader):
        api = api_as(user)
        for unit in ("lixia", "huaiyin"):
            response = api.get("/reach", {"district": units[unit].pk, "as_of": as_of(100)})
            assert response.status_code == 200
            check(response.json(), w.expected(world, at(100), district=units[unit]))


def test_leaders_cannot_write_through_the_reach_path(api_as, leader, world):
    response = api_as(leader).post("/reach", {"district": 1})
    assert response.status_code == 405


def test_unknown_campaign_or_event_is_a_404(api_as, city_staff, world):
    api = api_as(city_staff)
    assert api.get("/reach", {"campaign": world.campaign.pk + 999}).status_code == 404
    assert api.get("/reach", {"event": 999_999}).status_code == 404


def test_anonymous_callers_get_a_401(anonymous_api, world):
    assert anonymous_api.get("/reach").status_code == 401


# --- bad input, in the caller's language -------------------------------------------------------------


@pytest.mark.parametrize(("params", "field", "zh", "en"), [
    ({"level": "galactic"}, "level", "请选择有效的选项，所选值不在可选范围内。",
     "Select a valid choice. That choice is not one of the available choices."),
    ({"as_of": "30 March, six o'clock"}, "as_of", "请输入有效的日期时间。", "Enter a valid date/time."),
    ({"as_of": "2021-02-30T18:00"}, "as_of", "请输入有效的日期时间。", "Enter a valid date/time."),
    ({"district": "历下"}, "district", "请输入整数。", "Enter a whole number."),
])
def test_bad_input_is_a_422_naming_the_field_in_the_callers_language(api_as, city_staff, world, params, field, zh, en):
    for language, message in (("zh-hans", zh), ("en", en)):
        # when
        response = api_as(city_staff, language).get("/reach", params)
        # then
        assert response.status_code == 422, language
        body = response.json()
        assert body["errors"] == {field: [message]}, language
    assert body["detail"] == "The request has errors; see the messages for each field."


def test_openapi_documents_the_reach_path_with_its_parameters(api_as, city_staff):
    document = api_as(city_staff).get("/openapi.json").json()
    operation = document["paths"]["/api/v1/reach"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(params) == {"district", "level", "campaign", "event", "as_of"}
    assert all(p["in"] == "query" and not p.get("required") for p in params.values())
    assert "their own unit" in params["district"]["description"]
    assert {"200", "401", "404", "422"} <= set(operation["responses"])
    schemas = document["components"]["schemas"]
    assert set(schemas["ChannelLevel"]["enum"]) == set(ChannelLevel.values)
    assert {"scope", "totals", "media", "media_by_level", "incomplete", "channels_without_snapshot",
            "channels"} <= set(schemas["ScopeReachOut"]["properties"])


# --- queries ----------------------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_channels(api_as, media_editor, city_staff, campaign, units,  # noqa: F811
                                                         django_assert_max_num_queries):
    from yunzhao.campaigns import actions as campaign_actions
    from yunzhao.campaigns.choices import EventLevel

    event = campaign_actions.create_event(actor=city_staff, campaign=campaign, title_zh="历下区专场",
                                          level=EventLevel.DISTRICT, owner_unit=units["lixia"], starts_at=at(0))
    api = api_as(city_staff)
    params = {"district": units["lixia"].pk, "campaign": campaign.pk, "event": event.pk, "as_of": as_of(10)}

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/reach", params).status_code == 200
        return len(ctx.captured_queries)

    # given two channels, then a hundred more
    for i in range(2):
        snap(media_editor, publish(media_editor, make_channel(media_editor, f"a{i}"), event=event), 1, reads=i)
    count()  # the token's first use is written down once
    few = count()
    for i in range(100):
        pub = publish(media_editor, make_channel(media_editor, f"b{i}", level=ChannelLevel.values[i % 5]), event=event)
        if i % 3:
            snap(media_editor, pub, 2, reads=i)
    # then
    with django_assert_max_num_queries(10):
        assert count() == few
    assert len(api.get("/reach", params).json()["channels"]) == 102
