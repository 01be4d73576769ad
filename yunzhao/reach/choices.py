"""Typed choices of channels, publications and snapshots."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChannelLevel(models.TextChoices):
    """The four media levels, plus overseas."""

    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", pgettext_lazy("media level", "City")
    DISTRICT = "district", pgettext_lazy("media level", "District / county")
    OVERSEAS = "overseas", _("Overseas")


class ChannelKind(models.TextChoices):
    """What sort of outlet or platform a channel is."""

    TV = "tv", _("Television")
    NEWSPAPER = "newspaper", _("Newspaper")
    NEWS_APP = "news_app", _("News app")
    VIDEO = "video", _("Video platform")
    SOCIAL = "social", _("Social platform")
    WEBSITE = "website", _("Website")
    OUTDOOR = "outdoor", _("Outdoor screen")


class ChannelOwner(models.TextChoices):
    """Whether a channel belongs to our own media group."""

    OWN = "own", _("Own media group")
    EXTERNAL = "external", _("External")


class PublicationKind(models.TextChoices):
    """How an event went out on a channel."""

    LIVE = "live", _("Live broadcast")
    REPLAY = "replay", _("Replay")
    ARTICLE = "article", _("Article")
    REPOST = "repost", _("Repost")


class SnapshotSource(models.TextChoices):
    """How a metric snapshot was entered."""

    GRID = "grid", _("Entered on the page")
    IMPORT = "import", _("Imported from a file")
    API = "api", _("Posted to the API")
    PLATFORM = "platform", _("Counted by the platform")


# The metrics a snapshot holds, in the order they are shown and imported.
METRICS = ("reads", "plays", "likes", "shares", "comments", "followers")


class ImportStatus(models.TextChoices):
    """How a snapshot import ended."""

    APPLIED = "applied", _("Applied")
    DRY_RUN = "dry_run", _("Checked only (dry run)")
    REJECTED = "rejected", _("Rejected")
