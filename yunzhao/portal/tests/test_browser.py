"""The paths a visitor takes on the portal, in chromium, on a phone, with and without JavaScript."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from yunzhao.crm import leads
from yunzhao.crm.models import Lead
from yunzhao.orgs.choices import Role
from yunzhao.publishing.tests import factories
from yunzhao.testing.factories import UserFactory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def portal(units_tx, zone_staff_tx):
    """A published zone with an office offering one meeting slot, and a channel."""
    city = UserFactory(username="city_tx", role=Role.CITY_STAFF, unit=units_tx["jnipb"])
    factories.channel(city, "wechat")
    zone = factories.zone(city, units_tx["hightech"], summary_en="The High-Tech Zone of Jinan.")
    start = timezone.now() + dt.timedelta(days=2)
    leads.offer_slot(actor=zone_staff_tx, unit=units_tx["hightech"], starts_at=start,
                     ends_at=start + dt.timedelta(minutes=45), meeting_link="https://meet.example.com/hightech-1")
    return {"zone": zone, "city": city, "staff": zone_staff_tx}


def visitor(browser, live_server, *, javascript: bool):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=javascript,
                                  locale="en-GB")
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_visitor_finds_a_zone_registers_interest_and_books_a_meeting(browser, live_server, portal, javascript):
    # given: a visitor arrives from a WeChat post an ambassador shared
    context, page = visitor(browser, live_server, javascript=javascript)
    page.goto("/en/?src=wechat&ref=amb-07")
    # when: they find the zone, register interest and book the slot offered
    page.click(".yz-nav >> text=Zones")
    page.click("text=Jinan High-Tech Zone")
    assert page.locator("h1").inner_text() == "Jinan High-Tech Zone"
    page.click("text=Register your interest")
    page.fill("#id_name", "𠮷田 Taro")
    page.fill("#id_organisation", "Yoshida Storage KK")
    page.select_option("#id_country", "JP")
    page.fill("#id_email", "taro@example.jp")
    page.check("#id_consent")
    page.click("button:has-text('Send')")
    reference = page.locator(".yz-reference strong").inner_text()
    page.click("text=Book a video meeting")
    page.check("input[name=slot]")
    page.click("button:has-text('Book this time')")
    # then: the meeting and its link are confirmed, and the lead carries where the visitor came from
    assert "Your video meeting is booked." in page.locator(".alert-success").inner_text()
    assert page.locator("a[href='https://meet.example.com/hightech-1']").count() == 1
    lead = Lead.objects.get(reference=reference)
    assert (lead.name, lead.unit.code, lead.source_path) == ("𠮷田 Taro", "hightech", "/zh/zones/hightech/")
    assert (lead.channel_tag, lead.referrer_code, lead.language) == ("wechat", "amb-07", "en")
    assert lead.meeting.meeting_link == "https://meet.example.com/hightech-1"
    context.close()


def test_staff_find_the_new_lead_with_its_source_and_waiting_time(browser, live_server, portal):
    # given: a lead from the zone page, tagged
    from yunzhao.portal.sources import interest_page

    _item, source = interest_page("zone", portal["zone"].pk)
    lead, _created = leads.register_interest(
        page=source, visitor={"name": "Ana Pereira", "email": "ana@example.pt", "interest": "invest"},
        token=__import__("uuid").uuid4(), notice=leads.current_privacy_notice(), language="en",
        channel_tag="wechat", referrer_code="amb-07")
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    page = context.new_page()
    # when: the zone's staff open their leads
    from yunzhao.conftest import log_in

    log_in(page, portal["staff"].username)
    page.goto("/investors/leads/")
    row = page.locator("tr", has_text=lead.reference)
    # then: the lead is listed with its waiting time, and its page shows the source
    assert "min" in row.inner_text()
    row.locator(f"text={lead.reference}").click()
    body = page.locator("main").inner_text()
    assert "Ana Pereira" in body and "amb-07" in body and "wechat" in body
    assert "Jinan High-Tech Zone" in body or "济南高新区" in body
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_event_page_reports_the_view_to_the_audience_beacon(browser, live_server, portal, javascript):
    # given: an event on now, reached through a WeChat link
    from yunzhao.audience import ingest
    from yunzhao.audience.catalog import catalog

    evt = factories.event(portal["city"], starts_in=dt.timedelta(minutes=-5), title_en="Jinan Live")
    factories.event_page(portal["city"], evt)
    context, page = visitor(browser, live_server, javascript=javascript)
    sent = []
    page.route("**/t/**", lambda route: (sent.append(route.request), route.fulfill(status=204)))
    # when
    page.goto(f"/en/events/{evt.pk}/?src=wechat")
    page.wait_for_load_state("networkidle")
    # then: one beacon, in the form the beacon endpoint accepts, names the event, the view and the channel
    assert len(sent) == 1
    request = sent[0]
    query = urlsplit(request.url).query
    fields = {k: v[0] for k, v in parse_qs(query).items()}
    assert (fields["e"], fields["k"], fields["src"]) == (str(evt.pk), "pv", "wechat")
    assert request.method == ("POST" if javascript else "GET")
    catalog.clear()
    outcome = ingest.check(method=request.method, query=query, body=b"", content_type="", cookies="",
                           remote_addr="127.0.0.1", forwarded_for="")
    assert isinstance(outcome, ingest.Accepted), outcome
    assert outcome.beacon.event_id == evt.pk and outcome.beacon.kind == "pv"
    context.close()
