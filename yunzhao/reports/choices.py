"""Typed choices of generated reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    """What a report is about."""

    WEEKLY_SCHEDULING = "weekly_scheduling", _("Weekly scheduling report")


class Grouping(models.TextChoices):
    """How the projects of a scheduling report are grouped."""

    DISTRICT = "district", _("By district")
    LEADER = "leader", _("By assigned city leader")
    BOTH = "both", _("By district and by leader")

    @property
    def parts(self) -> list["Grouping"]:
        """The groupings a report shows, one section each."""
        return [Grouping.DISTRICT, Grouping.LEADER] if self == Grouping.BOTH else [self]


class ReportFormat(models.TextChoices):
    """The file formats a report is written in."""

    XLSX = "xlsx", _("Excel (.xlsx)")
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF")


CONTENT_TYPES = {
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.PDF: "application/pdf",
}


class ReportLanguage(models.TextChoices):
    """The language a report is written in."""

    ZH = "zh-hans", _("Chinese")
    EN = "en", _("English")


class ReportStatus(models.TextChoices):
    """Where a report stands, from queued to done or failed."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Generating")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
