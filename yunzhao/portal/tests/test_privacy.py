"""Registrants' and contacts' personal data never appear on a public page."""

import datetime as dt
import re
import uuid

from django.urls import get_resolver, reverse
from django.utils import timezone

from yunzhao.core.tests.test_routes_closed import walk
from yunzhao.crm import actions as crm_actions
from yunzhao.crm import leads
from yunzhao.crm.choices import ConsentMethod
from yunzhao.publishing.tests import factories
from yunzhao.testing.factories import make_investor, make_project

PERSONAL = ["隐私张三丰", "secret.person@example.org", "13912345678", "wx_secret_id", "隐私李四光",
            "lead.person@example.net", "+44 20 7946 0999", "隐私投资方有限公司"]


def test_no_public_page_shows_a_registrants_or_contacts_personal_data(client, city_staff, zone_staff, units):
    # given: a contact of an investor in a published opportunity, and a lead on a published zone
    investor = make_investor(zone_staff, name_zh="隐私投资方有限公司", name_en="Private Investor Ltd")
    crm_actions.add_contact(investor, actor=zone_staff, name="隐私张三丰", phone="13912345678",
                            email="secret.person@example.org", wechat="wx_secret_id", consent_given=True,
                            consent_method=ConsentMethod.WRITTEN)
    project = make_project(zone_staff, investors=[investor])
    opportunity = factories.opportunity(zone_staff, project)
    zone = factories.zone(city_staff, units["hightech"])
    policy = factories.policy(city_staff)
    news = factories.news(city_staff)
    event = factories.event(zone_staff, starts_in=dt.timedelta(minutes=-5))
    event_page = factories.event_page(city_staff, event)
    lead, _ = leads.register_interest(
        page=leads.LeadSourcePage(kind="zone", id=zone.pk, title="济南高新区", path="/zh/zones/hightech/",
                                  unit=units["hightech"]),
        visitor={"name": "隐私李四光", "email": "lead.person@example.net", "phone": "+44 20 7946 0999",
                 "organisation": "隐私投资方有限公司", "interest": "invest", "message": "隐私张三丰的朋友"},
        token=uuid.uuid4(), notice=leads.current_privacy_notice(), language="zh-hans")
    start = timezone.now() + dt.timedelta(days=1)
    slot = leads.offer_slot(actor=zone_staff, unit=units["hightech"], starts_at=start,
                            ends_at=start + dt.timedelta(hours=1), meeting_link="https://meet.example.com/x")
    leads.book_meeting(lead, slot.pk)
    ids = {"zone": zone.pk, "policy": policy.pk, "opportunity": opportunity.pk, "event": event_page.pk}
    fill = {"code": "hightech", "reference": lead.reference}
    # when every public route is requested, in both languages
    pages = []
    for name, route in walk(get_resolver().url_patterns):
        if not name.startswith("portal:") or name in ("portal:qr", "portal:qr_png"):
            continue
        for lang in ("zh", "en"):
            kwargs = {"lang": lang}
            for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
                if param == "pk":
                    kwargs["pk"] = {"portal:event": event.pk, "portal:policy": policy.pk,
                                    "portal:news": news.pk, "portal:opportunity": opportunity.pk,
                                    "portal:interest": zone.pk}[name]
                elif param == "kind":
                    kwargs["kind"] = "zone"
                elif param != "lang":
                    kwargs[param] = fill[param]
            response = client.get(reverse(name, kwargs=kwargs), {"q": "隐私"})
            assert response.status_code == 200, (name, response.status_code)
            pages.append((name, response.content.decode()))
        for kind, pk in ids.items():
            pages.append((kind, client.get(reverse("portal:interest", kwargs={"lang": "en", "kind": kind,
                                                                               "pk": pk})).content.decode()))
    # then
    assert len(pages) >= 30
    for name, html in pages:
        for secret in PERSONAL:
            assert secret not in html, (name, secret)
