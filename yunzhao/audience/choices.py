"""Typed choices of the live audience: what a beacon reports and why one is refused."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BeaconKind(models.TextChoices):
    """What a beacon reports: the event page was opened, or the stream started playing."""

    PAGE_VIEW = "pv", _("Page view")
    PLAY = "play", _("Play")


class Rejection(models.TextChoices):
    """Why a beacon was refused (each reason is counted)."""

    MALFORMED = "malformed", _("Malformed")
    OVERSIZED = "oversized", _("Too large")
    UNKNOWN_EVENT = "unknown_event", _("Unknown event")
    BAD_VIEWER = "bad_viewer", _("Invalid viewer id")
    RATE_LIMITED = "rate_limited", _("Too many from one address")
    UNAVAILABLE = "unavailable", _("Not recorded (storage unavailable)")
