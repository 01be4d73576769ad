"""Template filters for amounts, personal data and choices."""

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from yunzhao.core import money

register = template.Library()


@register.filter
def cny(yuan: Decimal | None) -> str:
    """Yuan in the reader's conventions: ``1.5亿元`` / ``3,200万元`` or ``1.5 billion yuan``."""
    return money.format_cny(yuan, get_language() or "zh-hans")


@register.filter
def usd(dollars: Decimal | None) -> str:
    """US dollars: ``3.1亿美元`` or ``US$310 million``."""
    return money.format_usd(dollars, get_language() or "zh-hans")


@register.filter
def wan(yuan: Decimal | None) -> str:
    """Yuan as a plain 万元 number for table columns: ``15,000``."""
    value = money.to_wan(yuan)
    return "—" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


@register.filter
def amount(value: Decimal | None, currency: str = "CNY") -> str:
    """An amount in its own currency: yuan through ``cny``, dollars through ``usd``."""
    return money.format_usd(value, get_language() or "zh-hans") if currency == "USD" else cny(value)


@register.filter
def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``: phone numbers are never shown whole in lists."""
    digits = (phone or "").strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    keep = 3 if len(digits) >= 11 else 2
    return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]
