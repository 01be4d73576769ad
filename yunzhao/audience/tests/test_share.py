"""Share links and QR codes: one per channel the event goes out on, each attributing its visitors."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from yunzhao.audience.selectors import live_figures
from yunzhao.audience.sharing import CAMPAIGN_WIDE
from yunzhao.campaigns.choices import StreamKind
from yunzhao.portal.qr import qr_code
from yunzhao.publishing.tests import factories as publishing
from yunzhao.reach import actions as reach_actions
from yunzhao.reach.choices import ChannelKind, ChannelLevel, PublicationKind

from .conftest import beacon_url


@pytest.fixture
def outlets(media_editor, event, channels):
    """The event goes out live on WeChat, the campaign as an article on Douyin, and its stream is on ``qrposter``."""
    now = timezone.now()
    reach_actions.record_publication(actor=media_editor, channel=channels["wechat"], kind=PublicationKind.LIVE,
                                     event=event, published_at=now)
    reach_actions.record_publication(actor=media_editor, channel=channels["douyin"], kind=PublicationKind.ARTICLE,
                                     campaign=event.campaign, published_at=now)
    publishing.stream(media_editor, event, channels["qrposter"], "https://live.example.com/1")
    return channels


@pytest.fixture
def unrelated(media_editor):
    return reach_actions.create_channel(actor=media_editor, code="overseas", name_zh="海外频道", name_en="Overseas",
                                        outlet_name_zh="海外媒体", level=ChannelLevel.OVERSEAS, kind=ChannelKind.WEBSITE,
                                        language="en")


def cards(response) -> dict[str, str]:
    """The share link of each channel card on the page, by channel code."""
    return {link.code: link.url for link in response.context["links"]}


def test_the_share_page_lists_every_channel_the_event_goes_out_on_with_its_link(
        client, city_staff, event, outlets, unrelated, django_assert_max_num_queries):
    # given
    client.force_login(city_staff)
    # when
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audience:event_share", args=[event.pk]))
    # then: publications of the event and of its campaign, and stream links; nothing else
    assert response.status_code == 200
    assert cards(response) == {code: f"http://testserver/zh/events/{event.pk}/?src={code}"
                               for code in ("wechat", "douyin", "qrposter")}
    via = {link.code: link.via for link in response.context["links"]}
    assert via["wechat"] == [str(PublicationKind.LIVE.label)] and via["qrposter"] == [str(StreamKind.LIVE.label)]
    assert via["douyin"] == [f"{PublicationKind.ARTICLE.label} ({CAMPAIGN_WIDE})"]
    body = response.content.decode()
    assert reverse("audience:share_qr", args=[event.pk, "wechat"]) in body
    assert reverse("audience:share_poster", args=[event.pk, "douyin"]) in body
    # and another channel can be picked, not yet listed
    assert [c.code for c in response.context["others"]] == ["overseas"]


def test_a_link_for_another_channel_opens_the_english_page_for_an_english_channel(client, city_staff, event, unrelated):
    # given
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:event_share", args=[event.pk]), {"add": ["overseas", "no such!"]})
    # then
    assert cards(response) == {"overseas": f"http://testserver/en/events/{event.pk}/?src=overseas"}
    assert response.context["added"] == ["overseas"]


def test_an_inactive_channel_is_flagged_and_gets_no_link(client, city_staff, media_editor, event, outlets):
    # given: WeChat is switched off in the registry
    reach_actions.update_channel(outlets["wechat"], actor=media_editor, changes={"is_active": False})
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:event_share", args=[event.pk]))
    qr = client.get(reverse("audience:share_qr", args=[event.pk, "wechat"]))
    # then
    wechat = next(link for link in response.context["links"] if link.code == "wechat")
    assert not wechat.attributable
    assert 'class="alert alert-warning small' in response.content.decode()
    assert qr.status_code == 404


def test_the_page_warns_when_the_event_has_no_public_page(client, city_staff, media_editor, event, outlets):
    # given
    client.force_login(city_staff)
    # when
    before = client.get(reverse("audience:event_share", args=[event.pk]))
    publishing.event_page(city_staff, event)
    after = client.get(reverse("audience:event_share", args=[event.pk]))
    # then
    assert not before.context["has_page"] and 'class="alert alert-warning"' in before.content.decode()
    assert after.context["has_page"] and 'class="alert alert-warning"' not in after.content.decode()


def test_every_share_link_attributes_its_visitors_to_its_channel(client, city_staff, media_editor, embedded, event,
                                                                 outlets):
    # given: the event's page is published, and the share links are taken from the share page
    publishing.event_page(city_staff, event)
    client.force_login(city_staff)
    links = cards(client.get(reverse("audience:event_share", args=[event.pk])))
    client.logout()
    # when a visitor opens each link, and the page sends its beacon with the link's code (as portal.js does)
    for n, url in enumerate(links.values()):
        parts = urlsplit(url)
        page = client.get(parts.path, parse_qs(parts.query))
        assert page.status_code == 200
        assert f'data-event="{event.pk}"' in page.content.decode()
        src = parse_qs(parts.query)["src"][0]
        assert client.get(beacon_url(event.pk, src=src, v=f"visitor-{n:02d}-0000000000")).status_code == 204
    # then each channel counts one view and one viewer, and nothing is unattributed
    figures = live_figures(event_id=event.pk)
    assert sorted((s["code"], s["views"], s["viewers"]) for s in figures["sources"]) == [
        ("douyin", 1, 1), ("qrposter", 1, 1), ("wechat", 1, 1)]


def test_the_qr_code_encodes_the_channels_share_link(client, city_staff, event, outlets):
    # given
    client.force_login(city_staff)
    url = f"http://testserver/zh/events/{event.pk}/?src=douyin"
    # when
    svg = client.get(reverse("audience:share_qr", args=[event.pk, "douyin"]))
    png = client.get(reverse("audience:share_qr_png", args=[event.pk, "douyin"]))
    # then
    assert svg["Content-Type"] == "image/svg+xml" and svg.content == qr_code(url, "svg")
    assert png["Content-Type"] == "image/png" and png.content == qr_code(url, "png")
    assert png["Content-Disposition"] == f'attachment; filename="qr-event{event.pk}-douyin.png"'


@pytest.mark.parametrize("name", ["audience:event_share", "audience:share_qr", "audience:share_poster"])
def test_an_unknown_event_or_channel_is_not_found(client, city_staff, event, outlets, name):
    # given
    client.force_login(city_staff)
    args = [event.pk + 1000] if name == "audience:event_share" else [event.pk + 1000, "wechat"]
    # when
    unknown_event = client.get(reverse(name, args=args))
    unknown_channel = client.get(reverse(name, args=[event.pk, "nope"])) if name != "audience:event_share" else None
    # then
    assert unknown_event.status_code == 404
    assert unknown_channel is None or unknown_channel.status_code == 404


def test_share_pages_are_for_staff_only(client, event, outlets):
    # when
    response = client.get(reverse("audience:share_qr", args=[event.pk, "wechat"]))
    # then
    assert response.status_code == 302 and response["Location"].startswith("/login/")

