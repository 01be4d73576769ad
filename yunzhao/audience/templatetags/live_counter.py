"""``{% live_counter_totals event as totals %}``: an event's public live totals, for its portal page."""

import datetime as dt

from django import template
from django.utils.dateparse import parse_datetime

from .. import selectors

register = template.Library()


@register.simple_tag
def live_counter_totals(event) -> dict | None:
    """The totals the public counter shows (``public_totals`` with ``as_of`` as a time), or ``None``
    when the event's page is not published or the event is cancelled."""
    totals = selectors.recent_public_totals(event.pk)
    if totals is None:
        return None
    as_of: dt.datetime | None = parse_datetime(totals["as_of"])
    return {**totals, "as_of": as_of}
