"""Template filters of the public site: ``{% load portal %}``."""

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def echo(field: BoundField) -> str:
    """What the visitor typed, shown back in the form, cut to the field's limit (never a huge echo)."""
    value = field.value()
    if value is None:
        return ""
    value = str(value)
    limit = getattr(field.field, "max_length", None)
    return value[:limit] if limit else value
