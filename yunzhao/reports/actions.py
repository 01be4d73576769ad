"""Every write on reports: asking for one, the schedule's weekly report, and generating the files."""

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yunzhao.projects.scheduling import period_start_for

from . import docx, pdf, weekly, xlsx
from .choices import Grouping, ReportFormat, ReportKind, ReportLanguage, ReportStatus
from .models import GeneratedReport, ReportFile, report_file_path

logger = logging.getLogger(__name__)

WRITERS = {ReportFormat.XLSX: xlsx.write, ReportFormat.DOCX: docx.write, ReportFormat.PDF: pdf.write}
# A report "running" for longer than this was abandoned by a worker that stopped; it may run again.
STALE_AFTER = dt.timedelta(minutes=30)


def scope_of(user):
    """The unit whose records ``user`` sees: ``None`` (the whole city) or their district or zone."""
    return None if user.is_citywide else user.unit


def _enqueue(report_id: int) -> None:
    from .tasks import generate_weekly_report

    generate_weekly_report.enqueue(report_id)


def _clean(*, period_start: dt.date, grouping: str, lang: str, formats, today: dt.date) -> list[str]:
    errors = {}
    if grouping not in Grouping.values:
        errors["grouping"] = _("Choose how the projects are grouped.")
    if lang not in ReportLanguage.values:
        errors["lang"] = _("Choose the language of the report.")
    formats = [f for f in ReportFormat.values if f in set(formats or ())]
    if not formats or len(formats) != len(set(formats or ())):
        errors["formats"] = _("Choose at least one of the formats offered.")
    if period_start > period_start_for(today):
        errors["period"] = _("The period has not started yet.")
    if errors:
        raise ValidationError(errors)
    return formats


@transaction.atomic
def request_report(
    *,
    actor,
    period_start: dt.date,
    grouping: str = Grouping.BOTH,
    lang: str = ReportLanguage.ZH,
    formats=tuple(ReportFormat.values),
    today: dt.date | None = None,
) -> GeneratedReport:
    """Ask for the scheduling report of the actor's own scope; it is generated in the background."""
    if (
        not actor.is_authenticated
        or not actor.sees_ledger
        or (not actor.is_citywide and actor.unit_id is None)
    ):
        raise PermissionDenied(_("The scheduling report is not part of your work."))
    period_start = period_start_for(period_start)
    formats = _clean(
        period_start=period_start,
        grouping=grouping,
        lang=lang,
        formats=formats,
        today=today or timezone.localdate(),
    )
    report = GeneratedReport.objects.create(
        kind=ReportKind.WEEKLY_SCHEDULING,
        period_start=period_start,
        grouping=grouping,
        lang=lang,
        formats=formats,
        unit=scope_of(actor),
        requested_by=actor,
    )
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def schedule_weekly_report(
    *, today: dt.date | None = None, lang: str = ReportLanguage.ZH, grouping: str = Grouping.BOTH
) -> tuple[GeneratedReport, bool]:
    """Queue the city-wide report of the current period unless the schedule already has; whether it queued.

    A scheduled report that failed is queued again; one queued, running or done is left alone.
    """
    today = today or timezone.localdate()
    period_start = period_start_for(today)
    formats = _clean(
        period_start=period_start, grouping=grouping, lang=lang, formats=ReportFormat.values, today=today
    )
    lookup = {
        "kind": ReportKind.WEEKLY_SCHEDULING,
        "period_start": period_start,
        "unit": None,
        "lang": lang,
        "scheduled": True,
    }
    with transaction.atomic():
        report = GeneratedReport.objects.select_for_update().filter(**lookup).first()
        if report is None:
            try:
                with transaction.atomic():
                    report = GeneratedReport.objects.create(**lookup, grouping=grouping, formats=formats)
            except IntegrityError:  # another run of the schedule got there first
                return GeneratedReport.objects.get(**lookup), False
        elif report.status == ReportStatus.FAILED:
            report.status, report.error, report.finished_at = ReportStatus.QUEUED, "", None
            report.save(update_fields=["status", "error", "finished_at"])
        else:
            return report, False
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report, True



def requeue_stale(now: dt.datetime | None = None) -> list[int]:
    """Queue again every report left running longer than ``STALE_AFTER`` (its worker was stopped mid-way).

    A worker killed while writing a report leaves it marked running, with its task gone; without this
    it would never finish. Returns the ids queued again.
    """
    cutoff = (now or timezone.now()) - STALE_AFTER
    with transaction.atomic():
        stale = list(
            GeneratedReport.objects.select_for_update(of=("self",))
            .filter(status=ReportStatus.RUNNING, started_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        GeneratedReport.objects.filter(pk__in=stale).update(status=ReportStatus.QUEUED, started_at=None)
        for pk in stale:
            transaction.on_commit(lambda pk=pk: _enqueue(pk))
    return stale

def render(report: GeneratedReport) -> dict[str, bytes]:
    """The report's files, by format, in its language."""
    with translation.override(report.lang):
        content = weekly.build(
            report.period_start, unit=report.unit, grouping=report.grouping, lang=report.lang
        )
        return {fmt.value: WRITERS[fmt](content) for fmt in report.format_list}


def _claim(report_id: int) -> GeneratedReport | None:
    """Mark the report running, unless it is done or another worker is on it; ``None`` then."""
    with transaction.atomic():
        report = (
            GeneratedReport.objects.select_for_update(of=("self",)).select_related("unit").filter(pk=report_id).first()
        )
        if report is None or report.status == ReportStatus.DONE:
            return None
        now = timezone.now()
        if (
            report.status == ReportStatus.RUNNING
            and report.started_at
            and now - report.started_at < STALE_AFTER
        ):
            return None
        report.status, report.started_at, report.error, report.finished_at = (
            ReportStatus.RUNNING,
            now,
            "",
            None,
        )
        report.save(update_fields=["status", "started_at", "error", "finished_at"])
        return report


def generate_report(report_id: int) -> GeneratedReport | None:
    """Write the files of a queued report and mark it done (or failed, with the error).

    Idempotent: a report already done, or being generated by another worker, is left as it is.
    """
    report = _claim(report_id)
    if report is None:
        return GeneratedReport.objects.filter(pk=report_id).first()
    stored: list[str] = []
    try:
        files = render(report)
        for fmt, content in files.items():
            probe = ReportFile(report=report, format=fmt)
            stored.append(
                default_storage.save(report_file_path(probe, file_name(report, fmt)), ContentFile(content))
            )
        with transaction.atomic():
            report = GeneratedReport.objects.select_for_update().get(pk=report.pk)
            # Files of an earlier, failed attempt are replaced; removed once the new rows are committed.
            replaced = [old.file.name for old in report.files.all()]
            report.files.all().delete()
            transaction.on_commit(lambda: [default_storage.delete(name) for name in replaced])
            ReportFile.objects.bulk_create(
                [
                    ReportFile(report=report, format=fmt, file=name, size=len(files[fmt]))
                    for fmt, name in zip(files, stored, strict=True)
                ]
            )
            report.status, report.finished_at = ReportStatus.DONE, timezone.now()
            report.save(update_fields=["status", "finished_at"])
    except Exception as exc:
        logger.exception("Report %s failed", report_id)
        for name in stored:
            default_storage.delete(name)
        GeneratedReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
    return report


def file_name(report: GeneratedReport, fmt: str) -> str:
    """The stored file's name: the kind, period, scope and language (never anything a user typed)."""
    scope = report.unit.code if report.unit_id else "city"
    return f"weekly-scheduling-{report.period_start:%Y-%m-%d}-{scope}-{report.lang}.{fmt}"
