"""Organisation units, the people who work in them, and their API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import CITYWIDE_ROLES, LEDGER_WRITER_ROLES, ROLE_UNIT_KIND, Role, UnitKind


class UnitQuerySet(models.QuerySet):
    """Reusable filters on organisation units."""

    def districts(self):
        return self.filter(kind=UnitKind.DISTRICT, is_active=True)

    def zones(self):
        return self.filter(kind=UnitKind.ZONE, is_active=True)


class Unit(models.Model):
    """An organisation unit: the city bureau, a district or county, a zone, or the media group."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    gb_code = models.CharField(
        _("GB/T 2260 code"), max_length=6, blank=True,
        help_text=_("Administrative division code, for districts and counties."),
    )
    districts = models.ManyToManyField(
        "self", verbose_name=_("districts covered"), symmetrical=False, blank=True, related_name="zones",
        limit_choices_to={"kind": UnitKind.DISTRICT},
        help_text=_("For a zone: the districts it overlaps."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["kind", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["gb_code"], condition=~models.Q(gb_code=""), name="orgs_unit_gb_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to Chinese."""
        lang = get_language() or "zh-hans"
        if lang.startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class User(AbstractUser):
    """A member of staff: a role, and the unit that bounds what they see."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CITY_STAFF)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.is_superuser:
            return
        wanted = ROLE_UNIT_KIND.get(self.role)
        if wanted and (self.unit is None or self.unit.kind != wanted):
            raise ValidationError({"unit": _("This role needs a unit of kind “%(kind)s”.") % {
                "kind": UnitKind(wanted).label}})

    @property
    def is_citywide(self) -> bool:
        """Sees every unit's records (city bureau staff, leaders, superusers)."""
        return self.is_superuser or self.role in CITYWIDE_ROLES

    @property
    def can_write_ledger(self) -> bool:
        """May create and change investors and projects (within what they see)."""
        return self.is_active and (self.is_superuser or self.role in LEDGER_WRITER_ROLES)

    @property
    def sees_ledger(self) -> bool:
        """Media editors work on reach and never see the project ledger."""
        return self.is_superuser or self.role != Role.MEDIA_EDITOR


class ApiTokenQuerySet(models.QuerySet):
    """Reusable filters on API tokens."""

    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "yz_" + secrets.token_urlsafe(32)
