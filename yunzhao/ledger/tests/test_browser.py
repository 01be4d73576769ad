"""Export the ledger and import it back, in Debian's chromium."""

from decimal import Decimal

import openpyxl
import pytest

from yunzhao.conftest import log_in
from yunzhao.core.models import TimelineEntry
from yunzhao.ledger.choices import ImportStatus
from yunzhao.ledger.models import ImportRun
from yunzhao.projects.models import Project
from yunzhao.testing.factories import make_project

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def test_export_then_import_the_same_file_changes_nothing(page, district_staff, tmp_path):
    # given
    for n in range(3):
        make_project(district_staff, name_zh=f"历下项目{n}", total_investment=Decimal(100_000_000 * (n + 1)))
    log_in(page, district_staff.username)
    # when the ledger is exported from the ledger page
    with page.expect_download() as download:
        page.click("a[href^='/ledger/export/']")
    path = tmp_path / "ledger.xlsx"
    download.value.save_as(path)
    rows = list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 4
    # and imported back, first as a dry run
    entries_before = TimelineEntry.objects.count()
    page.goto("/ledger/import/")
    page.check("input[name=dry_run]")
    page.set_input_files("input[name=file]", str(path))
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert ImportRun.objects.latest("started_at").status == ImportStatus.DRY_RUN
    # then applied
    page.click("form[action$='/apply/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    run = ImportRun.objects.latest("started_at")
    # then nothing changed
    assert run.status == ImportStatus.APPLIED
    assert (run.rows_total, run.rows_unchanged, run.rows_created) == (3, 3, 0)
    assert Project.objects.count() == 3
    assert TimelineEntry.objects.count() == entries_before


def test_a_faulty_file_is_rejected_with_each_fault_named(page, district_staff, tmp_path):
    # given a ledger with a bad amount and an unknown district
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["项目名称", "投资方", "区县", "总投资(万元)", "阶段"])
    sheet.append(["好项目", "某某科技有限公司", "历下区", "1.5亿", "在谈"])
    sheet.append(["坏金额", "某某科技有限公司", "历下区", "abc", "在谈"])
    sheet.append(["坏区县", "某某科技有限公司", "火星区", "15000万", "在谈"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    log_in(page, district_staff.username)
    # when
    page.goto("/ledger/import/")
    page.set_input_files("input[name=file]", str(path))
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    # then
    run = ImportRun.objects.latest("started_at")
    assert run.status == ImportStatus.REJECTED
    text = page.locator("main").inner_text()
    assert "abc" in text and "火星区" in text
    assert Project.objects.count() == 0
