"""``yunzhao audience_report``: views and viewers per channel and per hour, printed and as .xlsx."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from .conftest import beacon_url


@pytest.fixture
def two_hours(client, embedded, clock, event, channels):
    """14:00: a and b through WeChat, c through Douyin (a plays too); 15:00: a again through Douyin, and d."""
    def send(src, viewer, kind="pv"):
        assert client.get(beacon_url(event.pk, src=src, k=kind, v=f"viewer-{viewer}-00000000000")).status_code == 204

    send("wechat", "a")
    send("wechat", "a", "play")
    send("wechat", "b")
    send("douyin", "c")
    clock.advance(3600)
    send("douyin", "a")
    send("", "d")
    return event


def run(*args) -> str:
    out = io.StringIO()
    call_command("audience_report", *args, stdout=out)
    return out.getvalue()


def test_the_report_prints_views_and_viewers_per_channel_and_per_hour(two_hours):
    # when
    text = run("--event", str(two_hours.pk), "--language", "en")
    # then
    lines = [line.split() for line in text.splitlines()]
    assert "Total: 5 views, 1 plays, 4 distinct viewers (exact)" in text
    assert ["微信", "wechat", "2", "1", "2"] in lines
    assert ["抖音", "douyin", "2", "0", "2"] in lines
    assert ["Unattributed", "1", "0", "1"] in lines
    # per hour: a came back at 15:00, so she is a viewer of both hours but new only in the first
    assert ["2021-03-30", "14:00", "3", "1", "3", "3"] in lines
    assert ["2021-03-30", "15:00", "2", "0", "2", "1"] in lines


def test_beacons_stored_and_not_counted_yet_are_left_out_of_every_figure(two_hours, clock):
    from yunzhao.audience.actions import insert_beacons
    from yunzhao.audience.records import Beacon

    # given a new viewer's beacon at 15:00, stored and not counted into the roll-ups yet
    insert_beacons([Beacon(two_hours.pk, 0, "pv", "viewer-e-00000000000", int(clock.now * 1000))])
    # then the report counts the same beacons everywhere: 15:00 still has two viewers
    lines = [line.split() for line in run("--event", str(two_hours.pk), "--language", "en").splitlines()]
    assert ["2021-03-30", "15:00", "2", "0", "2", "1"] in lines


def test_the_report_is_exported_to_xlsx(two_hours, tmp_path):
    # given
    target = tmp_path / "audience.xlsx"
    # when
    text = run("--event", str(two_hours.pk), "--xlsx", str(target), "--language", "en")
    # then
    assert f"3 channels and 2 hours written to {target}" in text
    book = load_workbook(target)
    channels, hours = book["Channels"], book["Hours"]
    assert channels["A1"].value == two_hours.title_zh
    assert [c.value for c in channels[4]] == ["Channel", "Code", "Views", "Plays", "Distinct viewers"]
    rows = [[c.value for c in row] for row in channels.iter_rows(min_row=5)]
    assert ["微信", "wechat", 2, 1, 2] in rows and rows[-1] == ["Total", None, 5, 1, 4]
    assert [[c.value for c in row] for row in hours.iter_rows(min_row=5)] == [
        ["2021-03-30 14:00", 3, 1, 3, 3], ["2021-03-30 15:00", 2, 0, 2, 1]]


def test_an_event_without_audience_says_so(embedded, event):
    # when
    text = run("--event", str(event.pk), "--language", "en")
    # then
    assert "No audience has been counted for this event." in text


def test_an_unknown_event_or_a_wrong_file_name_is_refused(embedded, event, tmp_path):
    # when / then
    with pytest.raises(CommandError, match="no event"):
        run("--event", str(event.pk + 1000))
    with pytest.raises(CommandError, match=".xlsx"):
        run("--event", str(event.pk), "--xlsx", str(tmp_path / "report.csv"))


def test_staff_download_the_same_workbook(client, city_staff, two_hours):
    # given
    client.force_login(city_staff)
    # when
    response = client.get(reverse("audience:event_report", args=[two_hours.pk]))
    # then
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="audience-event{two_hours.pk}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert [c.value for c in sheet[5]][1:] == [3, 1, 3, 3]
