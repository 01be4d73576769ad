import datetime as dt
import io
import zipfile
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from yunzhao.reach.choices import ImportStatus, PublicationKind, SnapshotSource
from yunzhao.reach.importer import import_snapshots, parse_count, parse_moment
from yunzhao.reach.models import MetricSnapshot, SnapshotImport

from .conftest import make_channel, publish, snap

HEADER = "活动编号,渠道代码,发布形式,截至时间,阅读量,播放量,点赞量,转发量,评论量,关注人次"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


@pytest.fixture
def setup(event, media_editor):
    """The event went out live on two channels at 14:00; the app has 500 reads at 15:00."""
    app = publish(media_editor, make_channel(media_editor, "people-app"), event=event, hours=0)
    douyin = publish(media_editor, make_channel(media_editor, "douyin"), event=event, hours=0)
    snap(media_editor, app, 1, reads=500, followers=50)
    return {"event": event, "app": app, "douyin": douyin}


def good_file(event) -> bytes:
    return csv_bytes(
        HEADER,
        f"{event.pk},people-app,live,2021-03-30 16:00,1200,0,30,5,2,80",
        f"{event.pk},people-app,,2021-03-30 18:00,2000,,,,,120",
        f"{event.pk},douyin,直播,2021/3/30 18:00,3.5万,9000,100,20,10,1000",
    )


def test_a_clean_file_is_recorded_and_reimporting_it_changes_nothing(setup, media_editor):
    data = good_file(setup["event"])
    # when
    run = import_snapshots(data, file_name="reach.csv", actor=media_editor)
    # then
    assert (run.status, run.rows_total, run.rows_created, run.rows_unchanged) == (ImportStatus.APPLIED, 3, 3, 0)
    at18 = MetricSnapshot.objects.get(publication=setup["app"], taken_at=timezone.make_aware(dt.datetime(2021, 3, 30, 18)))
    assert (at18.reads, at18.likes, at18.followers, at18.source) == (2000, 30, 120, SnapshotSource.IMPORT)
    assert MetricSnapshot.objects.get(publication=setup["douyin"]).reads == 35000
    # and again: nothing new
    count = MetricSnapshot.objects.count()
    again = import_snapshots(data, file_name="reach.csv", actor=media_editor)
    assert (again.status, again.rows_created, again.rows_unchanged) == (ImportStatus.APPLIED, 0, 3)
    assert MetricSnapshot.objects.count() == count


def test_a_bad_file_is_rejected_whole_with_every_fault_named(setup, media_editor):
    event = setup["event"]
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    data = csv_bytes(
        HEADER,
        f"{event.pk},douyin,live,2021-03-30 16:00,100,0,0,0,0,1",          # 2: fine on its own
        f"{event.pk},people-app,live,2021-03-30 17:00,-3,0,0,0,0,60",      # 3: negative
        f"{event.pk},nosuch,live,2021-03-30 17:00,1,0,0,0,0,0",            # 4: unknown channel
        f"{event.pk},douyin,live,{future},200,0,0,0,0,2",                  # 5: in the future
        f"{event.pk},douyin,live,2021-03-30 16:00,100,0,0,0,0,1",          # 6: duplicates row 2
        f"{event.pk},people-app,live,2021-03-30 17:30,400,0,0,0,0,60",     # 7: lower than 500 at 15:00
        f"{event.pk},people-app,live,2021-03-30 15:00,501,0,0,0,0,50",     # 8: stored with other numbers
        f"{event.pk},douyin,live,2021-03-30 13:00,1,0,0,0,0,0",            # 9: before it went out
        "999999,douyin,live,2021-03-30 17:00,1,0,0,0,0,0",                # 10: unknown event
        f"{event.pk},douyin,live,2021-03-30 19:00,lots,0,0,0,0,5",         # 11: not a number
        f"{event.pk},douyin,live,2021-03-30 20:00,1.5,0,0,0,0,5",          # 12: not whole
    )
    before = MetricSnapshot.objects.count()
    # when
    with translation.override("en"):
        run = import_snapshots(data, file_name="bad.csv", actor=media_editor)
    # then nothing is recorded, and each fault has its row and column
    assert run.status == ImportStatus.REJECTED
    assert MetricSnapshot.objects.count() == before
    faults = {(e["row"], e["column"]) for e in run.errors}
    assert faults == {(3, "阅读量"), (4, "渠道代码"), (5, "截至时间"), (6, "截至时间"), (7, "阅读量"), (8, "阅读量"),
                      (9, "截至时间"), (10, "活动编号"), (11, "阅读量"), (12, "阅读量")}
    messages = {e["row"]: e["message"] for e in run.errors}
    assert "nosuch" in messages[4]
    assert "row 2" in messages[6]
    assert "500" in messages[7]
    assert "999999" in messages[10]
    assert SnapshotImport.objects.get(pk=run.pk).errors == run.errors


def test_kind_may_be_left_out_only_when_the_channel_has_one_publication(setup, media_editor):
    event = setup["event"]
    publish(media_editor, setup["douyin"].channel, event=event, hours=3, kind=PublicationKind.REPLAY)
    data = csv_bytes("event id,channel code,as of,reads", f"{event.pk},douyin,2021-03-30 18:00,10")
    with translation.override("en"):
        run = import_snapshots(data, file_name="en.csv", actor=media_editor)
    assert run.status == ImportStatus.REJECTED
    [fault] = run.errors
    assert (fault["row"], fault["column"]) == (2, "channel code")
    assert "Replay" in fault["message"] and "publication kind" in fault["message"]


def test_district_staff_import_only_for_their_own_events(setup, district_staff):
    run = import_snapshots(good_file(setup["event"]), file_name="reach.csv", actor=district_staff)
    assert run.status == ImportStatus.REJECTED
    assert {e["column"] for e in run.errors} == {"活动编号"}
    assert len(run.errors) == 3


def test_an_xlsx_workbook_with_english_headers_and_date_cells(setup, media_editor):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Event ID", "Channel code", "Publication kind", "As of", "Reads", "Followers"])
    sheet.append([setup["event"].pk, "douyin", "Live broadcast", dt.datetime(2021, 3, 30, 18, 0), 35000, 1000])
    out = io.BytesIO()
    workbook.save(out)
    run = import_snapshots(out.getvalue(), file_name="reach.xlsx", actor=media_editor)
    assert (run.status, run.rows_created) == (ImportStatus.APPLIED, 1), run.errors
    assert MetricSnapshot.objects.get(publication=setup["douyin"]).reads == 35000


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_bom_and_gb18030(setup, media_editor, encoding):
    run = import_snapshots(good_file(setup["event"]).decode().encode(encoding), file_name="r.csv", actor=media_editor)
    assert (run.status, run.rows_created) == (ImportStatus.APPLIED, 3), run.errors


@pytest.fixture
def english():
    """Messages in English, to read them in assertions."""
    with translation.override("en"):
        yield


def test_not_a_spreadsheet_a_zip_bomb_and_an_oversized_file_are_refused(setup, media_editor, settings, english):
    png = import_snapshots(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, file_name="chart.png", actor=media_editor)
    assert png.status == ImportStatus.REJECTED and "spreadsheet" in png.errors[0]["message"]
    # a workbook-shaped archive whose sheet inflates to far more than the limit
    settings.LEDGER_IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (5 * 1024 * 1024))
    run = import_snapshots(bomb.getvalue(), file_name="bomb.xlsx", actor=media_editor)
    assert run.status == ImportStatus.REJECTED and "zip bomb" in run.errors[0]["message"]
    settings.LEDGER_IMPORT_MAX_BYTES = 100
    big = import_snapshots(good_file(setup["event"]), file_name="big.csv", actor=media_editor)
    assert big.status == ImportStatus.REJECTED and "too large" in big.errors[0]["message"]
    assert MetricSnapshot.objects.count() == 1


def test_a_dry_run_records_nothing(setup, media_editor):
    run = import_snapshots(good_file(setup["event"]), file_name="r.csv", actor=media_editor, dry_run=True)
    assert (run.status, run.rows_created) == (ImportStatus.DRY_RUN, 3)
    assert MetricSnapshot.objects.count() == 1


@pytest.mark.parametrize(("cell", "count"), [
    ("1,234", 1234), ("12.5万", 125000), ("1.2亿", 120000000), (3.0, 3), ("", None), ("１２", 12)])
def test_counts_as_people_type_them(cell, count):
    assert parse_count(cell) == count


def test_moments_as_people_type_them():
    expected = timezone.make_aware(dt.datetime(2021, 3, 30, 18, 0))
    for cell in ("2021-03-30 18:00", "2021/3/30 18:00", "2021年3月30日18时", "2021-03-30T18:00:00",
                 dt.datetime(2021, 3, 30, 18)):
        assert parse_moment(cell) == expected, cell


def test_the_command_imports_or_lists_every_fault(setup, tmp_path):
    path = tmp_path / "reach.csv"
    path.write_bytes(good_file(setup["event"]))
    out = StringIO()
    call_command("import_snapshots", str(path), "--dry-run", stdout=out)
    assert "3 row(s); would record 3 snapshot(s)" in out.getvalue()
    assert MetricSnapshot.objects.count() == 1
    call_command("import_snapshots", str(path), stdout=out)
    assert MetricSnapshot.objects.count() == 4
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(HEADER, f"{setup['event'].pk},nosuch,,2021-03-30 18:00,1,,,,,"))
    err = StringIO()
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_snapshots", str(bad), stdout=out, stderr=err)
    assert "row 2, 渠道代码" in err.getvalue()


def test_the_import_page_shows_the_report(client, setup, media_editor, leader):
    client.force_login(leader)
    assert client.get(reverse("reach:import")).status_code == 403
    client.force_login(media_editor)
    upload = io.BytesIO(good_file(setup["event"]))
    upload.name = "reach.csv"
    response = client.post(reverse("reach:import"), {"file": upload})
    assert response.status_code == 302
    report = client.get(response["Location"]).content.decode()
    assert 'data-count="created">3<' in report
    assert client.get(reverse("reach:import-template")).content.decode("utf-8-sig").startswith("活动编号,")
