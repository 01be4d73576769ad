"""Template filters for figures: values in their unit, year-on-year change, drill-down links."""

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from yunzhao.stats import formatting, links
from yunzhao.stats.figures import Figure

register = template.Library()


def _lang() -> str:
    return get_language() or "zh-hans"


@register.filter
def value_of(figure: Figure) -> str:
    """The figure's headline number in its unit: ``4个``, ``1,644.93万美元``."""
    return formatting.value_text(figure.statistic, figure.value, _lang())


@register.filter
def last_value_of(figure: Figure) -> str:
    """The same period last year's headline number."""
    return formatting.value_text(figure.statistic, figure.last_value, _lang())


@register.filter
def amount_of(figure: Figure) -> str:
    """The figure's amount in its currency."""
    return formatting.amount_text(figure.amount, figure.statistic.currency, _lang())


@register.filter
def pct(ratio: Decimal | None) -> str:
    """A change as ``+28.5%`` / ``-3.2%``, or ``—``."""
    return formatting.signed_percent_text(ratio)


@register.filter
def share(ratio: Decimal | None) -> str:
    """A share as ``40.0%``."""
    return formatting.percent_text(ratio)


@register.filter
def trend(ratio: Decimal | None) -> str:
    """``up``, ``down`` or ``flat`` for styling a change."""
    if ratio is None:
        return "none"
    value = formatting.percent(ratio)
    return "up" if value > 0 else "down" if value < 0 else "flat"


@register.filter
def records_url(figure: Figure) -> str:
    return links.records_url(figure)


@register.filter
def ordinal(number: int) -> str:
    return formatting.ordinal(number, _lang())


@register.filter
def days(value) -> str:
    return formatting.days_text(value, _lang())


@register.filter
def as_of(moment) -> str:
    return formatting.as_of_text(moment, _lang())


@register.filter
def label(obj) -> str:
    """A period's or statistic's name in the reader's language."""
    if hasattr(obj, "label") and callable(obj.label):
        return obj.label(_lang())
    return obj.name(_lang())


@register.filter
def definition(statistic) -> str:
    return statistic.definition(_lang())


@register.filter
def provincial_value(row) -> str:
    """A provincial figure's value in its statistic's unit."""
    from yunzhao.stats import registry

    statistic = registry.get(row.statistic)
    value = int(row.value) if statistic.primary == "count" else row.value
    return formatting.value_text(statistic, value, _lang())


@register.filter
def exact(value: Decimal | None, currency: str = "") -> str:
    """An amount to the cent, as summed: ``US$856,836,814.43`` / ``¥1,250,000,000.00``."""
    if value is None:
        return "—"
    text = f"{Decimal(value):,.2f}"
    return {"USD": "US$", "CNY": "¥"}.get(currency, "") + text
