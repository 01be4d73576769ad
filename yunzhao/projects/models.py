"""Projects (项目) from first lead to production, and what hangs off them."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yunzhao.core.access import Scope
from yunzhao.core.choices import Currency, Industry
from yunzhao.core.models import TimeStampedModel
from yunzhao.orgs.choices import UnitKind

from .choices import CapitalSource, ProjectKind, Stage
from .querysets import ProjectChildQuerySet, ProjectQuerySet

MONEY = {"max_digits": 20, "decimal_places": 2}
RATE = {"max_digits": 12, "decimal_places": 6}


class ExchangeRate(models.Model):
    """The yuan value of one unit of a currency for a month, used to convert signed amounts."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    rate_to_cny = models.DecimalField(_("yuan per unit"), validators=[MinValueValidator(Decimal("0.000001"))], **RATE)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-month", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["month", "currency"], name="projects_rate_month_currency_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="projects_rate_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.month:%Y-%m} = {self.rate_to_cny}"


class Project(TimeStampedModel):
    """An investment project, its owning district and zone, its amount and its stage."""

    code = models.CharField(_("ledger number"), max_length=32, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    investors = models.ManyToManyField(
        "crm.Investor", verbose_name=_("investors"), related_name="projects", blank=True
    )
    district = models.ForeignKey(
        "orgs.Unit", verbose_name=_("district / county"), on_delete=models.PROTECT, related_name="projects",
        limit_choices_to={"kind": UnitKind.DISTRICT},
    )
    zone = models.ForeignKey(
        "orgs.Unit", verbose_name=_("zone"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="zone_projects", limit_choices_to={"kind": UnitKind.ZONE},
    )
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices, default=Industry.OTHER)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.NEW)
    source = models.CharField(
        _("capital source"), max_length=10, choices=CapitalSource.choices, default=CapitalSource.DOMESTIC
    )
    total_investment = models.DecimalField(
        _("total investment"), validators=[MinValueValidator(Decimal(0))], default=Decimal(0), **MONEY,
        help_text=_("In whole units of the currency (yuan or dollars)."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY)
    exchange_rate = models.DecimalField(
        _("exchange rate used"), default=Decimal(1), validators=[MinValueValidator(Decimal("0.000001"))], **RATE,
        help_text=_("Yuan per unit of the currency; 1 for yuan."),
    )
    # Always equal to amount × rate: computed by the database, so it can never drift.
    total_investment_cny = models.GeneratedField(
        expression=F("total_investment") * F("exchange_rate"),
        output_field=models.DecimalField(**MONEY),
        db_persist=True,
        verbose_name=_("total investment (yuan)"),
    )
    land_area_mu = models.DecimalField(
        _("land area (mu)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    phases = models.TextField(_("phases"), blank=True, help_text=_("Construction phases and their scope."))
    description = models.TextField(_("description"), blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible officer"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="officer_projects",
    )
    leader = models.CharField(_("assigned city leader"), max_length=100, blank=True, db_index=True,
                              help_text=_("领导包挂: the city leader personally responsible."))
    is_key = models.BooleanField(_("key project"), default=False, db_index=True)
    anchor = models.ForeignKey(
        "self", verbose_name=_("anchor project"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="chain_projects", help_text=_("The chain anchor project that attracted this one."),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.LEAD, db_index=True)
    stage_reason = models.CharField(_("reason"), max_length=300, blank=True,
                                    help_text=_("Why the project is paused or lost."))
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, db_index=True)
    started_on = models.DateField(_("construction started on"), null=True, blank=True)
    production_on = models.DateField(_("in production on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope = Scope(district="district", zone="zone")
    scope_is_multivalued = False
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total_investment__gte=0), name="projects_total_nonnegative"),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="projects_rate_positive"),
            models.CheckConstraint(
                condition=~Q(stage__in=[Stage.PAUSED, Stage.LOST]) | ~Q(stage_reason=""),
                name="projects_offpipeline_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["district", "stage"]),
            models.Index(fields=["zone", "stage"]),
            models.Index(fields=["total_investment_cny"]),
            # The ledger's default order.
            models.Index(fields=["-updated_at", "-id"], name="projects_ledger_order"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to Chinese."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh

    @property
    def amount_cny(self) -> Decimal:
        """Total investment in yuan, also before the row is saved and re-read."""
        return (self.total_investment or Decimal(0)) * (self.exchange_rate or Decimal(1))

    def clean(self) -> None:
        errors = {}
        if self.district_id and self.district.kind != UnitKind.DISTRICT:
            errors["district"] = _("Choose a district or county.")
        if self.zone_id and self.zone.kind != UnitKind.ZONE:
            errors["zone"] = _("Choose a zone.")
        if self.currency == Currency.CNY and self.exchange_rate not in (None, Decimal(1)):
            errors["exchange_rate"] = _("Amounts in yuan take the rate 1.")
        if self.anchor_id and self.anchor_id == self.pk:
            errors["anchor"] = _("A project cannot be its own anchor.")
        if errors:
            raise ValidationError(errors)


class CapitalRecord(TimeStampedModel):
    """Money that actually arrived (到位资金) for a project, separate from the signed amount."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="capital_records")
    received_on = models.DateField(_("date received"), db_index=True)
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY)
    exchange_rate = models.DecimalField(_("exchange rate used"), default=Decimal(1), **RATE)
    amount_cny = models.GeneratedField(
        expression=F("amount") * F("exchange_rate"), output_field=models.DecimalField(**MONEY), db_persist=True,
        verbose_name=_("amount (yuan)"),
    )
    source = models.CharField(_("source"), max_length=10, choices=CapitalSource.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope = Scope(district="project__district", zone="project__zone")
    scope_is_multivalued = False
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("capital in place")
        verbose_name_plural = _("capital in place")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="projects_capital_positive"),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="projects_capital_rate_positive"),
        ]
        indexes = [models.Index(fields=["source", "received_on"])]

    def __str__(self) -> str:
        return f"{self.project} {self.received_on:%Y-%m-%d} {self.amount} {self.currency}"


class SchedulingUpdate(TimeStampedModel):
    """A key project's progress report for one scheduling (调度) period."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scheduling_updates")
    period_start = models.DateField(_("period"), help_text=_("The first day of the period reported on."))
    progress = models.TextField(_("progress"))
    problems = models.TextField(_("problems"), blank=True)
    help_needed = models.TextField(_("help needed"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )

    scope = Scope(district="project__district", zone="project__zone")
    scope_is_multivalued = False
    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheduling update")
        verbose_name_plural = _("scheduling updates")
        ordering = ["-period_start", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period_start"], name="projects_scheduling_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.period_start:%Y-%m-%d}"
