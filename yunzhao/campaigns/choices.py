"""Typed choices of campaigns, events and signings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventLevel(models.TextChoices):
    """The level of an event; city, district and special events make up a "1+12+N" campaign."""

    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City-level comprehensive")
    DISTRICT = "district", _("District / county session")
    SPECIAL = "special", _("Special session (zone, app)")


class EventMode(models.TextChoices):
    """Where the audience is."""

    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")
    HYBRID = "hybrid", _("Online and offline")


class EventStatus(models.TextChoices):
    """Whether an event is still to come, being held, held, or cancelled."""

    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class StreamKind(models.TextChoices):
    """A link to watch an event: live, or the replay afterwards."""

    LIVE = "live", _("Livestream")
    REPLAY = "replay", _("Replay")


class MaterialKind(models.TextChoices):
    """What was published at an event."""

    POLICY = "policy", _("Policy")
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")
    BROCHURE = "brochure", _("Brochure")


class GuestType(models.TextChoices):
    """What sort of guest an investor is at an event."""

    MULTINATIONAL = "multinational", _("Multinational company")
    ENTERPRISE = "enterprise", _("Well-known enterprise")
    FINANCIAL = "financial", _("Financial institution")
    ASSOCIATION = "association", _("Business association")
    OTHER = "other", _("Other")


class SigningMode(models.TextChoices):
    """How an agreement was signed."""

    ONLINE = "online", _("Online (screen to screen)")
    ON_SITE = "on_site", _("On site")
