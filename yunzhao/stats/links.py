"""URLs of figures: each figure links to the records it was computed from."""

from urllib.parse import urlencode

from django.urls import reverse

from .dimensions import get as get_dimension
from .figures import Figure


def records_query(figure: Figure) -> str:
    """The query string that reproduces ``figure`` on the drill-down page."""
    params = {"period": figure.period.code}
    for code, key in figure.filters.items():
        params[code] = get_dimension(code).key_text(key)
    return urlencode(params)


def records_url(figure: Figure) -> str:
    """The drill-down page listing the records behind ``figure``."""
    return f"{reverse('stats:records', args=[figure.code])}?{records_query(figure)}"
