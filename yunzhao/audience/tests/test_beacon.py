"""The beacon endpoint: what it accepts, what it refuses and counts, and how it answers."""

import io
import json

import pytest

from yunzhao.audience import ingest, recorder
from yunzhao.audience.choices import Rejection
from yunzhao.audience.groupcommit import WriteFailed
from yunzhao.audience.ingest import COOKIE, PIXEL
from yunzhao.audience.models import AudienceBeacon, AudienceMinute
from yunzhao.audience.ratelimit import SlidingWindow, address_key
from yunzhao.audience.selectors import rejection_counts
from yunzhao.audience.wsgi import BeaconShortCircuit
from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventStatus

from .conftest import beacon_url

VIEWER = "viewer-0000000000001"


def test_a_page_view_is_stored_with_its_channel_and_answered_204(client, embedded, event, channels):
    # when
    response = client.get(beacon_url(event.pk, src="wechat", k="pv", v=VIEWER))
    # then
    assert response.status_code == 204
    assert response.content == b""
    assert response["Cache-Control"] == "no-store"
    beacon = AudienceBeacon.objects.get()
    assert (beacon.event_id, beacon.channel_id, beacon.kind, beacon.viewer) == (
        event.pk, channels["wechat"].pk, "pv", VIEWER)
    minute = AudienceMinute.objects.get()
    assert (minute.views, minute.plays, minute.viewers, minute.first_in_event) == (1, 0, 1, 1)


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/json", json.dumps({"e": "{event}", "src": "douyin", "k": "play", "v": VIEWER})),
    ("text/plain;charset=UTF-8", json.dumps({"e": "{event}", "src": "douyin", "k": "play", "v": VIEWER})),
    ("application/x-www-form-urlencoded", f"e={{event}}&src=douyin&k=play&v={VIEWER}"),
], ids=["json", "sendbeacon-text", "form"])
def test_post_bodies_in_json_or_form_are_accepted(client, embedded, event, channels, content_type, body):
    # when
    response = client.post("/t/", body.replace("{event}", str(event.pk)), content_type=content_type)
    # then
    assert response.status_code == 204
    beacon = AudienceBeacon.objects.get()
    assert (beacon.channel_id, beacon.kind) == (channels["douyin"].pk, "play")


def test_json_may_give_the_event_as_a_number(client, embedded, event):
    response = client.post("/t/", {"e": event.pk, "v": VIEWER}, content_type="application/json")
    assert response.status_code == 204
    assert AudienceBeacon.objects.get().kind == "pv"


def test_a_viewer_without_id_gets_a_cookie_and_is_recognised_by_it(client, embedded, event):
    # when
    first = client.get(beacon_url(event.pk))
    second = client.get(beacon_url(event.pk, k="play"))
    # then
    token = first.cookies[COOKIE].value
    assert ingest.VIEWER.fullmatch(token)
    assert first.cookies[COOKIE]["samesite"] == "Lax"
    assert first.cookies[COOKIE]["httponly"]
    assert COOKIE not in second.cookies
    assert list(AudienceBeacon.objects.values_list("viewer", flat=True)) == [token, token]
    assert AudienceMinute.objects.get().viewers == 1


def test_an_unknown_source_is_counted_as_unattributed(client, embedded, event, channels):
    # when
    client.get(beacon_url(event.pk, src="no-such-channel", v=VIEWER))
    client.get(beacon_url(event.pk, v=VIEWER))
    # then
    assert list(AudienceBeacon.objects.values_list("channel_id", flat=True)) == [None, None]
    assert AudienceMinute.objects.get().channel_id is None


def test_the_pixel_answers_a_gif_when_asked(client, embedded, event):
    response = client.get(beacon_url(event.pk, v=VIEWER, img=1))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content == PIXEL
    assert AudienceBeacon.objects.count() == 1


def _refusals():
    big_body = json.dumps({"e": 1, "pad": "x" * 3000})
    return [
        ("no event", "get", "/t/?k=pv", None, None, 400, Rejection.MALFORMED),
        ("event not a number", "get", "/t/?e=abc", None, None, 400, Rejection.MALFORMED),
        ("negative event", "get", "/t/?e=-3", None, None, 400, Rejection.MALFORMED),
        ("unknown kind", "get", "/t/?e={event}&k=click", None, None, 400, Rejection.MALFORMED),
        ("broken json", "post", "/t/", "{\"e\": ", "application/json", 400, Rejection.MALFORMED),
        ("json list", "post", "/t/", "[1, 2]", "application/json", 400, Rejection.MALFORMED),
        ("deep json", "post", "/t/", "[" * 1020 + "]" * 1020, "text/plain", 400, Rejection.MALFORMED),
        ("event true", "post", "/t/", "{\"e\": true}", "application/json", 400, Rejection.MALFORMED),
        ("big body", "post", "/t/", big_body, "application/json", 413, Rejection.OVERSIZED),
        ("big query", "get", "/t/?e={event}&pad=" + "x" * 2100, None, None, 413, Rejection.OVERSIZED),
        ("unknown event", "get", "/t/?e=987654321", None, None, 404, Rejection.UNKNOWN_EVENT),
        ("short viewer", "get", "/t/?e={event}&v=abc", None, None, 400, Rejection.BAD_VIEWER),
        ("odd viewer", "get", "/t/?e={event}&v=" + "a" * 15 + "%3B" + "b" * 10, None, None, 400, Rejection.BAD_VIEWER),
        ("long viewer", "get", "/t/?e={event}&v=" + "a" * 65, None, None, 400, Rejection.BAD_VIEWER),
        ("viewer not text", "post", "/t/", "{\"e\": \"{event}\", \"v\": 12345678901234567890}", "application/json", 400,
         Rejection.BAD_VIEWER),
    ]


@pytest.mark.parametrize(("name", "method", "path", "body", "content_type", "status", "reason"), _refusals(),
                         ids=[r[0] for r in _refusals()])
def test_bad_beacons_are_refused_with_4xx_and_counted_per_reason(client, embedded, event, name, method, path,
                                                                 body, content_type, status, reason):
    # when
    path = path.replace("{event}", str(event.pk))
    if method == "get":
        response = client.get(path)
    else:
        response = client.post(path, body.replace("{event}", str(event.pk)), content_type=content_type)
    # then
    assert response.status_code == status
    counts = rejection_counts()
    assert counts[reason] == 1
    assert sum(counts.values()) == 1
    assert not AudienceBeacon.objects.exists()
    assert not AudienceMinute.objects.exists()


def test_a_cancelled_event_counts_no_more(client, embedded, event, city_staff):
    # given
    campaign_actions.update_event(event, actor=city_staff, changes={"status": EventStatus.CANCELLED})
    # when
    response = client.get(beacon_url(event.pk, v=VIEWER))
    # then
    assert response.status_code == 404
    assert rejection_counts()[Rejection.UNKNOWN_EVENT] == 1


def test_an_event_created_a_moment_ago_is_counted(client, embedded, event, city_staff, units):
    # given the catalog was loaded before the new event existed
    client.get(beacon_url(event.pk, v=VIEWER))
    from yunzhao.audience import catalog as catalog_module

    catalog_module.catalog._snapshot = catalog_module.Snapshot(
        catalog_module.catalog._snapshot.events, catalog_module.catalog._snapshot.channels, loaded_at=0.0)
    later = campaign_actions.create_event(actor=city_staff, title_zh="新活动", level="special",
                                          owner_unit=units["jnipb"], starts_at=event.starts_at)
    # when
    response = client.get(beacon_url(later.pk, v=VIEWER))
    # then
    assert response.status_code == 204


def test_other_methods_are_refused(client, embedded, event):
    response = client.put(beacon_url(event.pk))
    assert response.status_code == 405
    assert rejection_counts()[Rejection.MALFORMED] == 1


def test_storage_failure_answers_503_and_acknowledges_nothing(client, embedded, event, monkeypatch):
    # given
    def fail(beacon):
        raise WriteFailed("database is locked")

    monkeypatch.setattr(recorder.get_recorder(), "record", fail)
    # when
    response = client.get(beacon_url(event.pk, v=VIEWER))
    # then
    assert response.status_code == 503
    assert not AudienceBeacon.objects.exists()
    assert rejection_counts()[Rejection.UNAVAILABLE] == 1


def test_an_unexpected_error_is_never_a_500(client, embedded, event, monkeypatch):
    # given
    def broken(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("yunzhao.audience.views.tracking.handle", broken)
    # when
    response = client.get(beacon_url(event.pk, v=VIEWER))
    # then
    assert response.status_code == 503


# --- rate limiting ---------------------------------------------------------------------------------


def test_one_address_is_limited_and_others_are_not(client, embedded, event, settings, clock):
    # given
    settings.AUDIENCE_RATE_LIMIT = 5
    # when
    flood = [client.get(beacon_url(event.pk, v=VIEWER), REMOTE_ADDR="203.0.113.7").status_code for _ in range(8)]
    other = client.get(beacon_url(event.pk, v=VIEWER), REMOTE_ADDR="198.51.100.1").status_code
    # then
    assert flood == [204] * 5 + [429] * 3
    assert other == 204
    assert AudienceBeacon.objects.count() == 6
    assert rejection_counts()[Rejection.RATE_LIMITED] == 3


def test_behind_a_proxy_the_forwarded_address_is_limited(client, embedded, event, settings, clock):
    # given one trusted proxy that appends the client's address
    settings.AUDIENCE_RATE_LIMIT = 2
    settings.AUDIENCE_PROXY_COUNT = 1
    # when
    a = [client.get(beacon_url(event.pk, v=VIEWER), HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9").status_code
         for _ in range(3)]
    b = client.get(beacon_url(event.pk, v=VIEWER), HTTP_X_FORWARDED_FOR="203.0.113.10").status_code
    # then
    assert a == [204, 204, 429]
    assert b == 204


def test_sliding_window_weighs_the_previous_bucket():
    # given a limit of 10 per 60 s, filled up late in one bucket
    window = SlidingWindow(limit=10, window=60)
    assert all(window.admit("k", now=59.0) for _ in range(10))
    assert not window.admit("k", now=59.5)
    # when a quarter into the next bucket, 3/4 of the previous ten still count (7.5)
    admitted = sum(window.admit("k", now=75.0) for _ in range(5))
    # then three more fit: 7.5 + 2 < 10 admits the third, 7.5 + 3 ≥ 10 stops the fourth
    assert admitted == 3
    # and two buckets later the address starts afresh
    assert sum(window.admit("k", now=180.0) for _ in range(12)) == 10


def test_only_addresses_past_a_sixteenth_of_the_limit_are_shared_with_other_processes():
    # given a limit of 160 (shared from 10 beacons of one address)
    window = SlidingWindow(limit=160, window=60, shared=True)
    # when an ordinary viewer sends 3 beacons and a busy address 12
    for _ in range(3):
        window.admit("viewer", now=10.0)
    for _ in range(12):
        window.admit("busy", now=10.0)
    # then only the busy address is handed over, with all its counts, once
    assert window.take_shared() == (0, {"busy": 12})
    window.admit("busy", now=11.0)
    assert window.take_shared() == (0, {"busy": 1})
    assert window.take_shared() == (0, {})


def test_the_address_is_kept_only_as_a_keyed_hash_and_ipv6_by_its_block():
    salt = b"s" * 32
    key = address_key("203.0.113.7", "", 0, salt)
    assert "203" not in key and len(key) == 16
    assert address_key("2001:db8:1:2:aaaa::1", "", 0, salt) == address_key("2001:db8:1:2:bbbb::9", "", 0, salt)
    assert address_key("2001:db8:1:2::1", "", 0, salt) != address_key("2001:db8:1:3::1", "", 0, salt)
    assert address_key("10.0.0.1", "203.0.113.7", 1, salt) == key


def test_no_personal_data_is_stored():
    fields = {f.name for f in AudienceBeacon._meta.get_fields()}
    assert fields == {"id", "event", "channel", "kind", "viewer", "at", "stream_id"}


# --- the WSGI short-circuit ------------------------------------------------------------------------


def _environ(path: str, query: str = "", method: str = "GET", body: bytes = b"", **extra) -> dict:
    return {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "REMOTE_ADDR": "192.0.2.1",
            "CONTENT_LENGTH": str(len(body)) if body else "", "CONTENT_TYPE": "application/json",
            "wsgi.input": io.BytesIO(body), **extra}


def test_the_wsgi_short_circuit_answers_beacons_before_django(embedded, event):
    # given
    calls = []
    app = BeaconShortCircuit(lambda environ, start_response: calls.append(environ["PATH_INFO"]) or [b"django"])
    answers = []

    def start_response(status, headers):
        answers.append((status, dict(headers)))

    # when
    body = app(_environ("/t/", f"e={event.pk}&v={VIEWER}"), start_response)
    posted = app(_environ("/t/", method="POST", body=json.dumps({"e": event.pk, "v": VIEWER}).encode()),
                 start_response)
    huge = app(_environ("/t/", method="POST", body=b"{" + b" " * 4000 + b"}"), start_response)
    other = app(_environ("/projects/"), start_response)
    # then
    assert [a[0] for a in answers] == ["204 No Content", "204 No Content", "413 Content Too Large"]
    assert body == posted == huge == [b""]
    assert other == [b"django"] and calls == ["/projects/"]
    assert AudienceBeacon.objects.count() == 2
    assert rejection_counts()[Rejection.OVERSIZED] == 1


def test_the_wsgi_short_circuit_never_answers_500(embedded, monkeypatch):
    monkeypatch.setattr("yunzhao.audience.wsgi.handle", lambda **kw: 1 / 0)
    answers = []
    BeaconShortCircuit(None)(_environ("/t/", "e=1"), lambda status, headers: answers.append(status))
    assert answers == ["503 Service Unavailable"]


@pytest.mark.redis
def test_with_redis_the_limit_holds_across_app_processes(client, with_redis, event, settings, clock):
    # given another app process has already accepted the address's whole allowance in this window
    settings.AUDIENCE_RATE_LIMIT = 5
    rec = recorder.get_recorder()
    address = address_key("203.0.113.7", "", 0, rec.salt)
    redis = recorder.redis_client()
    redis.hset(with_redis.rate(rec.limiter.bucket(clock.now)), address, 5)
    # when this process sees the address (it learns the total with its first write)
    answers = [client.get(beacon_url(event.pk, v=VIEWER), REMOTE_ADDR="203.0.113.7").status_code for _ in range(3)]
    # then it refuses the address from then on
    assert answers == [204, 429, 429]
    assert int(redis.hget(with_redis.rate(rec.limiter.bucket(clock.now)), address)) == 6
    assert rejection_counts()[Rejection.RATE_LIMITED] == 2
    # and nothing of the address is kept in the clear
    assert not [k for k in redis.scan_iter(match=f"{with_redis.prefix}*") if b"203.0.113" in k]
