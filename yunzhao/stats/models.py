"""Figures the province publishes for the other cities, kept to rank the city among them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yunzhao.core.models import TimeStampedModel

from .registry import FigureUnit, comparable_choices


class ProvincialFigure(TimeStampedModel):
    """One city's published value of a statistic for a period (one row per city, statistic and period)."""

    city_zh = models.CharField(_("city (Chinese)"), max_length=50)
    city_en = models.CharField(_("city (English)"), max_length=100, blank=True)
    statistic = models.CharField(_("statistic"), max_length=40, choices=comparable_choices)
    period = models.CharField(
        _("period"),
        max_length=32,
        db_index=True,
        help_text=_("The period's code, such as 2023, 2023H1, 2023Q1 or 2023-01..2023-02."),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=20,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("In yuan, US dollars or a number of projects, as the statistic counts."),
    )
    unit = models.CharField(_("unit"), max_length=10, choices=FigureUnit.choices)
    source_note = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the figure was published (bulletin, website, date)."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("provincial figure")
        verbose_name_plural = _("provincial figures")
        ordering = ["statistic", "period", "-value", "city_zh"]
        constraints = [
            models.UniqueConstraint(
                fields=["city_zh", "statistic", "period"], name="stats_provincial_one_per_city"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="stats_provincial_value_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.period} {self.statistic}"

    @property
    def city(self) -> str:
        """The city's name in the active language."""
        if (get_language() or "").startswith("en") and self.city_en:
            return self.city_en
        return self.city_zh
