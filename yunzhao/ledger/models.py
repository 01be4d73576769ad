"""A record of every ledger import, kept whether it was applied or rejected."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ImportStatus


class ImportRun(models.Model):
    """One attempt to import a ledger file: who, which file, and what came of it."""

    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(_("file size"))
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("created"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    investors_created = models.PositiveIntegerField(_("new investors"), default=0)
    new_investors = models.JSONField(_("names of new investors"), default=list, blank=True)
    # Every fault, as {row, column, value, message}; only the first MAX_STORED_FAULTS are kept.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    notices = models.JSONField(_("notices"), default=list, blank=True)
    # A file that passed a dry run is kept (privately) until it is applied, so it need not be sent again.
    checked_file = models.FileField(_("checked file"), upload_to="ledger-imports/%Y/%m/", blank=True,
                                    max_length=255)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def can_be_applied(self) -> bool:
        """A dry run without faults whose file is still kept."""
        return self.status == ImportStatus.DRY_RUN and not self.error_count and bool(self.checked_file)
