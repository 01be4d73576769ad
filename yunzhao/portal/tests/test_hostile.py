"""Hostile input on the public forms: control characters, odd values, racing double submits, floods."""

import threading
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from yunzhao.crm.models import Lead, MeetingSlot
from yunzhao.publishing.tests import factories

from .test_interest import form_data, interest_url
from .test_meetings import a_lead, a_slot, meeting_url


@pytest.fixture
def zone_page(city_staff, units):
    return factories.zone(city_staff, units["hightech"])


@pytest.mark.parametrize("field", ["name", "organisation", "email", "phone", "message", "src", "ref", "token",
                                   "country", "interest"])
def test_a_nul_or_control_character_in_any_field_is_refused_without_an_error(client, zone_page, field):
    # when: PostgreSQL cannot store NUL at all; no field may let it through to the database
    response = client.post(interest_url("zone", zone_page.pk, "en"), form_data(**{field: "ab\x00cd"}))
    # then
    assert response.status_code in (302, 400)
    if response.status_code == 302:  # only where the value is dropped or replaced, never stored
        assert field in ("src", "ref", "token")
        lead = Lead.objects.get()
        assert "\x00" not in lead.channel_tag + lead.referrer_code + str(lead.submission_token)
    else:
        assert not Lead.objects.exists()


@pytest.mark.parametrize("value", ["<script>x</script>", "x" * 200, "a b", "wechat\nSet-Cookie: x=1", "𠮷"])
def test_hidden_tags_that_are_not_tags_are_dropped(client, zone_page, value):
    # when
    client.post(interest_url("zone", zone_page.pk), form_data(src=value, ref=value))
    # then
    lead = Lead.objects.get()
    assert (lead.channel_tag, lead.referrer_code) == ("", "")


def test_every_field_at_its_limit_with_four_byte_characters_is_kept(client, zone_page):
    # given: 𠮷 is one character and four bytes; limits count characters
    data = form_data(name="𠮷" * 100, organisation="𠮷" * 200, message="𠮷" * 2000)
    # when
    response = client.post(interest_url("zone", zone_page.pk), data)
    # then
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert (lead.name, lead.organisation, lead.message) == ("𠮷" * 100, "𠮷" * 200, "𠮷" * 2000)


def test_a_robot_flood_through_the_honeypot_creates_nothing_and_tells_nothing(client, zone_page, settings):
    # given
    settings.PORTAL_RATE_LIMIT = (3, 600)
    # when
    answers = [client.post(interest_url("zone", zone_page.pk, "en"), form_data(company_website="x"))
               for _ in range(10)]
    # then: the same calm page every time, and no lead
    assert {a.status_code for a in answers} == {200}
    assert "Your message has been received." in answers[-1].content.decode()
    assert not Lead.objects.exists()


def test_a_flood_of_meeting_attempts_is_stopped(client, city_staff, units, settings):
    # given
    settings.PORTAL_RATE_LIMIT = (3, 600)
    lead = a_lead(units["hightech"])
    slot = a_slot(city_staff, units["pioneer"])  # another unit's: never bookable by this lead
    # when
    statuses = [client.post(meeting_url(lead, "en"), {"slot": slot.pk}).status_code for _ in range(5)]
    # then
    assert statuses == [409, 409, 409, 429, 429]
    assert not MeetingSlot.objects.filter(lead__isnull=False).exists()


@pytest.mark.parametrize("token", ["", "not-a-uuid", "\x00", "x" * 5000])
def test_a_form_without_its_token_still_reaches_the_office_once(client, zone_page, token):
    # given: a form whose hidden token was lost or tampered with
    data = form_data(token=token)
    # when
    response = client.post(interest_url("zone", zone_page.pk), data)
    # then: the visitor is not stuck on an error they cannot see
    assert response.status_code == 302
    assert Lead.objects.count() == 1


@pytest.mark.parametrize("slot", ["", "abc", "0", "-5", "1.5", "9" * 40, "\x00", "<script>"])
def test_odd_slot_values_are_refused_with_a_message(client, zone_staff, units, slot):
    # given
    lead = a_lead(units["hightech"])
    a_slot(zone_staff, units["hightech"])
    # when
    response = client.post(meeting_url(lead, "en"), {"slot": slot})
    # then
    assert response.status_code in (400, 409)
    assert not MeetingSlot.objects.filter(lead__isnull=False).exists()


@pytest.mark.parametrize("reference", ["YZ-0000-0000", "<script>", "𠮷" * 10, "x" * 3000])
def test_unknown_or_odd_references_are_not_found(client, db, reference):
    for name in ("portal:thanks", "portal:meeting"):
        assert client.get(reverse(name, kwargs={"lang": "en", "reference": reference})).status_code == 404


@pytest.mark.postgres
def test_a_double_click_racing_itself_makes_one_lead(racing_threads, units_tx, zone_staff_tx):
    # given: the same form (same token) sent four times at once
    from django.test import Client

    zone = factories.zone(zone_staff_tx, units_tx["hightech"])
    data = form_data(token=str(uuid.uuid4()))
    barrier = threading.Barrier(4)
    answers = []

    def submit(n):
        client = Client(REMOTE_ADDR=f"10.0.0.{n}")
        barrier.wait()
        try:
            answers.append(client.post(interest_url("zone", zone.pk), data))
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=submit, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then: one lead, and every click is sent to its acknowledgement
    assert Lead.objects.count() == 1
    assert {a.status_code for a in answers} == {302}
    assert {a["Location"] for a in answers} == {f"/zh/interest/thanks/{Lead.objects.get().reference}/"}
