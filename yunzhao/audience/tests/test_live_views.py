"""The live figures for staff: JSON, a stream of Server-Sent Events, and the live page."""

import datetime as dt
import json
import re

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.test import AsyncClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yunzhao.audience import stream
from yunzhao.audience.conf import config

from .conftest import beacon_url


@pytest.fixture
def audience(client, embedded, settings, event, second_event, channels):
    """Viewers a and b at the event through WeChat, b again through Douyin, c unattributed; a at the second event."""
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 0
    for e, src, kind, viewer in [
        (event, "wechat", "pv", "a"), (event, "wechat", "play", "a"), (event, "wechat", "pv", "b"),
        (event, "douyin", "pv", "b"), (event, "nonsense", "pv", "c"), (second_event, "wechat", "pv", "a"),
    ]:
        assert client.get(beacon_url(e.pk, src=src, k=kind, v=f"viewer-{viewer}-00000000000")).status_code == 204
    return channels


def sources(figures: dict) -> list[tuple]:
    return [(s["code"], s["views"], s["viewers"]) for s in figures["sources"]]


def test_the_event_json_gives_views_viewers_channels_and_minutes(client, city_staff, event, audience):
    # given
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:event_figures", args=[event.pk]))
    # then
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    figures = response.json()
    assert (figures["views"], figures["plays"], figures["viewers"], figures["viewers_error"]) == (4, 1, 3, 0.0)
    assert sources(figures) == [("wechat", 2, 2), ("", 1, 1), ("douyin", 1, 1)]
    assert len(figures["series"]) == 30 and figures["series"][-1]["views"] == 4
    assert figures["refresh_seconds"] <= 2


def test_the_campaign_json_counts_a_viewer_of_two_events_once(client, city_staff, event, audience):
    # given
    client.force_login(city_staff)
    # when
    figures = client.get(reverse("audience:campaign_figures", args=[event.campaign_id])).json()
    # then
    assert (figures["scope"], figures["views"], figures["viewers"]) == ("campaign", 5, 3)
    assert sources(figures)[0] == ("wechat", 3, 2)


def test_the_json_reads_roll_ups_never_raw_beacons_in_a_fixed_number_of_queries(client, city_staff, event, audience):
    # given
    client.force_login(city_staff)
    path = reverse("audience:event_figures", args=[event.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(path)
    for n in range(20):
        client.get(beacon_url(event.pk, src=("qrposter", "douyin")[n % 2], v=f"viewer-more{n:02d}-000000000"))
    # when
    with CaptureQueriesContext(connection) as large:
        figures = client.get(path).json()
    # then
    assert figures["views"] == 24
    assert len(large.captured_queries) == len(small.captured_queries)
    sql = " ".join(q["sql"] for q in large.captured_queries)
    assert "audience_audienceminute" in sql and "audience_audiencebeacon" not in sql


def test_figures_read_lately_are_reused_for_a_moment(client, city_staff, event, audience, settings):
    # given: figures are kept a minute
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 60
    client.force_login(city_staff)
    path = reverse("audience:event_figures", args=[event.pk])
    first = client.get(path).json()
    client.get(beacon_url(event.pk, src="wechat", v="viewer-z-00000000000"))
    # when
    again = client.get(path).json()
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 0
    fresh = client.get(path).json()
    # then
    assert again["views"] == first["views"] == 4
    assert fresh["views"] == 5


@pytest.mark.redis
def test_with_redis_the_json_states_the_error_of_its_distinct_counts(client, city_staff, event, channels, with_redis,
                                                                     settings):
    # given
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 0
    for n in range(3):
        client.get(beacon_url(event.pk, src="wechat", v=f"viewer-{n}-00000000000"))
    client.force_login(city_staff)
    # when
    figures = client.get(reverse("audience:event_figures", args=[event.pk])).json()
    # then
    assert (figures["backend"], figures["views"], figures["viewers"]) == ("redis", 3, 3)
    assert figures["viewers_error"] == 0.0081


@pytest.mark.parametrize("name", ["audience:event_figures", "audience:event_stream", "audience:event_live",
                                  "audience:campaign_figures", "audience:campaign_stream", "audience:campaign_live"])
def test_an_event_or_campaign_that_does_not_exist_is_not_found(client, city_staff, event, name):
    # given
    client.force_login(city_staff)
    missing = (event.campaign_id if "campaign" in name else event.pk) + 1000
    # when
    response = client.get(reverse(name, args=[missing]))
    # then
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["audience:event_figures", "audience:event_stream", "audience:event_live"])
def test_the_live_figures_are_for_staff_only(client, event, name):
    # when
    response = client.get(reverse(name, args=[event.pk]))
    # then
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- the stream -----------------------------------------------------------------------------------


def messages(raw: bytes) -> list[dict[str, str]]:
    """The Server-Sent Events of a stream, each as its fields."""
    found = []
    for block in raw.decode().split("\n\n"):
        if block:
            found.append(dict(line.split(": ", 1) for line in block.split("\n")))
    return found


def test_the_stream_sends_the_figures_every_interval_for_a_bounded_time(client, city_staff, event, audience,
                                                                        settings, monkeypatch):
    # given: a stream of 2 seconds, every second; a viewer arrives while it waits
    settings.AUDIENCE_STREAM_SECONDS = 2
    settings.AUDIENCE_STREAM_INTERVAL = 1
    pauses = []

    def pause(seconds):
        pauses.append(seconds)
        client.get(beacon_url(event.pk, src="douyin", v=f"viewer-new{len(pauses)}-0000000000"))

    monkeypatch.setattr(stream, "sleep", pause)
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:event_stream", args=[event.pk]))
    raw = b"".join(response.streaming_content)
    # then
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    assert response["X-Accel-Buffering"] == "no" and "no-cache" in response["Cache-Control"]
    sent = messages(raw)
    assert sent[0] == {"retry": "1000"}
    figures = [m for m in sent if m.get("event") == "figures"]
    assert [m["id"] for m in figures] == ["0", "1", "2"]
    assert [json.loads(m["data"])["views"] for m in figures] == [4, 5, 6]
    assert sent[-1] == {"event": "end", "data": "{}"}
    assert pauses == [1.0, 1.0]


def test_a_stream_never_waits_more_than_two_seconds_between_events(settings):
    # given
    settings.AUDIENCE_STREAM_INTERVAL = 10
    settings.AUDIENCE_STREAM_SECONDS = 60
    # when
    count, pause = stream._count()
    # then
    assert config().stream_interval == 2.0
    assert (count, pause) == (31, 2.0)


def test_by_default_a_stream_lasts_a_minute(settings):
    # when
    count, pause = stream._count()
    # then: an event every second for 60 seconds, then the browser reconnects
    assert (count, pause) == (61, 1.0)


def test_the_stream_is_asynchronous_under_asgi(city_staff, event, audience, settings, monkeypatch):
    # given
    settings.AUDIENCE_STREAM_SECONDS = 1
    settings.AUDIENCE_STREAM_INTERVAL = 1
    waited = []

    async def no_wait(seconds):
        waited.append(seconds)

    monkeypatch.setattr(stream.asyncio, "sleep", no_wait)

    async def fetch():
        client = AsyncClient()
        await client.aforce_login(city_staff)
        response = await client.get(reverse("audience:event_stream", args=[event.pk]))
        return response, b"".join([chunk async for chunk in response.streaming_content])

    # when
    response, raw = async_to_sync(fetch)()
    # then
    assert response.is_async
    figures = [json.loads(m["data"]) for m in messages(raw) if m.get("event") == "figures"]
    assert [f["views"] for f in figures] == [4, 4]
    assert waited == [1.0]


# --- the pages ------------------------------------------------------------------------------------


def test_the_live_page_shows_the_figures_and_passes_them_to_its_script(client, city_staff, event, audience,
                                                                       django_assert_max_num_queries):
    # given
    client.force_login(city_staff)
    # when
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audience:event_live", args=[event.pk]))
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'data-figure="views">4<', body) and re.search(r'data-figure="viewers">3<', body)
    assert f'data-stream="{reverse("audience:event_stream", args=[event.pk])}"' in body
    assert json.loads(re.search(r'<script id="yz-live-data" type="application/json">(.*?)</script>', body,
                                re.S).group(1))["views"] == 4
    # no inline script: every script but the data block is a static file
    scripts = re.findall(r"<script([^>]*)>", body)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert "audience/live.js" in body and "vendor/echarts/echarts.min.js" in body


def test_the_campaign_page_shows_its_events_together(client, city_staff, event, audience):
    # given
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:campaign_live", args=[event.campaign_id]))
    # then
    assert response.status_code == 200
    assert response.context["figures"]["views"] == 5


def test_the_index_lists_events_on_air_now(client, city_staff, event, second_event):
    # given: both events started an hour ago and have no end
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:index"))
    # then
    assert response.status_code == 200
    assert {e.pk for e in response.context["groups"]["live"]} == {event.pk, second_event.pk}
    assert reverse("audience:event_share", args=[event.pk]) in response.content.decode()


def test_polling_the_json_does_not_rewrite_the_session_but_opening_the_page_does(city_staff, event, audience,
                                                                                 settings):
    # given sessions in the database, and a browser that starts after that
    from django.contrib.sessions.models import Session
    from django.test import Client

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client = Client()
    client.force_login(city_staff)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=5))
    # when the big screen polls
    client.get(reverse("audience:event_figures", args=[event.pk]))
    client.get(reverse("audience:campaign_figures", args=[event.campaign_id]))
    after_polls = Session.objects.get(pk=key).expire_date
    # and when the live page is opened
    client.get(reverse("audience:event_live", args=[event.pk]))
    after_page = Session.objects.get(pk=key).expire_date
    # then
    assert after_polls < timezone.now() + dt.timedelta(minutes=6)
    assert after_page > timezone.now() + dt.timedelta(minutes=60)
