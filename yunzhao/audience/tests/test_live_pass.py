"""Live passes: a staff page polls the live figures on a signed token instead of its session."""

import datetime as dt
import json

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yunzhao.audience import passes
from yunzhao.audience.asgi import BeaconShortCircuitASGI
from yunzhao.audience.wsgi import BeaconShortCircuit
from yunzhao.testing import aio

from .conftest import Clock, beacon_url
from .test_public_counter import wsgi_get


@pytest.fixture
def audience(client, embedded, settings, event, second_event, channels):
    """Two views of the event through WeChat and one of the second event; figures read afresh each time."""
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 0
    for e, viewer in ((event, "a"), (event, "b"), (second_event, "a")):
        assert client.get(beacon_url(e.pk, src="wechat", v=f"viewer-{viewer}-00000000000")).status_code == 204
    return channels


def figures_url(event) -> str:
    return reverse("audience:event_figures", args=[event.pk])


def pass_of(client, user, path: str) -> str:
    """The pass a signed-in user's page receives with its first poll."""
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    client.logout()
    return response[passes.HEADER]


@pytest.fixture
def signing_clock(monkeypatch) -> Clock:
    """``time.time`` as the signer reads it, moved by hand."""
    import time

    clock = Clock(time.time())
    monkeypatch.setattr(signing.time, "time", clock.time)
    return clock


# --- the token ------------------------------------------------------------------------------------


def test_a_pass_says_whose_page_may_read_which_figures_in_which_language(settings):
    token = passes.issue(scope="event", id=7, user_id=3, language="en")
    assert passes.read(token, scope="event", id=7) == passes.LivePass("event", 7, 3, "en")


@pytest.mark.parametrize(("scope", "id"), [("event", 8), ("campaign", 7)])
def test_a_pass_opens_no_other_figures(scope, id):
    token = passes.issue(scope="event", id=7, user_id=3, language="zh-hans")
    assert passes.read(token, scope=scope, id=id) is None


def test_a_pass_lasts_its_life_and_no_longer(signing_clock, settings):
    settings.AUDIENCE_LIVE_PASS_SECONDS = 300
    token = passes.issue(scope="event", id=7, user_id=3, language="en")
    signing_clock.advance(299)
    assert passes.read(token, scope="event", id=7) is not None
    signing_clock.advance(2)
    assert passes.read(token, scope="event", id=7) is None


def test_an_altered_or_foreign_token_is_no_pass(settings):
    token = passes.issue(scope="event", id=7, user_id=3, language="en")
    value, stamp, signature = token.rsplit(":", 2)
    forged = [
        token.replace("event:7", "event:8"),
        f"{value}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        signing.TimestampSigner(salt="another.purpose").sign("event:7:3:en"),  # signed, but for something else
        signing.TimestampSigner(key="not-the-site-key", salt=passes.SALT).sign("event:7:3:en"),
        "", "event:7:3:en", "x" * 10_000,
    ]
    assert [passes.read(t, scope="event", id=7) for t in forged] == [None] * len(forged)
    settings.SECRET_KEY = "a-new-secret-key-for-the-site-0123456789"
    assert passes.read(token, scope="event", id=7) is None


def test_a_pass_names_a_known_scope():
    with pytest.raises(ValueError):
        passes.issue(scope="project", id=1, user_id=1, language="en")


# --- the figures ----------------------------------------------------------------------------------


def test_a_poll_through_the_session_carries_a_pass_for_those_figures(client, city_staff, event, audience):
    # given
    client.force_login(city_staff)
    # when
    response = client.get(figures_url(event))
    # then
    assert response.status_code == 200
    issued = passes.read(response[passes.HEADER], scope="event", id=event.pk)
    assert issued is not None and issued.user_id == city_staff.pk


def test_a_poll_bearing_the_pass_is_answered_without_session_user_or_access_query(client, city_staff, event,
                                                                                audience, settings):
    # given a pass, and figures this process read a moment ago
    token = pass_of(client, city_staff, figures_url(event))
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 60
    anonymous = Client()
    assert anonymous.get(figures_url(event), HTTP_X_LIVE_PASS=token).status_code == 200
    # when the page polls again
    with CaptureQueriesContext(connection) as polled:
        response = anonymous.get(figures_url(event), HTTP_X_LIVE_PASS=token)
    # then
    assert response.status_code == 200 and response.json()["views"] == 2
    assert polled.captured_queries == []
    assert passes.HEADER not in response and not response.cookies


def test_the_pass_gives_the_same_figures_as_the_session(client, city_staff, event, audience):
    client.force_login(city_staff)
    through_session = client.get(figures_url(event))
    token = through_session[passes.HEADER]
    through_pass = Client().get(figures_url(event), HTTP_X_LIVE_PASS=token)
    assert {**through_pass.json(), "as_of": None} == {**through_session.json(), "as_of": None}


def test_a_campaign_page_polls_on_its_own_pass(client, city_staff, event, audience):
    path = reverse("audience:campaign_figures", args=[event.campaign_id])
    token = pass_of(client, city_staff, path)
    response = Client().get(path, HTTP_X_LIVE_PASS=token)
    assert response.status_code == 200 and (response.json()["scope"], response.json()["views"]) == ("campaign", 3)
    # the campaign's pass does not open its event's figures
    assert Client().get(figures_url(event), HTTP_X_LIVE_PASS=token).status_code == 403


def test_the_figures_are_in_the_language_the_pass_was_issued_in(client, city_staff, event, audience):
    # given a viewer who came through no known channel, and a page in English
    client.get(beacon_url(event.pk, src="nonsense", v="viewer-c-00000000000"))
    client.force_login(city_staff)
    client.cookies["django_language"] = "en"
    token = client.get(figures_url(event))[passes.HEADER]
    # when its poll arrives without cookies, from a browser that prefers Chinese
    response = Client().get(figures_url(event), HTTP_X_LIVE_PASS=token, HTTP_ACCEPT_LANGUAGE="zh-CN")
    # then the figures speak English, as the page does
    names = {s["code"]: s["name"] for s in response.json()["sources"]}
    assert names[""] == "Unattributed"
    chinese = Client().get(figures_url(event), HTTP_X_LIVE_PASS=passes.issue(
        scope="event", id=event.pk, user_id=city_staff.pk, language="zh-hans"), HTTP_ACCEPT_LANGUAGE="en")
    assert {s["code"]: s["name"] for s in chinese.json()["sources"]}[""] == "未归因"


@pytest.mark.parametrize("case", ["expired", "altered", "other event"])
def test_a_pass_that_is_not_valid_is_refused_with_a_reason(client, city_staff, event, second_event, audience,
                                                          signing_clock, settings, case):
    # given
    settings.AUDIENCE_LIVE_PASS_SECONDS = 300
    token = pass_of(client, city_staff, figures_url(event))
    target = event
    if case == "expired":
        signing_clock.advance(301)
    elif case == "altered":
        token = token.replace(f"event:{event.pk}:", f"event:{second_event.pk}:")
        target = second_event
    else:
        target = second_event
    # when
    response = Client().get(figures_url(target), HTTP_X_LIVE_PASS=token)
    # then
    assert response.status_code == 403
    assert response.json()["error"] == "live-pass" and response.json()["detail"]
    assert "views" not in response.json()


def test_a_refused_pass_is_explained_in_the_users_language(client, event, audience):
    response = Client().get(figures_url(event), HTTP_X_LIVE_PASS="nonsense", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 403 and "通行" in response.json()["detail"]


def test_without_a_pass_the_access_rule_still_decides(client, city_staff, event, audience):
    # given an event the access rule gives no one: it does not exist
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:event_figures", args=[event.pk + 1000]))
    # then no figures, and no pass
    assert response.status_code == 404 and passes.HEADER not in response


def test_a_visitor_with_neither_session_nor_pass_is_sent_to_log_in(event, audience):
    response = Client().get(figures_url(event))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- the app servers' entry -----------------------------------------------------------------------


def test_the_app_servers_answer_a_pass_without_reading_or_saving_the_session(city_staff, event, audience, settings):
    # given a signed-in user whose session is in the database, and the site as app servers run it
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    browser = Client()
    browser.force_login(city_staff)
    key = browser.session.session_key
    expires = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.filter(pk=key).update(expire_date=expires)
    token = browser.get(figures_url(event))[passes.HEADER]
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 60
    app = BeaconShortCircuit(WSGIHandler())
    cookie = f"{settings.SESSION_COOKIE_NAME}={key}; csrftoken=abc"
    wsgi_get(app, figures_url(event), cookie, extra={passes.META_KEY: token})
    # when the page polls with its cookies and its pass
    with CaptureQueriesContext(connection) as polled:
        status, headers, body = wsgi_get(app, figures_url(event), cookie, extra={passes.META_KEY: token})
    # then
    assert status.startswith("200") and json.loads(body)["views"] == 2
    assert polled.captured_queries == [] and "set-cookie" not in headers
    assert Session.objects.get(pk=key).expire_date == expires


def test_the_app_servers_keep_the_cookies_of_a_poll_without_a_pass(city_staff, event, audience, settings):
    browser = Client()
    browser.force_login(city_staff)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.session.session_key}"
    status, headers, body = wsgi_get(BeaconShortCircuit(WSGIHandler()), figures_url(event), cookie)
    assert status.startswith("200") and json.loads(body)["views"] == 2
    assert passes.read(headers[passes.HEADER.lower()][0], scope="event", id=event.pk)


def test_the_asgi_entry_drops_the_cookies_of_a_request_bearing_a_pass():
    # given an application that records what reaches it
    seen = []

    async def app(scope, receive, send):
        seen.append(dict(scope["headers"]))

    entry = BeaconShortCircuitASGI(app)
    headers = [(b"cookie", b"sessionid=abc"), (b"accept", b"application/json")]
    # when
    for extra in ([], [(b"X-Live-Pass", b"token")]):
        aio.run(entry({"type": "http", "method": "GET", "path": "/audience/events/1/figures.json",
                       "headers": headers + extra}, None, None))
    # then
    assert b"cookie" in seen[0] and b"cookie" not in seen[1]
    assert seen[1][b"accept"] == b"application/json"
