"""The paths a person takes through the ledger, in Debian's chromium."""

import re
from decimal import Decimal

import pytest

from yunzhao.conftest import log_in
from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.projects.choices import Stage
from yunzhao.projects.models import Project
from yunzhao.testing.factories import make_project

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_login_with_a_wrong_password_then_the_right_one(page, district_staff):
    # when a wrong password is typed
    log_in(page, district_staff.username, "not the password")
    # then the form says so and no page behind the login opens
    assert page.url.endswith("/login/")
    assert page.locator(".alert-danger, .invalid-feedback, .errorlist").count() > 0
    # when the right one is typed
    log_in(page, district_staff.username)
    # then the ledger opens
    assert re.search(r"/projects/$", page.url)
    assert page.locator("nav").inner_text().find(str(district_staff.unit)) >= 0


def test_district_staff_walk_their_ledger_and_never_see_another_district(page, district_staff,
                                                                         other_district_staff):
    # given
    mine = make_project(district_staff, name_zh="历下新能源电池项目", total_investment=Decimal("1500000000"))
    theirs = make_project(other_district_staff, name_zh="槐荫生物医药项目")
    # when
    log_in(page, district_staff.username)
    # then
    body = page.locator("main").inner_text()
    assert mine.name_zh in body
    assert theirs.name_zh not in body
    # when they filter by search
    page.fill("input[name=q]", "电池")
    page.locator("input[name=q]").press("Enter")
    page.wait_for_load_state("networkidle")
    assert mine.name_zh in page.locator("main").inner_text()
    # when they open the project
    page.click(f"a[href='/projects/{mine.pk}/']")
    page.wait_for_load_state("networkidle")
    assert mine.code in page.locator("main").inner_text()
    # and try the other district's project by its address
    response = page.goto(f"/projects/{theirs.pk}/")
    assert response.status == 404


def test_a_stage_change_updates_the_page_and_the_timeline(page, district_staff):
    # given
    project = make_project(district_staff, name_zh="章丘装备制造项目")
    log_in(page, district_staff.username)
    page.goto(f"/projects/{project.pk}/")
    # when the stage is set to "signed" in the stage form
    form = page.locator("#yz-stage-panel form")
    form.locator("select[name=stage]").select_option(Stage.SIGNED.value)
    form.locator("textarea[name=note], input[name=note]").first.fill("云签约")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.locator("#yz-stage-panel .alert-success").wait_for()
    # then the project moved and the timeline has the entry, with who did it
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED
    entry = timeline.for_object(project).get(event=TimelineEvent.STAGE_CHANGED)
    assert entry.actor == district_staff
    assert "yz-stage-signed" in page.locator("#yz-stage-badge").inner_html()


def test_pausing_without_a_reason_shows_an_error_and_changes_nothing(page, district_staff):
    project = make_project(district_staff)
    log_in(page, district_staff.username)
    page.goto(f"/projects/{project.pk}/")
    form = page.locator("#yz-stage-panel form")
    form.locator("select[name=stage]").select_option(Stage.PAUSED.value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.locator("#yz-stage-panel .invalid-feedback, #yz-stage-panel .alert-danger").first.wait_for()
    assert Project.objects.get(pk=project.pk).stage == Stage.LEAD
