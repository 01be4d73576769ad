"""Typed choices of ledger imports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    """How a ledger import ended."""

    APPLIED = "applied", _("Applied")
    DRY_RUN = "dry_run", _("Checked only (dry run)")
    REJECTED = "rejected", _("Rejected")
