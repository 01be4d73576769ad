"""Demo exchange rates: a plausible US dollar rate for every month, from a formula, never official figures."""

import datetime as dt
import math
from decimal import Decimal

from django.db import transaction

from yunzhao.core.choices import Currency
from yunzhao.projects.models import ExchangeRate

# The demo's rates start here (early enough for the oldest dated project in the press set) and
# always cover at least the last six years.
FIRST_MONTH = dt.date(2017, 1, 1)


def demo_usd_rate(month: dt.date) -> Decimal:
    """Yuan per US dollar for ``month`` in the demo: two slow waves around 6.9, between about 6.5 and 7.3.

    These are demo values shaped like the market of recent years; they are not the official rates.
    """
    m = (month.year - FIRST_MONTH.year) * 12 + month.month - 1
    value = 6.90 + 0.30 * math.sin(2 * math.pi * (m - 20) / 64) + 0.06 * math.sin(2 * math.pi * m / 9)
    return Decimal(f"{value:.4f}")


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from ``first`` to ``last``, inclusive."""
    out, month = [], first.replace(day=1)
    while month <= last:
        out.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def first_month(today: dt.date) -> dt.date:
    """The first month with a demo rate: 2017-01, or six years back if that is earlier."""
    return min(FIRST_MONTH, today.replace(year=today.year - 6, day=1))


@transaction.atomic
def ensure_demo_rates(today: dt.date) -> int:
    """Add a demo USD rate for each month up to ``today``'s that has none; returns how many were added.

    Months that already have a rate (entered by someone, or by an earlier run) are left as they are.
    """
    wanted = months(first_month(today), today)
    have = set(ExchangeRate.objects.filter(currency=Currency.USD, month__in=wanted).values_list("month", flat=True))
    missing = [ExchangeRate(month=m, currency=Currency.USD, rate_to_cny=demo_usd_rate(m)) for m in wanted
               if m not in have]
    ExchangeRate.objects.bulk_create(missing)
    return len(missing)
