"""Asking for reports, the schedule, and generating the files in the background (idempotently)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from yunzhao.reports import actions
from yunzhao.reports.choices import Grouping, ReportStatus
from yunzhao.reports.models import GeneratedReport, ReportFile
from yunzhao.reports.tasks import generate_weekly_report

from .conftest import PERIOD

TASK = generate_weekly_report.module_path


def queued_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=TASK))


def test_a_request_is_scoped_to_the_users_unit_and_queued_after_commit(
    key_ledger, district_staff, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = actions.request_report(
            actor=district_staff,
            period_start=PERIOD + dt.timedelta(days=3),
            grouping=Grouping.LEADER,
            lang="en",
            formats=["pdf", "xlsx"],
        )
        # then nothing is queued before the transaction commits
        assert queued_tasks() == []
    for callback in callbacks:
        callback()
    assert report.unit == district_staff.unit
    assert report.period_start == PERIOD  # any day of the week means its Monday
    assert report.formats == ["xlsx", "pdf"]
    assert report.status == ReportStatus.QUEUED and report.requested_by == district_staff
    [task] = queued_tasks()
    assert task.args_kwargs["args"] == [report.pk]


def test_a_city_wide_request_covers_the_whole_city(key_ledger, city_staff):
    report = actions.request_report(actor=city_staff, period_start=PERIOD)
    assert report.unit is None and report.grouping == Grouping.BOTH and report.lang == "zh-hans"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"formats": []}, "formats"),
        ({"formats": ["exe"]}, "formats"),
        ({"grouping": "investor"}, "grouping"),
        ({"lang": "fr"}, "lang"),
        ({"period_start": dt.date(2099, 1, 5)}, "period"),
    ],
)
def test_bad_parameters_are_refused_whole(key_ledger, city_staff, changes, field):
    # when
    with pytest.raises(ValidationError) as refused:
        actions.request_report(**{"actor": city_staff, "period_start": PERIOD, **changes})
    # then
    assert field in refused.value.message_dict
    assert not GeneratedReport.objects.exists()


def test_media_editors_cannot_ask_for_a_report(media_editor):
    with pytest.raises(PermissionDenied):
        actions.request_report(actor=media_editor, period_start=PERIOD)


def test_generation_writes_each_format_privately_and_marks_the_report_done(key_ledger, city_staff, settings):
    # given
    report = actions.request_report(actor=city_staff, period_start=PERIOD, formats=["xlsx", "docx"])
    # when
    done = actions.generate_report(report.pk)
    # then
    assert done.status == ReportStatus.DONE and done.error == ""
    assert done.started_at is not None and done.finished_at >= done.started_at
    files = {f.format: f for f in done.files.all()}
    assert set(files) == {"xlsx", "docx"}
    for item in files.values():
        path = settings.MEDIA_ROOT / item.file.name
        assert path.is_file() and path.stat().st_size == item.size > 0
        assert item.file.name.startswith(
            f"reports/{done.created_at:%Y}/{done.pk}/weekly-scheduling-2024-05-06-city"
        )


def test_the_task_is_idempotent(key_ledger, city_staff):
    # given
    report = actions.request_report(actor=city_staff, period_start=PERIOD, formats=["xlsx"])
    # when
    assert generate_weekly_report.call(report.pk) == ReportStatus.DONE
    first = GeneratedReport.objects.get(pk=report.pk)
    names = list(ReportFile.objects.values_list("file", flat=True))
    assert generate_weekly_report.call(report.pk) == ReportStatus.DONE
    # then
    again = GeneratedReport.objects.get(pk=report.pk)
    assert again.finished_at == first.finished_at
    assert list(ReportFile.objects.values_list("file", flat=True)) == names
    assert generate_weekly_report.call(999_999) == "missing"


def test_a_report_being_generated_elsewhere_is_left_alone(key_ledger, city_staff):
    report = actions.request_report(actor=city_staff, period_start=PERIOD, formats=["xlsx"])
    assert actions._claim(report.pk) is not None  # a worker took it
    # when another worker gets the same task
    assert actions.generate_report(report.pk).status == ReportStatus.RUNNING
    assert not ReportFile.objects.exists()


def test_a_failure_is_recorded_with_its_error_and_leaves_no_file(
    key_ledger, city_staff, monkeypatch, settings
):
    # given
    report = actions.request_report(actor=city_staff, period_start=PERIOD, formats=["xlsx", "docx"])

    def broken(content):
        raise RuntimeError("disk full")

    monkeypatch.setitem(actions.WRITERS, "docx", broken)
    # when
    failed = actions.generate_report(report.pk)
    # then
    assert failed.status == ReportStatus.FAILED
    assert failed.error == "RuntimeError: disk full"
    assert not ReportFile.objects.exists()
    # and nothing was left in the private files
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


# The worker closes its database connection when it stops, which a test wrapped in one transaction
# would not survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_reports(key_ledger, city_staff, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        report = actions.request_report(actor=city_staff, period_start=PERIOD, formats=["xlsx"])
    # when
    call_command("db_worker", batch=True, stdout=io.StringIO(), stderr=io.StringIO())
    # then
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert [f.format for f in report.files.all()] == ["xlsx"]
    [task] = queued_tasks()
    assert task.status == "SUCCESSFUL" and task.return_value == "done"


def test_scheduling_twice_enqueues_once(key_ledger, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        first, queued = actions.schedule_weekly_report(today=PERIOD + dt.timedelta(days=4))
    with django_capture_on_commit_callbacks(execute=True):
        second, queued_again = actions.schedule_weekly_report(today=PERIOD + dt.timedelta(days=6))
    # then
    assert queued is True and queued_again is False
    assert first == second
    assert (
        first.scheduled and first.unit is None and first.period_start == PERIOD and first.requested_by is None
    )
    assert first.formats == ["xlsx", "docx", "pdf"]
    assert len(queued_tasks()) == 1
    # a request from a person for the same period is a report of its own
    assert GeneratedReport.objects.count() == 1


def test_the_schedule_is_unique_in_the_database(key_ledger):
    from django.db import IntegrityError, transaction

    GeneratedReport.objects.create(period_start=PERIOD, scheduled=True, formats=["xlsx"])
    with pytest.raises(IntegrityError), transaction.atomic():
        GeneratedReport.objects.create(period_start=PERIOD, scheduled=True, formats=["pdf"])
    # a person may ask for the same report as often as they like
    GeneratedReport.objects.create(period_start=PERIOD, scheduled=False, formats=["xlsx"])
    GeneratedReport.objects.create(period_start=PERIOD, scheduled=False, formats=["xlsx"])
    # and another language or another period is another scheduled report
    GeneratedReport.objects.create(period_start=PERIOD, scheduled=True, lang="en", formats=["xlsx"])
    GeneratedReport.objects.create(
        period_start=PERIOD + dt.timedelta(days=7), scheduled=True, formats=["xlsx"]
    )


def test_a_failed_scheduled_report_is_queued_again(key_ledger, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = actions.schedule_weekly_report(today=PERIOD)
    GeneratedReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="boom")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        again, queued = actions.schedule_weekly_report(today=PERIOD)
    # then
    assert queued and again.pk == report.pk and again.status == ReportStatus.QUEUED and again.error == ""
    assert len(queued_tasks()) == 2


def test_schedule_command_run_twice_queues_once(key_ledger, django_capture_on_commit_callbacks):
    # when
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("schedule_reports", "--date", "2024-05-08", stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("schedule_reports", "--date", "2024-05-09", stdout=out)
    # then
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("(2024-05-06, zh-hans): queued")
    assert lines[1].endswith("(2024-05-06, zh-hans): already queued")
    assert len(queued_tasks()) == 1
    assert GeneratedReport.objects.get().scheduled


def test_schedule_command_rejects_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Not a date"):
        call_command("schedule_reports", "--date", "next monday")


def test_the_loop_queues_a_weeks_report_from_friday_evening():
    from yunzhao.reports.management.commands.schedule_reports import due_at

    due = due_at(dt.date(2024, 5, 7), days_before_end=2, at=dt.time(17, 30))
    assert timezone.localtime(due).replace(tzinfo=None) == dt.datetime(2024, 5, 10, 17, 30)


def test_a_report_whose_worker_stopped_mid_way_is_queued_again_and_finished(
    key_ledger, city_staff, django_capture_on_commit_callbacks
):
    # given a report a worker took and then died on, and one still being written
    stale = actions.request_report(actor=city_staff, period_start=PERIOD, formats=["xlsx"])
    fresh = actions.request_report(actor=city_staff, period_start=PERIOD, formats=["docx"])
    assert actions._claim(stale.pk) is not None and actions._claim(fresh.pk) is not None
    GeneratedReport.objects.filter(pk=stale.pk).update(
        started_at=timezone.now() - actions.STALE_AFTER - dt.timedelta(minutes=1))
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        requeued = actions.requeue_stale()
    # then only the stale one is queued again, and it can be generated
    assert requeued == [stale.pk] and len(callbacks) == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == (ReportStatus.QUEUED, ReportStatus.RUNNING)
    assert actions.generate_report(stale.pk).status == ReportStatus.DONE
