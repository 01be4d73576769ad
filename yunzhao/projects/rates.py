"""Exchange rates: the rate recorded for a month, used to convert amounts to yuan."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yunzhao.core.choices import Currency

from .models import ExchangeRate


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def rate_for(currency: str, on: dt.date) -> Decimal:
    """Yuan per unit of ``currency`` for the month of ``on`` (or the latest month before it)."""
    if currency == Currency.CNY:
        return Decimal(1)
    rate = (
        ExchangeRate.objects.filter(currency=currency, month__lte=month_start(on))
        .order_by("-month")
        .values_list("rate_to_cny", flat=True)
        .first()
    )
    if rate is None:
        raise ValidationError(
            _("No exchange rate is recorded for %(currency)s in or before %(month)s.")
            % {"currency": currency, "month": f"{on:%Y-%m}"},
            code="no_rate",
        )
    return rate


def rate_table(currency: str) -> list[tuple[dt.date, Decimal]]:
    """All months' rates for ``currency``, oldest first (for bulk conversion without a query per row)."""
    return list(ExchangeRate.objects.filter(currency=currency).order_by("month").values_list("month", "rate_to_cny"))
