import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from yunzhao.core.models import TimelineEntry
from yunzhao.ledger.choices import ImportStatus
from yunzhao.ledger.models import ImportRun
from yunzhao.projects.choices import Stage
from yunzhao.projects.models import Project
from yunzhao.testing.factories import make_project

from .helpers import xlsx


def _codes(path) -> list[str]:
    return [row[0] for row in load_workbook(path).active.iter_rows(min_row=2, values_only=True)]


def test_export_command_writes_what_the_user_may_see(tmp_path, district_staff, other_district_staff):
    mine = make_project(district_staff, name_zh="历下项目")
    theirs = make_project(other_district_staff, name_zh="槐荫项目")
    out = io.StringIO()
    call_command("export_projects", str(tmp_path / "mine.xlsx"), "--user", district_staff.username, stdout=out)
    call_command("export_projects", str(tmp_path / "all.xlsx"), stdout=io.StringIO())
    assert _codes(tmp_path / "mine.xlsx") == [mine.code]
    assert sorted(_codes(tmp_path / "all.xlsx")) == sorted([mine.code, theirs.code])
    assert out.getvalue() == f"1 projects written to {tmp_path / 'mine.xlsx'}\n"


def test_export_command_takes_the_ledger_filters(tmp_path, city_staff, units):
    from yunzhao.projects.actions import change_stage

    signed = make_project(city_staff, name_zh="已签约", district=units["lixia"])
    change_stage(signed, to=Stage.SIGNED, actor=city_staff)
    make_project(city_staff, name_zh="线索", district=units["lixia"])
    call_command("export_projects", str(tmp_path / "signed.xlsx"), "--filter", "stage=signed", stdout=io.StringIO())
    assert _codes(tmp_path / "signed.xlsx") == [signed.code]
    with pytest.raises(CommandError):
        call_command("export_projects", str(tmp_path / "x.csv"), stdout=io.StringIO())


def test_import_command_dry_run_then_apply(tmp_path, units):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(xlsx([["", "命令行项目", "某公司", "历下区", "1亿", "CNY", "在谈", None]]))
    out = io.StringIO()
    call_command("import_projects", str(path), "--dry-run", stdout=out)
    assert "created 1, updated 0, unchanged 0, new investors 1" in out.getvalue()
    assert not Project.objects.exists()
    call_command("import_projects", str(path), stdout=io.StringIO())
    project = Project.objects.get()
    assert project.name_zh == "命令行项目"
    assert TimelineEntry.objects.filter(actor=None).exists()
    assert list(ImportRun.objects.order_by("pk").values_list("status", "actor")) == [
        (ImportStatus.DRY_RUN, None), (ImportStatus.APPLIED, None)]


def test_import_command_lists_every_fault_and_fails(tmp_path, district_staff):
    path = tmp_path / "bad.csv"
    path.write_text("项目名称,投资方,区县,总投资(万元),阶段\n甲,某公司,槐荫区,1亿,在谈\n乙,某公司,历下区,abc,在谈\n",
                    encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 faults"):
        call_command("import_projects", str(path), "--user", district_staff.username, stdout=io.StringIO(),
                     stderr=err)
    assert "row 2, 区县 [槐荫区]: You can only import projects of your own district." in err.getvalue()
    assert "row 3, 总投资(万元) [abc]:" in err.getvalue()
    assert not Project.objects.exists()


def test_import_command_refuses_unknown_users_and_readers(tmp_path, leader):
    path = tmp_path / "x.csv"
    path.write_text("项目名称\n", encoding="utf-8")
    with pytest.raises(CommandError, match="No user named"):
        call_command("import_projects", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="may not change"):
        call_command("import_projects", str(path), "--user", leader.username)
