"""Scheduling (调度) periods: which period a day falls in, by the SCHEDULING_PERIOD setting."""

import datetime as dt

from django.conf import settings


def period_start_for(day: dt.date) -> dt.date:
    """The first day of the scheduling period that contains ``day`` (a Monday, or the 1st)."""
    if settings.SCHEDULING_PERIOD == "month":
        return day.replace(day=1)
    return day - dt.timedelta(days=day.weekday())
