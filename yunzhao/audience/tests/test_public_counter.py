"""The public live counter: an event's totals for investors watching its portal page, and nothing else."""

import asyncio
import datetime as dt
import io
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yunzhao.audience import selectors
from yunzhao.audience.asgi import BeaconShortCircuitASGI
from yunzhao.audience.wsgi import BeaconShortCircuit
from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventStatus
from yunzhao.publishing import actions as publishing_actions
from yunzhao.publishing.tests import factories

from .conftest import beacon_url

VIEWERS = ("a", "a", "b", "c", "c", "c", "d")  # 7 views by 4 viewers


def counter_url(event_id: int) -> str:
    return reverse("live_counter", args=[event_id])


def watch(client, event, *, viewers=VIEWERS, src: str = "wechat") -> None:
    """Page views of the event through the beacon, one per entry of ``viewers``, and one play."""
    for viewer in viewers:
        assert client.get(beacon_url(event.pk, src=src, v=f"viewer-{viewer}-00000000000")).status_code == 204
    assert client.get(beacon_url(event.pk, src="douyin", k="play", v="viewer-a-00000000000")).status_code == 204


@pytest.fixture
def uncached_pages(settings):
    """Portal pages rendered afresh (none kept from another test)."""
    settings.PORTAL_CACHE_SECONDS = 0


@pytest.fixture
def published(city_staff, event):
    """The event (on air since an hour ago) with its public page published."""
    return factories.event_page(city_staff, event)


@pytest.fixture
def fresh(settings):
    """Figures read afresh on every request."""
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 0


@pytest.mark.parametrize("backend", ["embedded", "with_redis"])
def test_a_published_event_on_air_gives_the_totals_the_beacons_recorded(client, event, channels, published, fresh,
                                                                        backend, request):
    # given: 7 page views by 4 viewers, and a play
    request.getfixturevalue(backend)
    watch(client, event)
    # when
    response = Client().get(counter_url(event.pk))
    # then
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    totals = response.json()
    assert (totals["event"], totals["views"], totals["viewers"], totals["on_air"]) == (event.pk, 7, 4, True)
    staff = selectors.live_figures(event_id=event.pk)
    assert (totals["views"], totals["viewers"]) == (staff["views"], staff["viewers"])
    assert abs(dt.datetime.fromisoformat(totals["as_of"]) - timezone.now()) < dt.timedelta(minutes=1)


def test_the_body_holds_totals_only_never_channels_plays_or_viewer_ids(client, event, channels, published, fresh,
                                                                       embedded):
    # given
    watch(client, event)
    # when
    response = Client().get(counter_url(event.pk))
    # then
    assert set(response.json()) == {"event", "views", "viewers", "on_air", "as_of"}
    body = response.content.decode()
    for private in ("wechat", "douyin", "微信", "抖音", "viewer-", "plays", "sources", "backend", "series"):
        assert private not in body


def test_an_event_held_earlier_is_public_but_not_on_air(client, city_staff, units, embedded, fresh):
    # given: an event held two days ago, its page still published
    held = factories.event(city_staff, unit=units["jnipb"], starts_in=dt.timedelta(days=-2))
    factories.event_page(city_staff, held)
    # when
    totals = client.get(counter_url(held.pk)).json()
    # then
    assert (totals["views"], totals["viewers"], totals["on_air"]) == (0, 0, False)


def _unpublished(city_staff, event):
    factories.event_page(city_staff, event, publish=False)


def _withdrawn(city_staff, event):
    publishing_actions.unpublish_item(factories.event_page(city_staff, event), actor=city_staff)


def _cancelled(city_staff, event):
    factories.event_page(city_staff, event)
    campaign_actions.update_event(event, actor=city_staff, changes={"status": EventStatus.CANCELLED})


def _no_page(city_staff, event):
    pass


@pytest.mark.parametrize("make", [_no_page, _unpublished, _withdrawn, _cancelled])
def test_an_event_without_a_published_page_or_cancelled_is_not_found(client, city_staff, event, embedded, fresh, make):
    # given
    make(city_staff, event)
    client.get(beacon_url(event.pk, v="viewer-a-00000000000"))
    # when
    response = Client().get(counter_url(event.pk))
    # then
    assert response.status_code == 404
    assert response.json() == {"error": "not found"}


@pytest.mark.parametrize("event_id", [987654, 2**63, 10**30])
def test_an_unknown_event_is_not_found(client, db, embedded, fresh, event_id):
    assert client.get(f"/live/{event_id}.json").status_code == 404


def test_the_counter_is_cacheable_for_a_second_and_sets_no_cookie(client, event, published, embedded, fresh):
    # when
    response = client.get(counter_url(event.pk))
    # then
    assert response["Cache-Control"] == "public, max-age=1"
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def test_anonymous_polls_make_no_query_while_the_totals_are_fresh(client, event, published, embedded, settings):
    # given: the totals read a moment ago
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 60
    client.get(counter_url(event.pk))
    # when the page polls again
    with CaptureQueriesContext(connection) as again:
        response = client.get(counter_url(event.pk))
    # then
    assert response.status_code == 200 and len(again.captured_queries) == 0


def wsgi_get(app, path: str, cookie: str, extra: dict[str, str] | None = None) -> tuple[str, dict[str, list[str]], bytes]:
    """A GET through a WSGI application, as an app server sends it (``extra``: more of the environ)."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_COOKIE": cookie,
               "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(), "wsgi.url_scheme": "http", **(extra or {})}
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, headers

    # As Django's test client does: a real handler closes the database connection after each request,
    # which would end the test's transaction (on PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(app(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    headers: dict[str, list[str]] = {}
    for name, value in answer["headers"]:
        headers.setdefault(name.lower(), []).append(value)
    return answer["status"], headers, body


def test_a_signed_in_visitor_polls_without_the_session_being_read_or_saved(city_staff, event, published, embedded,
                                                                           settings):
    # given: a signed-in visitor whose session is in the database, the site as app servers run it,
    # and the totals read a moment ago
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 60
    visitor = Client()
    visitor.force_login(city_staff)
    key = visitor.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=5))
    cookie = f"{settings.SESSION_COOKIE_NAME}={key}; csrftoken=abc"
    app = BeaconShortCircuit(WSGIHandler())
    with CaptureQueriesContext(connection) as first:
        wsgi_get(app, counter_url(event.pk), cookie)
    # when the page polls again
    with CaptureQueriesContext(connection) as again:
        status, headers, body = wsgi_get(app, counter_url(event.pk), cookie)
    # then: no query at all, no cookie, no Vary on the cookie, and the session row is as it was
    assert status.startswith("200") and json.loads(body)["event"] == event.pk
    assert len(again.captured_queries) == 0
    sql = " ".join(q["sql"] for q in first.captured_queries)
    assert "django_session" not in sql and "orgs_user" not in sql and "audience_audiencebeacon" not in sql
    assert "set-cookie" not in headers
    assert "cookie" not in ",".join(headers.get("vary", [])).lower()
    assert headers["cache-control"] == ["public, max-age=1"]
    assert Session.objects.get(pk=key).expire_date < timezone.now() + dt.timedelta(minutes=6)


def test_under_asgi_the_counter_reaches_django_without_cookies():
    # given
    seen = []

    async def django_stand_in(scope, receive, send):
        seen.append((scope["path"], dict(scope["headers"])))

    app = BeaconShortCircuitASGI(django_stand_in)
    headers = [(b"cookie", b"sessionid=abc"), (b"accept", b"application/json")]
    # when
    for path in ("/live/3.json", "/zh/events/3/"):
        scope = {"type": "http", "path": path, "method": "GET", "headers": headers}
        # in a thread of its own: the browser tests may leave an event loop in this one
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, app(scope, None, None)).result()
    # then: the counter's request has lost its cookie, other pages keep theirs
    assert seen[0] == ("/live/3.json", {b"accept": b"application/json"})
    assert seen[1][1][b"cookie"] == b"sessionid=abc"


def test_the_counter_and_the_staff_figures_share_one_read(client, city_staff, event, published, embedded, settings,
                                                          monkeypatch):
    # given
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 60
    reads = []
    real = selectors.live_figures
    monkeypatch.setattr(selectors, "live_figures", lambda **scope: reads.append(scope) or real(**scope))
    staff = Client()
    staff.force_login(city_staff)
    # when the public counter and the staff JSON are asked for
    public = Client().get(counter_url(event.pk)).json()
    figures = staff.get(reverse("audience:event_figures", args=[event.pk])).json()
    # then the figures were read once, for both
    assert reads == [{"event_id": event.pk, "campaign_id": None}]
    assert public["as_of"] == figures["as_of"]


def test_a_page_unpublished_stops_being_counted_once_the_moment_is_over(client, city_staff, event, published,
                                                                         embedded, settings):
    # given: the event was public a moment ago
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 60
    assert client.get(counter_url(event.pk)).status_code == 200
    publishing_actions.unpublish_item(published, actor=city_staff)
    # when the moment is over
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 0
    # then
    assert client.get(counter_url(event.pk)).status_code == 404


def test_other_methods_are_refused(client, event, published, embedded):
    assert client.post(counter_url(event.pk)).status_code == 405
    assert client.head(counter_url(event.pk)).status_code == 200


def test_the_portal_page_of_an_event_on_air_shows_the_counter_as_rendered(client, event, channels, published,
                                                                          embedded, fresh, uncached_pages):
    # given
    watch(client, event, viewers=[f"v{n:02d}" for n in range(12)] * 100)  # 1,200 views by 12 viewers, a play by a 13th
    # when
    html = Client().get(f"/en/events/{event.pk}/").content.decode()
    # then: the figures are in the page, with the script that keeps them up to date
    assert f'data-live-counter="{counter_url(event.pk)}"' in html
    assert "<span data-live-views>1,200</span>" in html and "<span data-live-viewers>13</span>" in html
    assert "audience/live_counter" in html and "wechat" not in html.split("data-live-counter")[1][:400]


def test_the_portal_page_of_an_event_not_on_air_has_no_counter(client, city_staff, units, embedded, fresh,
                                                               uncached_pages):
    # given
    coming = factories.event(city_staff, unit=units["jnipb"], starts_in=dt.timedelta(days=3))
    factories.event_page(city_staff, coming)
    # when
    html = Client().get(f"/en/events/{coming.pk}/").content.decode()
    # then
    assert "data-live-counter" not in html
