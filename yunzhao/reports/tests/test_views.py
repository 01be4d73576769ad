"""The reports page and the download: each user sees and downloads only their own scope's reports."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from yunzhao.reports import actions
from yunzhao.reports.choices import ReportStatus
from yunzhao.reports.models import GeneratedReport
from yunzhao.testing.factories import UserFactory

from .conftest import PERIOD

INDEX = reverse("reports:index")


def download_url(report, fmt=None) -> str:
    url = reverse("reports:download", args=[report.pk])
    return f"{url}?format={fmt}" if fmt else url


@pytest.fixture
def lixia_report(key_ledger, district_staff):
    report = actions.request_report(actor=district_staff, period_start=PERIOD, formats=["xlsx", "docx"])
    return actions.generate_report(report.pk)


def test_index_lists_the_users_reports_and_offers_the_form(client, lixia_report, district_staff):
    # when
    client.force_login(district_staff)
    response = client.get(INDEX)
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert download_url(lixia_report, "xlsx").replace("&", "&amp;") in body
    assert download_url(lixia_report, "docx").replace("&", "&amp;") in body
    assert 'name="formats"' in body and 'name="grouping"' in body and 'name="period"' in body


def test_another_district_neither_sees_nor_downloads_the_report(client, lixia_report, other_district_staff):
    # given
    client.force_login(other_district_staff)
    # when
    listing = client.get(INDEX)
    download = client.get(download_url(lixia_report, "xlsx"))
    # then
    assert download_url(lixia_report) not in listing.content.decode()
    assert download.status_code == 404


def test_a_zone_does_not_see_a_district_report(client, lixia_report, zone_staff):
    client.force_login(zone_staff)
    assert client.get(download_url(lixia_report)).status_code == 404


def test_the_district_and_the_city_download_it(client, lixia_report, district_staff, city_staff, leader):
    for user in (district_staff, city_staff, leader):
        # when
        client.force_login(user)
        response = client.get(download_url(lixia_report, "docx"))
        # then
        assert response.status_code == 200
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessing"
        )
        assert response["Cache-Control"] == "private, no-store"
        assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
        assert b"".join(response.streaming_content)[:2] == b"PK"


def test_a_district_never_sees_the_city_wide_report(client, key_ledger, city_staff, district_staff):
    # given
    report = actions.generate_report(
        actions.request_report(actor=city_staff, period_start=PERIOD, formats=["xlsx"]).pk
    )
    # when
    client.force_login(district_staff)
    # then
    assert client.get(download_url(report)).status_code == 404
    client.force_login(city_staff)
    assert client.get(download_url(report)).status_code == 200


def test_a_format_not_generated_is_a_404(client, lixia_report, district_staff):
    client.force_login(district_staff)
    assert client.get(download_url(lixia_report, "pdf")).status_code == 404
    assert client.get(download_url(lixia_report, "../../etc/passwd")).status_code == 404


def test_a_queued_report_has_nothing_to_download(client, key_ledger, district_staff):
    report = actions.request_report(actor=district_staff, period_start=PERIOD, formats=["xlsx"])
    client.force_login(district_staff)
    assert client.get(download_url(report)).status_code == 404
    assert 'hx-trigger="every 5s"' in client.get(INDEX).content.decode()  # the list refreshes itself


def test_posting_the_form_asks_for_a_report_of_the_users_scope(
    client, key_ledger, district_staff, django_capture_on_commit_callbacks
):
    # given
    client.force_login(district_staff)
    # when
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            INDEX, {"period": "2024-05-08", "grouping": "leader", "lang": "en", "formats": ["pdf", "docx"]}
        )
    # then
    assert response.status_code == 302
    report = GeneratedReport.objects.get()
    assert (report.unit, report.period_start, report.grouping, report.lang) == (
        district_staff.unit,
        PERIOD,
        "leader",
        "en",
    )
    assert report.formats == ["docx", "pdf"] and report.status == ReportStatus.QUEUED


def test_bad_form_input_is_answered_on_the_form(client, key_ledger, district_staff):
    client.force_login(district_staff)
    response = client.post(INDEX, {"period": "2099-01-01", "grouping": "leader", "lang": "en", "formats": []})
    assert response.status_code == 200
    assert not GeneratedReport.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_media_editors_are_refused(client, media_editor, lixia_report):
    client.force_login(media_editor)
    assert client.get(INDEX).status_code == 403
    assert client.get(download_url(lixia_report)).status_code == 404


def test_index_queries_do_not_grow_with_the_number_of_reports(
    client, key_ledger, city_staff, django_assert_max_num_queries
):
    # given
    client.force_login(city_staff)
    actions.generate_report(
        actions.request_report(actor=city_staff, period_start=PERIOD, formats=["xlsx"]).pk
    )
    with django_assert_max_num_queries(12) as few:
        client.get(INDEX)
    for n in range(6):
        other = UserFactory(role=city_staff.role, unit=city_staff.unit)
        report = actions.request_report(
            actor=other, period_start=PERIOD - dt.timedelta(days=7 * n), formats=["xlsx"]
        )
        actions.generate_report(report.pk)
    # then
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(INDEX)
    assert response.content.decode().count("?format=xlsx") == 7


def test_the_form_offers_today_in_the_form_a_date_input_reads(client, city_staff):
    # given
    client.force_login(city_staff)
    # when
    page = client.get(reverse("reports:index")).content.decode()
    # then: ISO 8601, which a browser's date picker shows; a localised "2026/11/22" would leave it empty
    assert f'name="period" value="{timezone.localdate().isoformat()}"' in page
