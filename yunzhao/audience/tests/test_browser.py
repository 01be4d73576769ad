"""The live page and the big screen's live tile in Debian's chromium: the counters follow the audience."""

import urllib.request

import pytest
from playwright.sync_api import expect

from yunzhao.conftest import log_in

from .conftest import beacon_url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def live_audience(embedded, settings):
    """Figures read afresh on every request, and streams that end every few seconds."""
    settings.AUDIENCE_LIVE_CACHE_SECONDS = 0
    settings.AUDIENCE_STREAM_SECONDS = 4


def send(live_server, event, src: str, viewer: str) -> None:
    """A beacon from a visitor's browser, as the public event page sends it."""
    with urllib.request.urlopen(live_server.url + beacon_url(event.pk, src=src, v=f"viewer-{viewer}-00000000000")) as r:
        assert r.status == 204


def _errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_live_page_counts_viewers_as_they_arrive(page, live_server, live_audience, city_staff, event, channels):
    # given
    errors = _errors(page)
    log_in(page, city_staff.username)
    page.goto(f"/audience/events/{event.pk}/")
    expect(page.locator('[data-figure="views"]')).to_have_text("0")
    page.evaluate("window.yzNotReloaded = true")
    # when three viewers arrive, two through WeChat
    send(live_server, event, "wechat", "a")
    send(live_server, event, "wechat", "b")
    send(live_server, event, "douyin", "c")
    # then the page shows them without being reloaded
    expect(page.locator('[data-figure="views"]')).to_have_text("3", timeout=10_000)
    expect(page.locator('[data-figure="viewers"]')).to_have_text("3")
    expect(page.locator("[data-part=sources] tr").first).to_contain_text("wechat")
    assert page.locator("[data-part=chart] canvas").count() == 1
    assert page.evaluate("window.yzNotReloaded") is True
    # through the event stream, not by polling
    status = page.locator("[data-part=status]").inner_text()
    assert status.startswith(page.locator("#yz-live").get_attribute("data-text-live") + " ·")
    assert errors == []


def test_without_its_stream_the_live_page_polls_on_a_live_pass(page, live_server, live_audience, city_staff, event,
                                                              channels):
    # given a network that refuses the page's event stream
    errors = _errors(page)
    polls: list[dict] = []
    page.on("response", lambda response: polls.append({
        "sent": response.request.headers.get("x-live-pass"), "status": response.status,
        "issued": response.headers.get("x-live-pass")}) if "/figures.json" in response.url else None)
    page.route("**/stream/", lambda route: route.fulfill(status=403, body=""))
    log_in(page, city_staff.username)
    page.goto(f"/audience/events/{event.pk}/")
    # when a viewer arrives
    send(live_server, event, "wechat", "a")
    # then the page shows it by polling, its polls after the first on the pass the first one brought
    expect(page.locator('[data-figure="views"]')).to_have_text("1", timeout=10_000)
    expect(page.locator("[data-part=status]")).to_contain_text(page.locator("#yz-live").get_attribute("data-text-polling"))
    page.wait_for_timeout(2500)
    assert polls[0]["sent"] is None and polls[0]["issued"]
    assert len(polls) >= 2 and all(p["sent"] == polls[0]["issued"] and p["status"] == 200 for p in polls[1:])
    assert errors == []


@pytest.mark.parametrize("pass_seconds", [300, 1], ids=["pass-kept", "pass-expires-between-polls"])
def test_the_big_screen_tile_follows_the_live_event(page, live_server, live_audience, leader, event, channels,
                                                    settings, pass_seconds):
    # given the event started an hour ago and is on air
    settings.AUDIENCE_LIVE_PASS_SECONDS = pass_seconds
    page.set_viewport_size({"width": 1920, "height": 1080})
    errors = _errors(page)
    polls: list[dict] = []
    page.on("response", lambda response: polls.append({
        "sent": response.request.headers.get("x-live-pass"), "status": response.status,
        "issued": response.headers.get("x-live-pass")}) if "/figures.json" in response.url else None)
    log_in(page, leader.username)
    page.goto("/dashboard/screen/")
    viewers = page.locator("#yz-live-body .yz-s-live-figure b").first
    expect(page.locator("#yz-live-body")).to_contain_text(event.title_zh)
    expect(viewers).to_have_text("0")
    page.evaluate("window.yzNotReloaded = true")
    # when two viewers arrive
    send(live_server, event, "wechat", "a")
    send(live_server, event, "douyin", "b")
    # then the tile counts them up within a few seconds, long before the screen's own refresh
    expect(viewers).to_have_text("2", timeout=10_000)
    expect(page.locator("#yz-live-body .yz-s-live-sources")).to_contain_text("微信 1")
    assert page.evaluate("window.yzNotReloaded") is True
    assert errors == []
    # the first poll went through the session and brought a pass, which the next ones sent
    page.wait_for_timeout(2500)
    assert polls[0]["sent"] is None and polls[0]["status"] == 200 and polls[0]["issued"]
    assert polls[1]["sent"] == polls[0]["issued"]
    if pass_seconds == 1:  # an expired pass was refused, and the tile asked again through its session
        refused = next(i for i, p in enumerate(polls) if p["status"] == 403)
        assert polls[refused]["sent"] and polls[refused + 1]["sent"] is None and polls[refused + 1]["status"] == 200
    else:
        assert all(p["status"] == 200 for p in polls) and all(p["sent"] for p in polls[1:])


def test_the_public_counter_on_the_portal_event_page_follows_the_audience(page, live_server, live_audience,
                                                                          city_staff, event, channels, settings):
    # given: the event's public page, published, and two viewers so far
    from yunzhao.publishing.tests import factories

    settings.PORTAL_CACHE_SECONDS = 0
    factories.event_page(city_staff, event)
    send(live_server, event, "wechat", "a")
    send(live_server, event, "wechat", "b")
    errors = _errors(page)
    page.route("**/t/**", lambda route: route.fulfill(status=204))  # the page's own view is not counted here
    page.goto(f"/zh/events/{event.pk}/")
    counter = page.locator("[data-live-counter]")
    expect(counter.locator("[data-live-views]")).to_have_text("2")
    page.evaluate("window.yzNotReloaded = true")
    # when three more views arrive from a third viewer
    for _ in range(3):
        send(live_server, event, "douyin", "c")
    # then the counter shows them within a few seconds, without the page being reloaded
    expect(counter.locator("[data-live-views]")).to_have_text("5", timeout=10_000)
    expect(counter.locator("[data-live-viewers]")).to_have_text("3")
    expect(counter.locator("[data-live-as-of]")).to_be_hidden()
    assert page.evaluate("window.yzNotReloaded") is True
    assert errors == []
