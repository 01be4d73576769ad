import re

import pytest
from django.urls import reverse
from django.utils import timezone

from yunzhao.reach.choices import METRICS, ChannelLevel
from yunzhao.reach.models import Channel, MetricSnapshot, Publication
from yunzhao.reach.selectors import publications_for, reach_as_of

from .conftest import at, make_channel, publish, snap

AS_OF = "2021-03-30T18:00"


def figure(html: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', html).group(1)


@pytest.fixture
def covered(event, media_editor):
    """Three publications of the event on two outlets, with snapshots before and after 18:00."""
    people = make_channel(media_editor, "people-app", outlet="人民日报", level=ChannelLevel.CENTRAL)
    people_web = make_channel(media_editor, "people-web", outlet="人民日报", level=ChannelLevel.CENTRAL)
    ijinan = make_channel(media_editor, "ijinan", outlet="济南日报报业集团", level=ChannelLevel.CITY)
    a = publish(media_editor, people, event=event, hours=0)
    b = publish(media_editor, ijinan, event=event, hours=0)
    publish(media_editor, people_web, event=event, hours=1)  # never counted: incomplete
    snap(media_editor, a, 2, reads=1_000_000, followers=30_000)
    snap(media_editor, a, 4, reads=2_500_000, followers=70_000)
    snap(media_editor, b, 3, reads=400_000, plays=90_000, followers=5_000)
    snap(media_editor, b, 6, reads=900_000, plays=100_000, followers=9_000)
    return event


def test_event_reach_page_shows_the_figures_as_of_the_moment(client, city_staff, covered):
    client.force_login(city_staff)
    # when
    html = client.get(reverse("reach:event", args=[covered.pk]), {"as_of": AS_OF}).content.decode()
    # then: 2.5M + 0.4M reads, 3 publications on 2 outlets, one without figures
    assert figure(html, "reads").replace(",", "") == "2900000"
    assert figure(html, "followers").replace(",", "") == "75000"
    assert figure(html, "media") == "2"
    assert 'data-figure="incomplete"' in html
    assert 'data-reach-chart' in html and "<script>" not in html


def test_every_member_of_staff_sees_reach_but_only_recorders_get_the_grid(
        client, covered, leader, district_staff, media_editor):
    url = reverse("reach:event", args=[covered.pk])
    for user, grid in ((leader, False), (district_staff, False), (media_editor, True)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert ('id="snapshot-grid"' in response.content.decode()) is grid, user


def test_anonymous_users_are_sent_to_log_in(client, covered):
    response = client.get(reverse("reach:event", args=[covered.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_unknown_event_is_a_404(client, city_staff, event):
    client.force_login(city_staff)
    assert client.get(reverse("reach:event", args=[event.pk + 999])).status_code == 404


def test_the_reach_page_takes_a_fixed_number_of_queries(client, media_editor, event, django_assert_max_num_queries):
    client.force_login(media_editor)
    url = reverse("reach:event", args=[event.pk])

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"as_of": AS_OF}).status_code == 200
        return len(ctx.captured_queries)

    # given a few publications, then many more
    for i in range(3):
        snap(media_editor, publish(media_editor, make_channel(media_editor, f"a{i}"), event=event), 1, reads=i)
    few = count_queries()
    for i in range(25):
        snap(media_editor, publish(media_editor, make_channel(media_editor, f"b{i}"), event=event), 1, reads=i)
    # then the count does not grow with the rows
    assert count_queries() == few
    with django_assert_max_num_queries(16):
        client.get(url, {"as_of": AS_OF})


def test_the_campaign_page_adds_up_its_events(client, city_staff, media_editor, covered, campaign, lixia_event):
    # given a publication of the Lixia session and one of the campaign itself
    pub = publish(media_editor, make_channel(media_editor, "lixia-rongmei", level=ChannelLevel.DISTRICT),
                  event=lixia_event, hours=0)
    snap(media_editor, pub, 3, reads=100)
    own = publish(media_editor, Channel.objects.get(code="ijinan"), campaign=campaign, hours=0)
    snap(media_editor, own, 3, reads=5)
    client.force_login(city_staff)
    # when
    html = client.get(reverse("reach:campaign", args=[campaign.pk]), {"as_of": AS_OF}).content.decode()
    # then
    assert figure(html, "reads").replace(",", "") == str(2_900_000 + 100 + 5)
    assert reverse("reach:event", args=[lixia_event.pk]) in html


def test_grid_records_counts_of_many_publications_at_once(client, media_editor, covered):
    client.force_login(media_editor)
    a, b, web = Publication.objects.filter(event=covered).order_by("pk")
    # when
    response = client.post(reverse("reach:event-grid", args=[covered.pk]), {
        "taken_at": "2021-03-30T20:00",
        f"p{a.pk}_reads": "2600000", f"p{a.pk}_followers": "71000",
        f"p{web.pk}_reads": "1234",
    }, headers={"HX-Request": "true"})
    # then
    assert response.status_code == 204
    assert "as_of=2021-03-30T20%3A00" in response["HX-Redirect"]
    recorded = MetricSnapshot.objects.filter(taken_at=at(6))
    assert {(s.publication_id, s.reads, s.followers) for s in recorded if s.publication_id != b.pk} == {
        (a.pk, 2_600_000, 71_000), (web.pk, 1234, 0)}


def test_grid_refuses_a_decreasing_counter_and_records_nothing(client, media_editor, covered):
    client.force_login(media_editor)
    a, b, web = Publication.objects.filter(event=covered).order_by("pk")
    before = MetricSnapshot.objects.count()
    # when a's reads go down from 2,500,000 (at 18:00) while web's row is fine
    response = client.post(reverse("reach:event-grid", args=[covered.pk]), {
        "taken_at": "2021-03-30T19:00", f"p{a.pk}_reads": "2400000", f"p{web.pk}_reads": "10",
    }, headers={"HX-Request": "true"})
    # then the grid comes back with the cell marked, and nothing is recorded
    html = response.content.decode()
    assert response.status_code == 200
    assert "is-invalid" in html and "2,500,000" in html
    assert MetricSnapshot.objects.count() == before


def test_grid_refuses_negative_and_non_numbers(client, media_editor, covered):
    client.force_login(media_editor)
    a = Publication.objects.filter(event=covered).order_by("pk").first()
    response = client.post(reverse("reach:event-grid", args=[covered.pk]), {
        "taken_at": "2021-03-30T19:00", f"p{a.pk}_reads": "-5", f"p{a.pk}_likes": "many",
    })
    assert response.status_code == 422
    assert response.content.decode().count("is-invalid") >= 2


def test_district_staff_cannot_record_on_another_districts_event(
        client, district_staff, media_editor, lixia_event, huaiyin_event):
    channel = make_channel(media_editor, "district-app", level=ChannelLevel.DISTRICT)
    theirs = publish(media_editor, channel, event=huaiyin_event, hours=48)
    mine = publish(media_editor, channel, event=lixia_event, hours=24)
    client.force_login(district_staff)
    # when posting to Huaiyin's event: refused
    response = client.post(reverse("reach:event-grid", args=[huaiyin_event.pk]),
                           {"taken_at": "2021-04-01T18:00", f"p{theirs.pk}_reads": "5"})
    assert response.status_code == 403
    response = client.post(reverse("reach:event-publication", args=[huaiyin_event.pk]),
                           {"channel": channel.pk, "kind": "article", "published_at": "2021-04-01T15:00"})
    assert response.status_code == 403
    assert not MetricSnapshot.objects.filter(publication=theirs).exists()
    # and on their own event: recorded
    response = client.post(reverse("reach:event-grid", args=[lixia_event.pk]),
                           {"taken_at": "2021-03-31T18:00", f"p{mine.pk}_reads": "5"})
    assert response.status_code == 302
    assert MetricSnapshot.objects.get(publication=mine).reads == 5


def test_add_publication_from_the_page(client, media_editor, event):
    channel = make_channel(media_editor, "xinhua", level=ChannelLevel.CENTRAL)
    client.force_login(media_editor)
    response = client.post(reverse("reach:event-publication", args=[event.pk]), {
        "channel": channel.pk, "kind": "live", "published_at": "2021-03-30T14:00", "url": "https://example.org/live"})
    assert response.status_code == 302
    pub = Publication.objects.get(event=event)
    assert (pub.channel, pub.kind, pub.published_at, pub.created_by) == (channel, "live", at(0), media_editor)
    # the same channel and kind twice is refused on the form
    response = client.post(reverse("reach:event-publication", args=[event.pk]), {
        "channel": channel.pk, "kind": "live", "published_at": "2021-03-30T15:00"})
    assert response.status_code == 422
    assert Publication.objects.filter(event=event).count() == 1


def test_drill_down_rows_add_up_to_the_figure(client, city_staff, covered):
    client.force_login(city_staff)
    reach = reach_as_of(publications_for(event=covered), at(4))
    # when
    html = client.get(reverse("reach:event-rows", args=[covered.pk]), {"as_of": AS_OF}).content.decode()
    # then the rows' reads sum to the figure, and the total row says so
    body = html.split('id="rows"')[1].split("<tfoot>")[0]
    cells = re.findall(r'<td class="text-end yz-amount">([\d,]+)</td>', body)
    reads = [int(c.replace(",", "")) for c in cells[0::len(METRICS)]]
    assert sum(reads) == reach.totals["reads"] == 2_900_000
    total = html.split('id="rows-total"')[1]
    assert "2,900,000" in total
    # and the publication without figures and the two outlets are listed
    assert "people-web" in html.split('id="missing-list"')[1]
    assert html.split('id="media-list"')[1].count('class="fw-semibold"') == reach.media == 2


def test_drill_down_by_level(client, city_staff, covered):
    client.force_login(city_staff)
    html = client.get(reverse("reach:event-rows", args=[covered.pk]),
                      {"as_of": AS_OF, "level": ChannelLevel.CITY}).content.decode()
    assert "400,000" in html.split('id="rows-total"')[1]


def test_bulletin_fragment_links_each_number(client, media_editor, covered):
    client.force_login(media_editor)
    response = client.get(reverse("reach:event-bulletin", args=[covered.pk]), {"as_of": AS_OF},
                          headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "截至3月30日18时，据不完全统计，活动共有" in html
    assert "As of 6:00 p.m. on March 30, according to incomplete statistics" in html
    links = re.findall(r'<a href="([^"]+)" data-bulletin-figure>([^<]+)</a>', html)
    assert [text for _, text in links] == ["2", "290万", "7.5万", "2 media", "2.9 million times", "75,000 followers"]
    assert all("/rows/" in href for href, _ in links)
    assert "<html" not in html  # a fragment for htmx


def test_chart_json_matches_reach_as_of(client, leader, covered):
    client.force_login(leader)
    data = client.get(reverse("reach:event-chart", args=[covered.pk]), {"as_of": AS_OF}).json()
    pubs = publications_for(event=covered)
    assert data["times"][-1].startswith("2021-03-30T18:00")
    for i, moment in enumerate(data["times"]):
        reach = reach_as_of(pubs, timezone.datetime.fromisoformat(moment))
        assert {m: data["series"][m][i] for m in METRICS} == reach.totals
        assert data["series"]["media"][i] == reach.media
    assert {row["level"]: row["reads"] for row in data["by_level"]}[ChannelLevel.CENTRAL] == 2_500_000


def test_channel_registry_lists_and_filters(client, leader, media_editor):
    make_channel(media_editor, "cctv", outlet="中央广播电视总台", level=ChannelLevel.CENTRAL, kind="tv")
    make_channel(media_editor, "ijinan", outlet="济南日报报业集团", level=ChannelLevel.CITY)
    client.force_login(leader)
    html = client.get(reverse("reach:channels"), {"level": ChannelLevel.CENTRAL}).content.decode()
    assert "cctv" in html and "ijinan" not in html
    assert reverse("reach:channel-create") not in html  # leaders read only


def test_channel_registry_query_count_does_not_grow(client, leader, media_editor, django_assert_max_num_queries):
    for i in range(30):
        make_channel(media_editor, f"c{i}")
    client.force_login(leader)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reach:channels")).status_code == 200


def test_media_editor_creates_a_channel_and_leaders_cannot(client, media_editor, leader):
    data = {"code": "kuaishou", "name_zh": "快手", "name_en": "Kuaishou", "outlet_name_zh": "快手科技",
            "level": ChannelLevel.CENTRAL, "kind": "video", "owner": "external", "country": "CN",
            "language": "zh-hans", "is_active": "on"}
    client.force_login(leader)
    assert client.post(reverse("reach:channel-create"), data).status_code == 403
    client.force_login(media_editor)
    response = client.post(reverse("reach:channel-create"), data)
    assert response.status_code == 302
    channel = Channel.objects.get(code="kuaishou")
    assert (channel.outlet.name_zh, channel.level, channel.kind) == ("快手科技", "central", "video")
    # and edits it
    response = client.post(reverse("reach:channel-edit", args=[channel.pk]), {**data, "outlet": channel.outlet_id,
                                                                               "outlet_name_zh": "", "level": "city"})
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.level == "city"


def test_grid_names_every_fault_in_one_answer(client, media_editor, covered):
    client.force_login(media_editor)
    a, b, web = Publication.objects.filter(event=covered).order_by("pk")
    # when one cell is not a count and another goes down
    response = client.post(reverse("reach:event-grid", args=[covered.pk]), {
        "taken_at": "2021-03-30T19:00", f"p{a.pk}_reads": "2400000", f"p{b.pk}_likes": "-1",
    }, headers={"HX-Request": "true"})
    # then both are marked
    html = response.content.decode()
    assert html.count("is-invalid") == 2
    assert "2,500,000" in html
