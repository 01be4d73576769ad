"""The staff side of leads: the inbox with its response timer, handling, and meeting slots."""

import datetime as dt
import uuid

from django.urls import reverse
from django.utils import timezone

from yunzhao.crm import leads
from yunzhao.crm.choices import LeadSource, LeadStatus
from yunzhao.crm.models import Investor, Lead, MeetingSlot


def a_lead(unit, *, hours_ago: float = 0, **visitor) -> Lead:
    visitor = {"name": "访客", "organisation": "Beta Hydrogen AG", "email": "b@example.com", "interest": "invest",
               **visitor}
    lead, _ = leads.register_interest(
        page=leads.LeadSourcePage(kind=LeadSource.POLICY, id=7, title="新能源政策", path="/zh/policies/7/", unit=unit),
        visitor=visitor, token=uuid.uuid4(), notice=leads.current_privacy_notice(), language="en",
        channel_tag="wechat", referrer_code="amb-01")
    if hours_ago:
        Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - dt.timedelta(hours=hours_ago))
        lead.refresh_from_db()
    return lead


def test_staff_see_their_units_leads_with_source_and_waiting_time(client, district_staff, units):
    # given
    mine = a_lead(units["lixia"], hours_ago=30)
    fresh = a_lead(units["lixia"], hours_ago=2)
    a_lead(units["huaiyin"], organisation="槐荫的线索")
    client.force_login(district_staff)
    # when
    response = client.get(reverse("crm:leads"))
    # then
    rows = {row["lead"].pk: row["timer"] for row in response.context["rows"]}
    assert set(rows) == {mine.pk, fresh.pk}
    assert rows[mine.pk]["overdue"] and not rows[fresh.pk]["overdue"]
    html = response.content.decode()
    assert "槐荫的线索" not in html
    assert html.count('class="table-danger"') == 1
    assert "wechat" in html and "amb-01" in html and "新能源政策" in html


def test_the_city_bureau_sees_every_units_leads(client, city_staff, units):
    a_lead(units["lixia"])
    a_lead(units["hightech"])
    client.force_login(city_staff)
    assert client.get(reverse("crm:leads")).context["page"].paginator.count == 2


def test_another_units_lead_is_a_404_and_media_editors_have_no_inbox(client, other_district_staff, media_editor,
                                                                       units):
    # given
    lead = a_lead(units["lixia"])
    # when / then
    client.force_login(other_district_staff)
    assert client.get(reverse("crm:lead", args=[lead.pk])).status_code == 404
    assert client.post(reverse("crm:lead_convert", args=[lead.pk])).status_code == 404
    client.force_login(media_editor)
    assert client.get(reverse("crm:leads")).status_code == 403
    assert client.get(reverse("crm:lead", args=[lead.pk])).status_code == 404


def test_answering_stops_the_timer(client, district_staff, units):
    # given
    lead = a_lead(units["lixia"], hours_ago=30)
    client.force_login(district_staff)
    # when
    client.post(reverse("crm:lead_answered", args=[lead.pk]), {"note": "已电话联系"})
    # then
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED and lead.responded_by == district_staff
    response = client.get(reverse("crm:leads"))
    assert not response.context["rows"][0]["timer"]["overdue"]


def test_recording_a_lead_as_an_investor_from_its_page(client, district_staff, units):
    # given
    lead = a_lead(units["lixia"])
    client.force_login(district_staff)
    # when
    response = client.post(reverse("crm:lead_convert", args=[lead.pk]), {"investor": ""})
    # then
    investor = Investor.objects.get()
    assert response["Location"] == reverse("crm:detail", args=[investor.pk])
    assert (investor.name_zh, investor.name_en, investor.owner_unit) == (
        "Beta Hydrogen AG", "Beta Hydrogen AG", units["lixia"])
    lead.refresh_from_db()
    assert (lead.status, lead.investor) == (LeadStatus.CONVERTED, investor)


def test_leaders_read_leads_but_do_not_handle_them(client, leader, units):
    lead = a_lead(units["lixia"])
    client.force_login(leader)
    assert client.get(reverse("crm:lead", args=[lead.pk])).status_code == 200
    assert client.post(reverse("crm:lead_answered", args=[lead.pk])).status_code == 403
    assert client.post(reverse("crm:lead_convert", args=[lead.pk])).status_code == 403
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_the_inbox_takes_the_same_number_of_queries_for_many_leads(client, city_staff, units,
                                                                   django_assert_max_num_queries):
    # given
    client.force_login(city_staff)
    a_lead(units["lixia"])
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("crm:leads"))
    for _ in range(10):
        a_lead(units["hightech"])
    # when / then
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(reverse("crm:leads")).context["rows"]) == 11


def test_staff_offer_and_withdraw_slots_from_their_page(client, zone_staff, units):
    # given
    client.force_login(zone_staff)
    start = timezone.localtime() + dt.timedelta(days=2)
    # when
    response = client.post(reverse("crm:slots"), {
        "unit": units["hightech"].pk, "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "meeting_link": "https://meeting.example.com/abc"})
    # then
    slot = MeetingSlot.objects.get()
    assert response.status_code == 302 and slot.unit == units["hightech"]
    client.post(reverse("crm:slot_withdraw", args=[slot.pk]))
    assert not MeetingSlot.objects.exists()


def test_a_slot_for_another_unit_is_refused(client, zone_staff, units):
    client.force_login(zone_staff)
    start = timezone.localtime() + dt.timedelta(days=2)
    response = client.post(reverse("crm:slots"), {
        "unit": units["pioneer"].pk, "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "meeting_link": "https://meeting.example.com/abc"})
    assert response.status_code == 400
    assert not MeetingSlot.objects.exists()
