"""The statistics engine's hand-worked ledger (see ``yunzhao/stats/tests/conftest.py``), read on a fixed day."""

import datetime as dt

import pytest
from django.utils import timezone

from yunzhao.stats.tests.conftest import build_ledger

# The ledger's year is 2023; the dashboards read it on the last day of that year.
TODAY = dt.date(2023, 12, 31)


@pytest.fixture
def ledger(city_staff, units):
    return build_ledger(city_staff, units)


@pytest.fixture
def on_ledger_day(monkeypatch):
    """Pages read "today" as 31 December 2023."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY
