import uuid

import pytest
from django.urls import reverse

from yunzhao.core import timeline
from yunzhao.crm.choices import LeadSource, LeadStatus
from yunzhao.crm.leads import current_privacy_notice
from yunzhao.crm.models import Lead
from yunzhao.publishing.tests import factories


def interest_url(kind: str, pk: int, lang: str = "zh") -> str:
    return reverse("portal:interest", kwargs={"lang": lang, "kind": kind, "pk": pk})


def form_data(**overrides) -> dict:
    data = {"name": "王小明", "organisation": "德国某某储能有限公司", "country": "DE", "email": "wang@example.de",
            "phone": "", "interest": "invest", "message": "我们希望了解土地和人才政策。", "consent": "on",
            "token": str(uuid.uuid4()), "src": "", "ref": "", "company_website": ""}
    return {**data, **overrides}


@pytest.fixture
def zone_page(city_staff, units):
    return factories.zone(city_staff, units["hightech"])


def test_interest_on_a_zone_becomes_a_lead_of_the_zone_with_its_source(client, zone_page, units, city_staff):
    # given: the visitor came from a WeChat post, referred by an ambassador
    factories.channel(city_staff, "wechat")
    client.get(reverse("portal:zone", kwargs={"lang": "en", "code": "hightech"}), {"src": "wechat", "ref": "amb-07"})
    form = client.get(interest_url("zone", zone_page.pk, "en"))
    token = form.context["form"].initial["token"]
    assert form.context["form"].initial["src"] == "wechat"
    # when
    response = client.post(interest_url("zone", zone_page.pk, "en"),
                           form_data(token=token, src="wechat", ref="amb-07"))
    # then
    lead = Lead.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:thanks", kwargs={"lang": "en", "reference": lead.reference})
    assert lead.unit == units["hightech"]
    assert (lead.source_kind, lead.source_id, lead.source_title) == (LeadSource.ZONE, zone_page.pk, "济南高新区")
    assert lead.source_path == "/zh/zones/hightech/"
    assert (lead.channel_tag, lead.channel.code, lead.referrer_code) == ("wechat", "wechat", "amb-07")
    assert lead.privacy_notice == current_privacy_notice() and lead.consented_at is not None
    assert (lead.status, lead.language, lead.country.code) == (LeadStatus.NEW, "en", "DE")
    assert timeline.for_object(lead).first().after["ref"] == "amb-07"


def test_the_channel_tag_is_remembered_from_an_earlier_page_of_the_visit(client, zone_page):
    # given: the tag came on the home page only; the form is posted without hidden tags
    client.get(reverse("portal:home", kwargs={"lang": "zh"}), {"src": "poster-a", "ref": "r1"})
    # when
    client.post(interest_url("zone", zone_page.pk), form_data())
    # then
    lead = Lead.objects.get()
    assert (lead.channel_tag, lead.referrer_code, lead.channel) == ("poster-a", "r1", None)


def test_interest_on_an_event_goes_to_the_events_unit_with_the_event(client, city_staff, zone_staff, units):
    # given
    event = factories.event(zone_staff)
    page = factories.event_page(city_staff, event)
    # when
    client.post(interest_url("event", page.pk), form_data())
    # then
    lead = Lead.objects.get()
    assert (lead.unit, lead.event, lead.source_kind) == (units["hightech"], event, LeadSource.EVENT)
    assert lead.source_path == f"/zh/events/{event.pk}/"


def test_interest_on_a_policy_goes_to_the_unit_that_owns_it(client, district_staff, units):
    # given
    policy = factories.policy(district_staff)
    # when
    client.post(interest_url("policy", policy.pk), form_data())
    # then
    assert Lead.objects.get().unit == units["lixia"]


def test_interest_on_an_opportunity_goes_to_its_unit(client, zone_staff, units):
    # given
    from yunzhao.testing.factories import make_project

    item = factories.opportunity(zone_staff, make_project(zone_staff))
    # when
    client.post(interest_url("opportunity", item.pk), form_data())
    # then
    assert Lead.objects.get().unit == units["hightech"]


def test_a_double_submit_makes_one_lead(client, zone_page):
    # given
    data = form_data()
    # when
    first = client.post(interest_url("zone", zone_page.pk), data)
    second = client.post(interest_url("zone", zone_page.pk), data)
    # then
    assert Lead.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_honeypot_stops_robots_without_telling_them(client, zone_page):
    # when
    response = client.post(interest_url("zone", zone_page.pk), form_data(company_website="http://spam.example"))
    # then
    assert response.status_code == 200
    assert not Lead.objects.exists()


def test_a_flood_from_one_address_is_stopped(client, zone_page, settings):
    # given
    settings.PORTAL_RATE_LIMIT = (3, 600)
    # when
    statuses = [client.post(interest_url("zone", zone_page.pk, "en"), form_data()).status_code for _ in range(5)]
    other = client.post(interest_url("zone", zone_page.pk), form_data(), REMOTE_ADDR="10.0.0.9")
    # then
    assert statuses == [302, 302, 302, 429, 429]
    assert Lead.objects.count() == 4
    assert other.status_code == 302
    flooded = client.post(interest_url("zone", zone_page.pk, "en"), form_data())
    assert "Too many registrations from your network" in flooded.content.decode()


def test_rare_characters_are_kept_intact(client, zone_page):
    # when
    client.post(interest_url("zone", zone_page.pk), form_data(name="𠮷野家 吉田", organisation="𠮷野家控股",
                                                              message="𠀀𪚥 emoji 🚀"))
    # then
    lead = Lead.objects.get()
    assert (lead.name, lead.organisation, lead.message) == ("𠮷野家 吉田", "𠮷野家控股", "𠀀𪚥 emoji 🚀")


def test_scripts_are_stored_as_typed_and_escaped_where_staff_read_them(client, zone_page, city_staff):
    # given
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(interest_url("zone", zone_page.pk), form_data(name=script, organisation=script, message=script))
    lead = Lead.objects.get()
    assert lead.name == script
    # when
    client.force_login(city_staff)
    pages = [client.get(reverse("crm:lead", args=[lead.pk])), client.get(reverse("crm:leads"))]
    # then
    for page in pages:
        html = page.content.decode()
        assert script not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Ensure this value has at most 2000 characters (it has 500000)."),
    ("zh", "确保该变量包含不超过 2000 字符 (目前字符数 500000)。"),
])
def test_huge_fields_are_refused_with_a_message_in_the_visitors_language(client, zone_page, lang, message):
    # when
    response = client.post(interest_url("zone", zone_page.pk, lang), form_data(message="长" * 500_000,
                                                                                name="n" * 5000))
    # then
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"message", "name"}
    html = response.content.decode()
    assert message in html
    assert not Lead.objects.exists()
    # what was typed comes back only up to the limit
    assert "长" * 2000 in html and "长" * 2001 not in html


def test_consent_and_a_way_to_answer_are_required(client, zone_page):
    # when
    data = form_data(email="", phone="")
    data.pop("consent")
    response = client.post(interest_url("zone", zone_page.pk, "en"), data)
    # then
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"consent", "email"}
    assert not Lead.objects.exists()


def test_a_phone_number_alone_is_enough(client, zone_page):
    client.post(interest_url("zone", zone_page.pk), form_data(email="", phone="+49 30 1234567"))
    assert Lead.objects.get().phone == "+49 30 1234567"


def test_interest_on_an_unpublished_page_is_not_found(client, city_staff):
    draft = factories.policy(city_staff, publish=False)
    assert client.get(interest_url("policy", draft.pk)).status_code == 404
    assert client.post(interest_url("policy", draft.pk), form_data()).status_code == 404
    assert client.get(interest_url("project", draft.pk)).status_code == 404


def test_the_acknowledgement_shows_the_reference_and_never_the_visitors_details(client, zone_page):
    # given
    client.post(interest_url("zone", zone_page.pk, "en"), form_data(name="Zhang Unique", email="zu@example.org"))
    lead = Lead.objects.get()
    # when
    response = client.get(reverse("portal:thanks", kwargs={"lang": "en", "reference": lead.reference}))
    # then
    html = response.content.decode()
    assert lead.reference in html and "Jinan High-Tech Zone" in html
    assert "Zhang Unique" not in html and "zu@example.org" not in html
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_form_page_is_never_cached(client, zone_page):
    first = client.get(interest_url("zone", zone_page.pk)).context["form"].initial["token"]
    second = client.get(interest_url("zone", zone_page.pk)).context["form"].initial["token"]
    assert first != second
