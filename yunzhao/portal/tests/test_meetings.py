import datetime as dt
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from yunzhao.crm import leads
from yunzhao.crm.choices import InteractionKind, LeadSource
from yunzhao.crm.models import Interaction, Investor, Lead, MeetingSlot
from yunzhao.testing.factories import make_investor


def a_lead(unit, name: str = "李雷", organisation: str = "Alpha Storage GmbH") -> Lead:
    lead, _created = leads.register_interest(
        page=leads.LeadSourcePage(kind=LeadSource.ZONE, id=1, title="济南高新区", path="/zh/zones/hightech/",
                                  unit=unit),
        visitor={"name": name, "organisation": organisation, "email": "li@example.com", "interest": "meeting",
                 "country": "DE"},
        token=uuid.uuid4(), notice=leads.current_privacy_notice(), language="zh-hans")
    return lead


def a_slot(actor, unit, hours: int = 48) -> MeetingSlot:
    start = timezone.now() + dt.timedelta(hours=hours)
    return leads.offer_slot(actor=actor, unit=unit, starts_at=start, ends_at=start + dt.timedelta(minutes=30),
                            meeting_link=f"https://meet.example.com/{hours}")


def meeting_url(lead: Lead, lang: str = "zh") -> str:
    return reverse("portal:meeting", kwargs={"lang": lang, "reference": lead.reference})


def test_a_visitor_books_a_free_slot_and_sees_the_meeting_link(client, zone_staff, units):
    # given
    lead = a_lead(units["hightech"])
    slot = a_slot(zone_staff, units["hightech"])
    page = client.get(meeting_url(lead, "en"))
    assert [s.pk for s in page.context["slots"]] == [slot.pk]
    # when
    response = client.post(meeting_url(lead, "en"), {"slot": slot.pk})
    # then
    slot.refresh_from_db()
    assert response.status_code == 302
    assert slot.lead == lead and slot.booked_at is not None
    html = client.get(meeting_url(lead, "en")).content.decode()
    assert "https://meet.example.com/48" in html


def test_only_the_units_own_future_free_slots_can_be_booked(client, zone_staff, city_staff, units):
    # given
    lead = a_lead(units["hightech"])
    elsewhere = a_slot(city_staff, units["pioneer"])
    taken = a_slot(zone_staff, units["hightech"], hours=72)
    leads.book_meeting(a_lead(units["hightech"], name="先到者"), taken.pk)
    # when / then
    for slot in (elsewhere, taken):
        assert client.post(meeting_url(lead), {"slot": slot.pk}).status_code == 409
    assert MeetingSlot.objects.filter(lead=lead).count() == 0
    assert [s.pk for s in client.get(meeting_url(lead)).context["slots"]] == []


def test_a_lead_books_one_meeting(zone_staff, units):
    # given
    lead = a_lead(units["hightech"])
    first, second = a_slot(zone_staff, units["hightech"]), a_slot(zone_staff, units["hightech"], hours=96)
    leads.book_meeting(lead, first.pk)
    # when / then
    with pytest.raises(ValidationError):
        leads.book_meeting(lead, second.pk)
    second.refresh_from_db()
    assert second.lead is None


def test_a_slot_two_visitors_saw_free_is_booked_by_the_first_only(client, zone_staff, units):
    # given: both visitors have the booking page open with the same free slot
    slot = a_slot(zone_staff, units["hightech"])
    first, second = a_lead(units["hightech"], name="甲"), a_lead(units["hightech"], name="乙")
    for lead in (first, second):
        assert [s.pk for s in client.get(meeting_url(lead)).context["slots"]] == [slot.pk]
    # when
    won = client.post(meeting_url(first), {"slot": slot.pk})
    lost = client.post(meeting_url(second, "en"), {"slot": slot.pk})
    # then
    assert (won.status_code, lost.status_code) == (302, 409)
    assert "Someone has just booked that time" in lost.content.decode()
    slot.refresh_from_db()
    assert slot.lead == first


@pytest.mark.postgres
def test_two_visitors_racing_for_one_slot_book_it_once(racing_threads, units_tx, zone_staff_tx):
    # given
    slot = a_slot(zone_staff_tx, units_tx["hightech"])
    racers = [a_lead(units_tx["hightech"], name=f"访客{i}") for i in range(4)]
    barrier = threading.Barrier(len(racers))
    outcomes = []

    def race(lead):
        barrier.wait()
        try:
            leads.book_meeting(lead, slot.pk)
            outcomes.append("booked")
        except leads.SlotTaken:
            outcomes.append("taken")
        except Exception as exc:  # anything else is a failure of the booking, shown in the assertion
            outcomes.append(repr(exc))
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=race, args=(lead,)) for lead in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert sorted(outcomes) == ["booked", "taken", "taken", "taken"]
    slot.refresh_from_db()
    assert slot.lead_id in {lead.pk for lead in racers}
    assert MeetingSlot.objects.filter(lead__isnull=False).count() == 1


def test_converting_a_lead_records_its_meeting_as_an_interaction_with_the_link(zone_staff, units):
    # given
    lead = a_lead(units["hightech"])
    slot = a_slot(zone_staff, units["hightech"])
    leads.book_meeting(lead, slot.pk)
    # when
    lead = leads.convert_lead(lead, actor=zone_staff)
    # then
    investor = lead.investor
    assert (investor.name_zh, investor.owner_unit, investor.country.code) == (
        "Alpha Storage GmbH", units["hightech"], "DE")
    contact = investor.contacts.get()
    assert (contact.name, contact.email, contact.consent_given, contact.consent_method) == (
        "李雷", "li@example.com", True, "online_form")
    interaction = Interaction.objects.get(investor=investor)
    assert interaction.kind == InteractionKind.VIDEO_MEETING
    assert interaction.occurred_on == timezone.localtime(slot.starts_at).date()
    assert "https://meet.example.com/48" in interaction.summary
    slot.refresh_from_db()
    assert slot.interaction == interaction
    assert lead.first_response_at is not None


def test_a_meeting_booked_after_conversion_goes_straight_to_the_investor(zone_staff, units):
    # given
    existing = make_investor(zone_staff, name_zh="阿尔法储能")
    lead = leads.convert_lead(a_lead(units["hightech"]), actor=zone_staff, investor=existing)
    slot = a_slot(zone_staff, units["hightech"])
    # when
    leads.book_meeting(lead, slot.pk)
    # then
    interaction = Interaction.objects.get(investor=existing)
    assert interaction.kind == InteractionKind.VIDEO_MEETING and interaction.created_by is None
    assert Investor.objects.count() == 1


def test_staff_offer_slots_for_their_own_unit_only(district_staff, units):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        a_slot(district_staff, units["huaiyin"])
    with pytest.raises(ValidationError):
        a_slot(district_staff, units["lixia"], hours=-2)
    assert a_slot(district_staff, units["lixia"]).unit == units["lixia"]


def test_an_unknown_reference_is_not_found(client, db):
    assert client.get(reverse("portal:meeting", kwargs={"lang": "zh", "reference": "YZ-0000-0000"})).status_code == 404
