"""The media matrix: outlets and their channels, what went out on them, and the counts over time."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from yunzhao.campaigns.models import Bilingual
from yunzhao.core.models import TimeStampedModel

from .choices import ChannelKind, ChannelLevel, ChannelOwner, ImportStatus, PublicationKind, SnapshotSource
from .querysets import ChannelQuerySet, PublicationQuerySet, SnapshotQuerySet


class Outlet(Bilingual, TimeStampedModel):
    """A media organisation (People's Daily, Jinan Daily…); "media covering" counts distinct outlets."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["name_zh"]


class Channel(Bilingual, TimeStampedModel):
    """One platform of an outlet (its app, website, TV channel, social account…) at a media level."""

    code = models.SlugField(_("code"), max_length=64, unique=True,
                            help_text=_("Short code used in imports, share links and QR codes."))
    outlet = models.ForeignKey(Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="channels")
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=ChannelLevel.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=ChannelKind.choices)
    owner = models.CharField(_("owner"), max_length=10, choices=ChannelOwner.choices, default=ChannelOwner.EXTERNAL)
    country = CountryField(_("country"), default="CN")
    language = models.CharField(_("language"), max_length=16, default="zh-hans")
    url = models.URLField(_("website"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["level", "name_zh"]
        indexes = [models.Index(fields=["level", "outlet"])]


class Publication(TimeStampedModel):
    """An event or a campaign going out on a channel at a time: live, replay, article or repost."""

    event = models.ForeignKey("campaigns.Event", verbose_name=_("event"), on_delete=models.CASCADE, null=True,
                              blank=True, related_name="publications")
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 null=True, blank=True, related_name="publications")
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.PROTECT,
                                related_name="publications")
    kind = models.CharField(_("kind"), max_length=10, choices=PublicationKind.choices, default=PublicationKind.ARTICLE)
    published_at = models.DateTimeField(_("published at"), db_index=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["published_at", "pk"]
        constraints = [
            # Exactly one of event and campaign.
            models.CheckConstraint(
                condition=(Q(event__isnull=False) & Q(campaign__isnull=True))
                | (Q(event__isnull=True) & Q(campaign__isnull=False)),
                name="reach_publication_one_subject",
            ),
            models.UniqueConstraint(fields=["event", "channel", "kind"], condition=Q(event__isnull=False),
                                    name="reach_publication_event_channel_kind"),
            models.UniqueConstraint(fields=["campaign", "channel", "kind"], condition=Q(campaign__isnull=False),
                                    name="reach_publication_campaign_channel_kind"),
        ]
        indexes = [models.Index(fields=["event", "channel"]), models.Index(fields=["campaign", "channel"])]

    def __str__(self) -> str:
        return f"{self.event or self.campaign} · {self.channel} · {self.get_kind_display()}"

    def clean(self) -> None:
        if bool(self.event_id) == bool(self.campaign_id):
            raise ValidationError(_("A publication belongs to an event or to a campaign, not both."))


class MetricSnapshot(models.Model):
    """The cumulative counts of one publication at one moment."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(_("as of"))
    reads = models.PositiveBigIntegerField(_("reads / views"), default=0)
    plays = models.PositiveBigIntegerField(_("plays"), default=0)
    likes = models.PositiveBigIntegerField(_("likes"), default=0)
    shares = models.PositiveBigIntegerField(_("shares"), default=0)
    comments = models.PositiveBigIntegerField(_("comments"), default=0)
    followers = models.PositiveBigIntegerField(_("followers gained"), default=0)
    source = models.CharField(_("source"), max_length=10, choices=SnapshotSource.choices, default=SnapshotSource.GRID)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("metric snapshot")
        verbose_name_plural = _("metric snapshots")
        ordering = ["publication", "taken_at"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "taken_at"], name="reach_snapshot_once_per_moment"),
        ]
        indexes = [models.Index(fields=["publication", "-taken_at"], name="reach_snap_pub_taken")]

    def __str__(self) -> str:
        return f"{self.publication} @ {self.taken_at:%Y-%m-%d %H:%M}"


class SnapshotImport(models.Model):
    """One attempt to import a file of snapshots: who, which file, and what came of it."""

    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(_("file size"))
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("created"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("snapshot import")
        verbose_name_plural = _("snapshot imports")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
