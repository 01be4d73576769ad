"""The live audience: raw beacons, their minute roll-ups, and the count of refused beacons.

No personal data is kept: a viewer is a random token the browser holds; no address and no user
agent is stored.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import BeaconKind, Rejection


class AudienceBeacon(models.Model):
    """One accepted beacon: a viewer opened an event page or started its stream, through a channel."""

    event = models.ForeignKey("campaigns.Event", verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="+", db_index=False)
    # No index of its own (every insert would pay for it); channel queries go through the event.
    channel = models.ForeignKey("reach.Channel", verbose_name=_("channel"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+", db_index=False,
                                help_text=_("Empty when the link named no known channel (unattributed)."))
    kind = models.CharField(_("kind"), max_length=4, choices=BeaconKind.choices)
    viewer = models.CharField(_("viewer id"), max_length=64)
    at = models.DateTimeField(_("received at"))
    # The Redis stream entry the beacon came from: moving it twice stores it once. NULL (not "")
    # when it came straight to the database, so that the unique index leaves those out.
    stream_id = models.CharField(_("stream entry"), max_length=48, null=True, blank=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("audience beacon")
        verbose_name_plural = _("audience beacons")
        constraints = [
            # Partial: beacons written directly to the database (no stream) add nothing to this index.
            models.UniqueConstraint(fields=["stream_id"], condition=Q(stream_id__isnull=False),
                                    name="audience_beacon_stream_once"),
        ]
        indexes = [
            models.Index(fields=["event", "at"], name="audience_beacon_event_at"),
            # Finds a viewer's earlier beacons (distinct counting) and serves per-viewer analysis.
            models.Index(fields=["event", "viewer", "at"], name="audience_beacon_viewer"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.kind} {self.at:%Y-%m-%d %H:%M:%S}"


class AudienceMinute(models.Model):
    """Views, plays and distinct viewers of one event through one channel in one minute.

    ``viewers`` counts the distinct viewers of this very row. The ``first_in_*`` columns count the
    viewers seen here for the first time within a wider scope, so that summing a column over that
    scope gives its exact number of distinct viewers: ``first_in_event`` summed over an event's rows,
    ``first_in_channel`` over an event and channel, ``first_in_minute`` over an event and minute,
    and the ``first_in_campaign*`` columns likewise over a campaign's events.
    """

    event = models.ForeignKey("campaigns.Event", verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="+")
    channel = models.ForeignKey("reach.Channel", verbose_name=_("channel"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")
    minute = models.DateTimeField(_("minute"))
    views = models.PositiveBigIntegerField(_("page views"), default=0)
    plays = models.PositiveBigIntegerField(_("plays"), default=0)
    viewers = models.PositiveIntegerField(_("distinct viewers"), default=0)
    first_in_minute = models.PositiveIntegerField(_("first seen this minute"), default=0)
    first_in_channel = models.PositiveIntegerField(_("first seen through this channel"), default=0)
    first_in_event = models.PositiveIntegerField(_("first seen at this event"), default=0)
    first_in_campaign = models.PositiveIntegerField(_("first seen in this campaign"), default=0)
    first_in_campaign_channel = models.PositiveIntegerField(_("first seen in this campaign through this channel"), default=0)
    first_in_campaign_minute = models.PositiveIntegerField(_("first seen in this campaign this minute"), default=0)

    class Meta:
        verbose_name = _("audience minute")
        verbose_name_plural = _("audience minutes")
        ordering = ["event", "minute", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["event", "channel", "minute"], condition=Q(channel__isnull=False),
                                    name="audience_minute_once"),
            models.UniqueConstraint(fields=["event", "minute"], condition=Q(channel__isnull=True),
                                    name="audience_minute_once_unattributed"),
        ]
        indexes = [
            models.Index(fields=["event", "minute"], name="audience_minute_event"),
            # The worker finds the events counted lately (to record their reach) by minute alone.
            models.Index(fields=["minute"], name="audience_minute_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}/{self.channel_id or '-'} {self.minute:%Y-%m-%d %H:%M}"


class AudienceRollup(models.Model):
    """How far the minute roll-ups have counted the raw beacons: one row (``pk`` 1).

    Beacons are stored as raw rows first and counted into ``AudienceMinute`` afterwards, in the order
    of their ids (``actions.roll_up_beacons``); every beacon whose id is at most ``last_beacon`` is in
    the roll-ups, none after it. Writers of beacons commit in the order of their ids (one writer at a
    time), so no beacon can appear below the mark once it has passed.
    """

    last_beacon = models.BigIntegerField(_("last beacon counted"), default=0)
    rolled_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("audience roll-up mark")
        verbose_name_plural = _("audience roll-up marks")

    def __str__(self) -> str:
        return f"≤ {self.last_beacon}"


class AudienceRejection(models.Model):
    """How many beacons were refused in one minute for one reason."""

    minute = models.DateTimeField(_("minute"))
    reason = models.CharField(_("reason"), max_length=16, choices=Rejection.choices)
    count = models.PositiveBigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("refused beacons")
        verbose_name_plural = _("refused beacons")
        ordering = ["-minute", "reason"]
        constraints = [models.UniqueConstraint(fields=["minute", "reason"], name="audience_rejection_once")]

    def __str__(self) -> str:
        return f"{self.minute:%Y-%m-%d %H:%M} {self.reason}: {self.count}"
