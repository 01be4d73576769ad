"""The reach figures page: a district or zone, a media level and a campaign, as of a date and time."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yunzhao.reach.choices import METRICS, ChannelLevel
from yunzhao.reach.models import Channel
from yunzhao.reach.selectors import Scope, reach_as_of, reach_by_channel, reach_of_channels

from . import world as w
from .conftest import at, make_channel, publish, snap

URL = "/reach/figures/"


@pytest.fixture
def world(media_editor, units, campaign):
    return w.build(media_editor, units, campaign)


def number(text: str) -> int:
    return int(text.replace(",", ""))


def figure(html: str, name: str) -> int:
    return number(re.search(rf'data-figure="{name}">([^<]*)<', html).group(1))


def level_row(html: str, level: str) -> list[int]:
    row = html.split(f'<tr data-level="{level}">')[1].split("</tr>")[0]
    return [number(v) for v in re.findall(r'yz-amount[^"]*">([\d,]+)</td>', row)]


def channel_rows(html: str) -> dict[str, list[int]]:
    """``{code: [publications, reads, plays, likes, shares, comments, followers]}`` of the channel table."""
    body = html.split('id="channel-rows"')[1].split("</tbody>")[0]
    rows = {}
    for code, row in re.findall(r'<tr data-channel="([^"]+)">(.*?)</tr>', body, re.S):
        publications = int(re.search(r'title="[^"]*">(\d+)</a>', row).group(1))
        rows[code] = [publications, *(number(v) for v in re.findall(r'yz-amount[^"]*">([\d,]+)</td>', row))]
    return rows


def missing_codes(html: str) -> set[str]:
    if 'id="missing-list"' not in html:
        return set()
    return set(re.findall(r'data-channel="([^"]+)"', html.split('id="missing-list"')[1].split("</ul>")[0]))


def moment_params(hours: float) -> dict[str, str]:
    local = timezone.localtime(at(hours))
    return {"date": local.strftime("%Y-%m-%d"), "time": local.strftime("%H:%M")}


def test_a_district_figure_as_of_a_moment_matches_the_snapshots(client, city_staff, units, world):
    # given the world, and 历下区 (Lixia) as of 3 April 2021 18:00 (100 hours after the kick-off)
    client.force_login(city_staff)
    moment = at(100)
    want = w.expected(world, moment, district=units["lixia"])
    # when
    response = client.get(URL, {"district": units["lixia"].pk, **moment_params(100)})
    html = response.content.decode()
    # then the totals are those of Lixia's publications' latest snapshots at or before the moment
    assert response.status_code == 200
    assert {m: figure(html, m) for m in METRICS} == want.totals
    assert figure(html, "media") == want.media == 4
    # the split by level: distinct media, channels and reads per level
    for level in ChannelLevel.values:
        media, channels, reads, *_ = level_row(html, level)
        assert media == want.media_by_level[level], level
        assert channels == sum(1 for code in want.channels if world.channels[code].level == level)
        assert reads == sum(row["reads"] for code, row in want.channels.items()
                            if world.channels[code].level == level)
    # one row per channel, adding up to the totals, and the incomplete mark names the channel without figures
    rows = channel_rows(html)
    assert {code: dict(zip(METRICS, values[1:], strict=True)) for code, values in rows.items()} == want.channels
    assert missing_codes(html) == want.missing_channels == {"lixia-rongmei"}
    assert 'data-figure="incomplete"' in html
    assert "历下区" in html.split('id="scope-summary"')[1].split("</div>")[0]


@pytest.mark.parametrize("scope", ["city", "lixia", "central", "district-level", "campaign", "hightech-overseas"])
def test_every_scope_at_many_moments_matches_the_figures_worked_out(client, leader, units, world, scope):
    # given a scope as a leader picks it (leaders see the whole city)
    parts = {
        "city": {}, "lixia": {"district": units["lixia"]}, "central": {"level": ChannelLevel.CENTRAL},
        "district-level": {"level": ChannelLevel.DISTRICT}, "campaign": {"campaign": world.campaign},
        "hightech-overseas": {"district": units["hightech"], "level": ChannelLevel.OVERSEAS},
    }[scope]
    params = {k: getattr(v, "pk", v) for k, v in parts.items()}
    client.force_login(leader)
    for hours in (-1, 3, 26.5, 47, 60, 140):
        # when
        html = client.get(URL, {**params, **moment_params(hours)}).content.decode()
        # then
        want = w.expected(world, at(hours), **parts)
        assert {m: figure(html, m) for m in METRICS} == want.totals, hours
        assert figure(html, "media") == want.media, hours
        assert missing_codes(html) == want.missing_channels, hours
        assert ('data-figure="incomplete"' in html) is (want.without_snapshot > 0), hours


def test_the_channel_rows_add_up_to_the_statements_figure(units, world, django_assert_num_queries):
    # given scopes of every shape, at moments before, during and after the events
    for parts in ({}, {"district": units["huaiyin"]}, {"level": ChannelLevel.CITY},
                  {"campaign": world.campaign, "district": units["lixia"], "level": ChannelLevel.CENTRAL}):
        scope = Scope.of(**parts)
        for hours in (-3, 0.5, 30, 51, 200):
            # when read by the kept statement, and through the ORM
            with django_assert_num_queries(1):
                channels = reach_by_channel(scope, at(hours))
            with django_assert_num_queries(1):
                assert reach_by_channel(scope.publications(), at(hours)) == channels
            # then the rows give the same Reach as the one statement, and as the figures worked out by hand
            reach = reach_of_channels(channels, at(hours))
            assert reach == reach_as_of(scope, at(hours)), (parts, hours)
            want = w.expected(world, at(hours), **parts)
            assert {c.channel.code for c in channels if c.incomplete} == want.missing_channels
            assert {sid for c in channels for sid in c.snapshot_ids} == want.snapshot_ids


def test_the_drill_down_shows_the_snapshot_each_publication_counts(client, city_staff, world):
    # given the ijinan channel: four events and the campaign itself went out on it
    client.force_login(city_staff)
    ijinan = world.channels["ijinan"]
    want = w.expected(world, at(60), campaign=world.campaign)
    # when
    html = client.get(URL, {"campaign": world.campaign.pk, "channel": ijinan.pk, **moment_params(60)}).content.decode()
    # then the drill-down lists each publication out by then with the id and time of its latest snapshot
    drill = html.split('id="drill-rows"')[1].split("</table>")[0]
    shown = set(map(int, re.findall(r'data-snapshot="(\d+)"', drill)))
    ijinan_pubs = {p.pk for p in world.publications if p.channel_id == ijinan.pk}
    assert shown == {sid for (pub, _t), sid in world.ids.items() if pub in ijinan_pubs} & want.snapshot_ids
    assert len(re.findall(r"<tr", drill)) - 1 == sum(
        1 for p in world.publications if p.channel_id == ijinan.pk and p.published_at <= at(60))
    # and the channel's row links to it
    assert f"channel={ijinan.pk}" in html


def test_a_publication_without_figures_is_shown_as_such_in_the_drill_down(client, city_staff, units, world):
    client.force_login(city_staff)
    channel = world.channels["lixia-rongmei"]
    html = client.get(URL, {"district": units["lixia"].pk, "channel": channel.pk, **moment_params(80)}).content.decode()
    drill = html.split('id="drill"')[1].split('id="channels"')[0]
    assert "table-warning" in drill and "data-snapshot" not in drill


def test_a_date_without_a_time_is_the_end_of_that_day(client, city_staff, world):
    client.force_login(city_staff)
    html = client.get(URL, {"date": "2021-03-31"}).content.decode()
    end_of_day = timezone.make_aware(timezone.datetime(2021, 3, 31, 23, 59))
    assert {m: figure(html, m) for m in METRICS} == w.expected(world, end_of_day).totals
    assert 'value="23:59"' in html


def test_with_nothing_picked_it_is_the_whole_city_now(client, city_staff, world):
    client.force_login(city_staff)
    html = client.get(URL).content.decode()
    assert {m: figure(html, m) for m in METRICS} == w.expected(world, timezone.now()).totals
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html


# --- who sees what --------------------------------------------------------------------------------


def test_district_staff_see_their_own_district_and_another_is_a_404(client, district_staff, units, world):
    client.force_login(district_staff)
    # when nothing is picked: their own district's figures
    html = client.get(URL, moment_params(100)).content.decode()
    assert {m: figure(html, m) for m in METRICS} == w.expected(world, at(100), district=units["lixia"]).totals
    # the district picker offers their unit only
    picker = html.split('name="district"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\d+)"', picker) == [str(units["lixia"].pk)]
    # naming their own district is the same; Huaiyin's, the High-Tech Zone's or an unknown unit is a 404
    assert client.get(URL, {"district": units["lixia"].pk}).status_code == 200
    for other in (units["huaiyin"].pk, units["hightech"].pk, units["jnipb"].pk, 999_999):
        assert client.get(URL, {"district": other}).status_code == 404, other


def test_zone_staff_see_their_own_zone(client, zone_staff, units, world):
    client.force_login(zone_staff)
    html = client.get(URL, moment_params(100)).content.decode()
    assert {m: figure(html, m) for m in METRICS} == w.expected(world, at(100), district=units["hightech"]).totals
    assert client.get(URL, {"district": units["lixia"].pk}).status_code == 404


def test_media_editors_and_city_staff_pick_any_district(client, media_editor, city_staff, units, world):
    for user in (media_editor, city_staff):
        client.force_login(user)
        for unit in ("lixia", "huaiyin", "hightech"):
            html = client.get(URL, {"district": units[unit].pk, **moment_params(100)}).content.decode()
            assert figure(html, "reads") == w.expected(world, at(100), district=units[unit]).totals["reads"]


def test_leaders_read_the_page_and_change_nothing(client, leader, units, world):
    client.force_login(leader)
    response = client.get(URL, {"district": units["huaiyin"].pk})
    assert response.status_code == 200
    html = response.content.decode()
    content = html.split('id="scope-summary"')[1]
    assert 'method="post"' not in content
    assert client.post(URL, {"district": units["huaiyin"].pk}).status_code == 405


def test_an_unknown_campaign_is_a_404(client, city_staff, world):
    client.force_login(city_staff)
    assert client.get(URL, {"campaign": world.campaign.pk + 999}).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- bad input, in the user's language ---------------------------------------------------------------


@pytest.mark.parametrize(("params", "field", "zh", "en"), [
    ({"level": "galactic"}, "level", "请选择有效的选项，galactic 不在可选范围内。",
     "Select a valid choice. galactic is not one of the available choices."),
    ({"date": "2021-02-30"}, "date", "请输入有效的日期。", "Enter a valid date."),
    ({"date": "2021-03-30", "time": "25:61"}, "time", "输入一个有效的时间。", "Enter a valid time."),
    ({"district": "历下"}, "district", "请输入整数。", "Enter a whole number."),
])
def test_bad_input_is_a_422_naming_the_field_in_the_users_language(client, city_staff, world, params, field, zh, en):
    client.force_login(city_staff)
    for language, message in (("zh-hans", zh), ("en", en)):
        # when
        response = client.get(URL, params, headers={"Accept-Language": language})
        # then the form comes back with the field marked, and no figure is shown
        html = response.content.decode()
        assert response.status_code == 422
        assert message in html, language
        assert re.search(rf'name="{field}"[^>]*is-invalid|is-invalid[^>]*name="{field}"', html)
        assert 'data-figure="reads"' not in html


# --- queries ----------------------------------------------------------------------------------------


def count_queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_takes_a_fixed_number_of_queries_whatever_the_channels(
        client, media_editor, city_staff, campaign, event, django_assert_max_num_queries):
    client.force_login(city_staff)
    params = {"campaign": campaign.pk, "date": "2021-03-31", "time": "12:00"}
    # given a few channels
    for i in range(3):
        snap(media_editor, publish(media_editor, make_channel(media_editor, f"a{i}"), event=event), 1, reads=i)
    with django_assert_max_num_queries(12):
        few = count_queries(client, params)
    few_drill = count_queries(client, {**params, "channel": Channel.objects.get(code="a1").pk})
    # when there are a hundred and twenty more, on several levels, some without figures
    for i in range(120):
        level = ChannelLevel.values[i % len(ChannelLevel.values)]
        pub = publish(media_editor, make_channel(media_editor, f"b{i}", level=level), event=event, hours=i % 5)
        if i % 7:
            snap(media_editor, pub, 6, reads=1000 + i, followers=i)
    # then the page, a second page of channels and a drill-down take as many queries as before
    with django_assert_max_num_queries(12):
        assert count_queries(client, params) == few
    assert count_queries(client, {**params, "page": 2}) == few
    assert count_queries(client, {**params, "channel": Channel.objects.get(code="b8").pk}) == few_drill
    html = client.get(URL, {**params, "page": 3}).content.decode()
    assert "3 / 3" in html
