"""Reads of generated reports, through the access rule."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _

from yunzhao.stats import conf

from .models import GeneratedReport, ReportFile
from .weekly import unit_name


def reports_for(user):
    """Reports the user may see (their own unit's; every report for the city bureau), newest first."""
    return (
        GeneratedReport.objects.visible_to(user)
        .select_related("unit", "requested_by")
        .prefetch_related("files")
        .order_by("-created_at", "-pk")
    )


def get_report_for_user(pk: int, user) -> GeneratedReport:
    """The report with ``pk`` if the user may see it; otherwise 404."""
    return get_object_or_404(reports_for(user), pk=pk)


def get_file_for_user(pk: int, fmt: str | None, user) -> ReportFile:
    """A file of a report the user may see (the first format when none is named); otherwise 404."""
    report = get_report_for_user(pk, user)
    files = sorted(report.files.all(), key=lambda f: f.pk)
    for candidate in files:
        if fmt in (None, "", candidate.format):
            return candidate
    raise Http404


def download_name(report: GeneratedReport, fmt: str) -> str:
    """What the downloaded file is called, in the report's language: title, scope and period."""
    with translation.override(report.lang):
        title = _("Scheduling report on key projects")
        scope = unit_name(report.unit, report.lang) if report.unit_id else conf.city_name(report.lang)
    return f"{title}-{scope}-{report.period_start:%Y-%m-%d}.{fmt}".replace("/", "-").replace(" ", "_")
