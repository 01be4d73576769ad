"""Campaigns ("1+12+N"), their events, agendas, audiences, and the signings made at them."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yunzhao.core.access import Scope
from yunzhao.core.choices import Currency
from yunzhao.core.models import TimeStampedModel

from .choices import EventLevel, EventMode, EventStatus, GuestType, MaterialKind, SigningMode, StreamKind
from .querysets import CampaignQuerySet, EventChildQuerySet, EventQuerySet, GuestQuerySet, SigningQuerySet

MONEY = {"max_digits": 20, "decimal_places": 2}


class Bilingual:
    """Mixin: ``display_name`` picks ``*_en`` in English when it is filled, else ``*_zh``."""

    name_field = "name"

    @property
    def display_name(self) -> str:
        zh = getattr(self, f"{self.name_field}_zh")
        en = getattr(self, f"{self.name_field}_en")
        return en if (get_language() or "").startswith("en") and en else zh

    def __str__(self) -> str:
        return self.display_name


class Campaign(Bilingual, TimeStampedModel):
    """A promotion campaign: one city-level event, one per district or county, and N special events."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    theme_zh = models.CharField(_("theme (Chinese)"), max_length=200, blank=True)
    theme_en = models.CharField(_("theme (English)"), max_length=300, blank=True)
    organisers = models.ManyToManyField("orgs.Unit", verbose_name=_("organisers"), related_name="campaigns")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    special_events_planned = models.PositiveSmallIntegerField(_("special events planned"), default=0)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaigns_period")]

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The campaign cannot end before it starts.")})


class Event(Bilingual, TimeStampedModel):
    """A promotion event (推介会), inside a campaign or on its own (provincial signings, roadshows)."""

    name_field = "title"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="events",
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=EventLevel.choices)
    owner_unit = models.ForeignKey("orgs.Unit", verbose_name=_("owning unit"), on_delete=models.PROTECT,
                                   related_name="events")
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=EventMode.choices, default=EventMode.ONLINE)
    venue = models.CharField(_("venue or studio"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True,
                            help_text=_("For events held in other cities (roadshows)."))
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                                   name="campaigns_event_times"),
        ]

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})


class EventStream(TimeStampedModel):
    """A link where an event can be watched live or replayed, on one platform."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="streams")
    channel = models.ForeignKey("reach.Channel", verbose_name=_("platform"), on_delete=models.PROTECT,
                                related_name="streams")
    kind = models.CharField(_("kind"), max_length=10, choices=StreamKind.choices, default=StreamKind.LIVE)
    url = models.URLField(_("link"), max_length=500)

    objects = EventChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("stream link")
        verbose_name_plural = _("stream links")
        ordering = ["event", "kind", "channel"]

    def __str__(self) -> str:
        return f"{self.channel} {self.get_kind_display()}"


class AgendaItem(TimeStampedModel):
    """One item of an event's agenda: who speaks, from where, on what."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    speaker = models.CharField(_("speaker"), max_length=100)
    speaker_title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=300)

    objects = EventChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["event", "order", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.topic}"


class EventMaterial(Bilingual, TimeStampedModel):
    """Something published at an event: a policy, a video, a document."""

    name_field = "title"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    objects = EventChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["event", "kind", "pk"]


class EventGuest(TimeStampedModel):
    """An investor invited to, registered for, or attending an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="guests")
    investor = models.ForeignKey("crm.Investor", verbose_name=_("investor"), on_delete=models.PROTECT,
                                 related_name="event_guests")
    guest_type = models.CharField(_("guest type"), max_length=16, choices=GuestType.choices, default=GuestType.OTHER)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    interaction = models.OneToOneField("crm.Interaction", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="event_guest")

    objects = GuestQuerySet.as_manager()

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["event", "investor"]
        constraints = [models.UniqueConstraint(fields=["event", "investor"], name="campaigns_guest_once")]

    def __str__(self) -> str:
        return f"{self.investor} @ {self.event}"


def agreement_path(instance: "Signing", filename: str) -> str:
    """Agreements are kept under the private media root, never under a public URL."""
    return f"agreements/{instance.project_id}/{filename}"


class Signing(TimeStampedModel):
    """A project signed at an event. Only a project's first signing is credited; a later one adds
    only the amount above what was signed before (see DOMAIN.md, "Credited signing")."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="signings")
    project = models.ForeignKey("projects.Project", verbose_name=_("project"), on_delete=models.PROTECT,
                                related_name="signings")
    parties = models.CharField(_("signing parties"), max_length=500)
    signed_on = models.DateField(_("signed on"), db_index=True)
    mode = models.CharField(_("mode"), max_length=10, choices=SigningMode.choices, default=SigningMode.ONLINE)
    amount = models.DecimalField(_("amount signed"), validators=[MinValueValidator(Decimal(0))], **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY)
    exchange_rate = models.DecimalField(_("exchange rate used"), max_digits=12, decimal_places=6, default=Decimal(1))
    amount_cny = models.GeneratedField(
        expression=F("amount") * F("exchange_rate"), output_field=models.DecimalField(**MONEY), db_persist=True,
        verbose_name=_("amount (yuan)"),
    )
    agreement = models.FileField(_("agreement"), upload_to=agreement_path, blank=True)
    credited_project = models.BooleanField(_("credited as a new project"), default=False, editable=False)
    credited_amount_cny = models.DecimalField(_("credited amount (yuan)"), default=Decimal(0), editable=False,
                                              **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    scope = Scope(district="project__district", zone="project__zone")
    scope_is_multivalued = False
    objects = SigningQuerySet.as_manager()

    class Meta:
        verbose_name = _("signing")
        verbose_name_plural = _("signings")
        ordering = ["signed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="campaigns_signing_amount"),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="campaigns_signing_rate"),
            models.UniqueConstraint(fields=["event", "project"], name="campaigns_signing_once_per_event"),
        ]
        indexes = [models.Index(fields=["project", "signed_on"])]

    def __str__(self) -> str:
        return f"{self.project} @ {self.event}"
