"""Template filters of the reach pages."""

from django import template

register = template.Library()


@register.filter
def count(value) -> str:
    """A count with thousands separators in every language (1,234,567): Chinese pages group by
    thousands too when they write counts in full."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return "0" if value in (None, "") else str(value)
