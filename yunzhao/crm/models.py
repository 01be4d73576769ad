"""Investors (客商), their contacts and every interaction we have with them."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from yunzhao.core.access import Scope
from yunzhao.core.choices import Industry
from yunzhao.core.models import TimeStampedModel
from yunzhao.core.validators import validate_uscc

from .choices import ConsentMethod, InteractionKind, InvestorKind, LeadInterest, LeadSource, LeadStatus
from .querysets import (
    ContactQuerySet,
    InteractionQuerySet,
    InvestorQuerySet,
    LeadQuerySet,
    MeetingSlotQuerySet,
)

# Words that do not tell two companies apart, dropped when comparing names for duplicates.
_NAME_NOISE = re.compile(
    r"(有限责任公司|股份有限公司|有限公司|集团|公司|\(中国\)|（中国）|co\.?,?|ltd\.?|limited|inc\.?|corp\.?|"
    r"corporation|group|gmbh|ag|s\.a\.|plc|llc|[\s.,()（）·\-])",
    re.IGNORECASE,
)


def name_key(name: str) -> str:
    """A comparison key for company names: case, spaces, punctuation and legal suffixes removed."""
    return _NAME_NOISE.sub("", name or "").lower()


class Investor(TimeStampedModel):
    """A company, group, institution or association that may invest in the city."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InvestorKind.choices, default=InvestorKind.PRIVATE)
    country = CountryField(_("country of origin"), default="CN")
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_uscc],
        help_text=_("统一社会信用代码, for companies registered in mainland China."),
    )
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices, default=Industry.OTHER)
    headquarters = models.CharField(_("headquarters"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    tags = TaggableManager(_("tags"), blank=True)
    owner_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="investors"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope = Scope(district="owner_unit", zone="owner_unit")
    scope_is_multivalued = False
    objects = InvestorQuerySet.as_manager()

    class Meta:
        verbose_name = _("investor")
        verbose_name_plural = _("investors")
        ordering = ["name_zh"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~models.Q(credit_code=""), name="crm_investor_credit_code_unique"
            ),
        ]
        indexes = [models.Index(Lower("name_en"), name="crm_investor_name_en_lower")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to Chinese."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh

    def clean(self) -> None:
        from yunzhao.core.validators import normalize_uscc

        self.credit_code = normalize_uscc(self.credit_code or "")
        self.name_zh = (self.name_zh or "").strip()
        self.name_en = (self.name_en or "").strip()
        self.name_key = name_key(self.name_zh)


class Contact(TimeStampedModel):
    """A person at an investor. Personal data: phone numbers are masked in lists."""

    investor = models.ForeignKey(Investor, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    wechat = models.CharField(_("WeChat"), max_length=64, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_method = models.CharField(_("consent method"), max_length=20, choices=ConsentMethod.choices, blank=True)
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)

    scope = Scope(district="investor__owner_unit", zone="investor__owner_unit")
    scope_is_multivalued = False
    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["investor", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        """The phone number with its middle digits hidden, for lists: ``138****5678``."""
        from yunzhao.core.templatetags.yz import mask_phone

        return mask_phone(self.phone)


class Interaction(TimeStampedModel):
    """A visit, video meeting, call, event attendance or negotiation round with an investor."""

    investor = models.ForeignKey(Investor, on_delete=models.CASCADE, related_name="interactions")
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="interactions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InteractionKind.choices)
    occurred_on = models.DateField(_("date"))
    round_number = models.PositiveSmallIntegerField(
        _("negotiation round"), null=True, blank=True, help_text=_("Numbered automatically per project.")
    )
    their_people = models.CharField(_("their people"), max_length=300, blank=True)
    our_people = models.CharField(_("our people"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope = Scope(district="investor__owner_unit", zone="investor__owner_unit")
    scope_is_multivalued = False
    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"


# --- Leads from the public site ---------------------------------------------------------------------

class PrivacyNotice(models.Model):
    """A version of the privacy notice visitors consent to; a lead keeps the version it consented to."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    text_zh = models.TextField(_("text (Chinese)"))
    text_en = models.TextField(_("text (English)"))
    effective_from = models.DateTimeField(_("in force from"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-effective_from", "-pk"]

    def __str__(self) -> str:
        return self.version

    @property
    def text(self) -> str:
        """The notice in the active language."""
        return self.text_en if (get_language() or "").startswith("en") and self.text_en else self.text_zh


class Lead(TimeStampedModel):
    """Interest registered on the public site, routed to the unit that owns the page. Personal data."""

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    submission_token = models.UUIDField(unique=True, editable=False,
                                        help_text=_("The form's one-time token: a repeated submission is one lead."))
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("routed to"), on_delete=models.PROTECT,
                             related_name="leads")
    status = models.CharField(_("status"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW)
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country or region"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    interest = models.CharField(_("interest"), max_length=12, choices=LeadInterest.choices)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    source_kind = models.CharField(_("registered on"), max_length=12, choices=LeadSource.choices)
    source_id = models.PositiveBigIntegerField(_("page id"))
    source_title = models.CharField(_("page"), max_length=300)
    source_path = models.CharField(_("page address"), max_length=300, blank=True)
    event = models.ForeignKey("campaigns.Event", verbose_name=_("event"), on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="leads")
    channel = models.ForeignKey("reach.Channel", verbose_name=_("channel"), on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="leads")
    channel_tag = models.CharField(_("channel tag"), max_length=64, blank=True)
    referrer_code = models.CharField(_("referrer code"), max_length=64, blank=True)
    privacy_notice = models.ForeignKey(PrivacyNotice, verbose_name=_("privacy notice consented to"),
                                       on_delete=models.PROTECT, related_name="leads")
    consented_at = models.DateTimeField(_("consent given at"))
    first_response_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    investor = models.ForeignKey(Investor, verbose_name=_("investor"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="leads")

    scope = Scope(district="unit", zone="unit")
    scope_is_multivalued = False
    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status", "-created_at"], name="crm_lead_inbox")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(email="") | ~models.Q(phone=""), name="crm_lead_contact"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def waiting(self):
        """How long the visitor has waited for a first answer (up to the answer, if there is one)."""
        return (self.first_response_at or timezone.now()) - self.created_at


class MeetingSlot(TimeStampedModel):
    """A video-meeting time a unit offers; one investor books it, and it carries the link staff entered."""

    unit = models.ForeignKey("orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="meeting_slots")
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    meeting_link = models.URLField(_("meeting link"), max_length=500,
                                   help_text=_("Given to the investor who books the slot."))
    # One lead per slot and one slot per lead: the database refuses a second booking.
    lead = models.OneToOneField(Lead, verbose_name=_("booked by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="meeting")
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    interaction = models.OneToOneField(Interaction, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="meeting_slot")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    scope = Scope(district="unit", zone="unit")
    scope_is_multivalued = False
    objects = MeetingSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="crm_slot_times"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
