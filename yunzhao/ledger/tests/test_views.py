import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from yunzhao.core.models import TimelineEntry
from yunzhao.ledger.choices import ImportStatus
from yunzhao.ledger.models import ImportRun
from yunzhao.projects.models import Project
from yunzhao.testing.factories import make_project

from .helpers import xlsx

HEADERS = ["项目名称", "投资方", "区县", "总投资(万元)", "阶段"]


def _upload(client, data: bytes, *, dry_run: bool, name: str = "台账.xlsx"):
    form = {"file": SimpleUploadedFile(name, data)}
    if dry_run:
        form["dry_run"] = "on"
    return client.post(reverse("ledger:import"), form)


def test_upload_a_dry_run_then_apply_it(client, district_staff, units):
    # given
    client.force_login(district_staff)
    data = xlsx([["历下新项目", "新投资方", "历下区", "1.5亿", "在谈"]], headers=HEADERS)
    # when: checked first
    response = _upload(client, data, dry_run=True)
    # then: a report, nothing changed yet
    check = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("ledger:report", args=[check.pk])
    assert (check.status, check.rows_created, check.investors_created) == (ImportStatus.DRY_RUN, 1, 1)
    assert not Project.objects.exists()
    page = client.get(response.url)
    assert page.status_code == 200
    assert reverse("ledger:apply", args=[check.pk]).encode() in page.content
    assert "新投资方" in page.content.decode()
    # when: applied from the report
    response = client.post(reverse("ledger:apply", args=[check.pk]))
    # then
    applied = ImportRun.objects.exclude(pk=check.pk).get()
    assert response.url == reverse("ledger:report", args=[applied.pk])
    assert (applied.status, applied.rows_created) == (ImportStatus.APPLIED, 1)
    assert Project.objects.get().name_zh == "历下新项目"
    check.refresh_from_db()
    assert not check.checked_file and not check.can_be_applied
    # and it cannot be applied twice
    client.post(reverse("ledger:apply", args=[check.pk]))
    assert Project.objects.count() == 1


def test_a_rejected_upload_shows_every_fault(client, city_staff, units):
    client.force_login(city_staff)
    data = xlsx([["好项目", "甲", "历下区", "1亿", "在谈"], ["坏项目", "甲", "不存在区", "abc", "在谈"]],
                headers=HEADERS)
    response = _upload(client, data, dry_run=False)
    page = client.get(response.url).content.decode()
    assert "Unknown district or county." in page and "不存在区" in page
    assert "This is not an amount." in page and "abc" in page
    assert page.count("<td>3</td>") == 2
    assert not Project.objects.exists()


def test_the_import_page_lists_only_the_users_own_imports(client, city_staff, district_staff, units):
    client.force_login(district_staff)
    _upload(client, xlsx([["甲项目", "甲", "历下区", "1亿", "在谈"]], headers=HEADERS), dry_run=True, name="mine.xlsx")
    client.force_login(city_staff)
    _upload(client, xlsx([["乙项目", "甲", "历下区", "1亿", "在谈"]], headers=HEADERS), dry_run=True,
            name="city.xlsx")
    page = client.get(reverse("ledger:import")).content.decode()
    assert "city.xlsx" in page and "mine.xlsx" not in page
    theirs = ImportRun.objects.get(file_name="mine.xlsx")
    assert client.get(reverse("ledger:report", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("ledger:apply", args=[theirs.pk])).status_code == 404


def test_an_oversized_upload_is_refused_without_being_kept(client, city_staff, settings):
    settings.LEDGER_IMPORT_MAX_BYTES = 10 * 1024
    client.force_login(city_staff)
    response = _upload(client, b"x" * (50 * 1024), dry_run=False, name="huge.csv")
    run = ImportRun.objects.get()
    assert response.url == reverse("ledger:report", args=[run.pk])
    assert run.status == ImportStatus.REJECTED
    assert run.errors[0]["message"].startswith("The file is too large")
    assert "too large" in client.get(response.url).content.decode()


@pytest.mark.parametrize("role", ["leader", "media_editor"])
def test_readers_cannot_import(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("ledger:import")).status_code == 403
    assert _upload(client, b"a,b\n", dry_run=False).status_code == 403
    assert not ImportRun.objects.exists()


def test_media_editors_cannot_export_and_leaders_can(client, media_editor, leader, city_staff, units):
    make_project(city_staff, district=units["lixia"])
    client.force_login(media_editor)
    assert client.get(reverse("ledger:export")).status_code == 403
    client.force_login(leader)
    assert client.get(reverse("ledger:export")).status_code == 200


def test_export_view_filters_like_the_ledger_and_streams_xlsx(client, city_staff, units):
    # given
    make_project(city_staff, name_zh="历下一", district=units["lixia"])
    make_project(city_staff, name_zh="槐荫一", district=units["huaiyin"])
    client.force_login(city_staff)
    # when
    response = client.get(reverse("ledger:export"), {"district": units["huaiyin"].pk})
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["槐荫一"]


def test_export_queries_do_not_grow_with_rows(client, city_staff, units, django_assert_max_num_queries):
    client.force_login(city_staff)
    for i in range(3):
        make_project(city_staff, name_zh=f"项目{i}", district=units["lixia"])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("ledger:export"))
    for i in range(30):
        make_project(city_staff, name_zh=f"更多项目{i}", district=units["lixia"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("ledger:export"))
    assert load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.max_row == 34


def test_an_export_uploaded_again_changes_nothing(client, city_staff, units):
    make_project(city_staff, name_zh="往返项目", district=units["lixia"])
    client.force_login(city_staff)
    data = b"".join(client.get(reverse("ledger:export")).streaming_content)
    entries = TimelineEntry.objects.count()
    _upload(client, data, dry_run=False, name="export.xlsx")
    run = ImportRun.objects.get()
    assert (run.status, run.rows_unchanged, run.rows_updated) == (ImportStatus.APPLIED, 1, 0)
    assert TimelineEntry.objects.count() == entries


def test_uploads_need_the_csrf_token(city_staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(city_staff)
    response = _upload(client, xlsx([["项目", "甲", "历下区", "1亿", "在谈"]], headers=HEADERS), dry_run=True)
    assert response.status_code == 403
    assert not ImportRun.objects.exists()


def test_only_the_latest_check_can_be_applied(client, city_staff, units):
    client.force_login(city_staff)
    _upload(client, xlsx([["先查的", "甲", "历下区", "1亿", "在谈"]], headers=HEADERS), dry_run=True)
    _upload(client, xlsx([["后查的", "甲", "历下区", "1亿", "在谈"]], headers=HEADERS), dry_run=True)
    first, second = ImportRun.objects.order_by("pk")
    assert not first.can_be_applied and second.can_be_applied
    client.post(reverse("ledger:apply", args=[first.pk]))
    assert not Project.objects.exists()
    client.post(reverse("ledger:apply", args=[second.pk]))
    assert list(Project.objects.values_list("name_zh", flat=True)) == ["后查的"]
