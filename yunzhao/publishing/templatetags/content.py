"""Template tags for bilingual content: ``{% load content %}``.

``{% bi item "title" %}`` prints a text in the reader's language; when only the Chinese original
exists, it prints that with a badge saying so (never a blank). ``{% bi item "body" block=True %}``
does the same for long texts, in paragraphs. ``{{ item|loc:"summary" }}`` gives the plain text.
"""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from yunzhao.publishing.text import Localized, localized

register = template.Library()

# Deliberately bilingual, the same in both languages: the reader may not read the text's language.
BADGES = {
    "zh-hans": "中文原文 / Chinese original",
    "en": "英文原文 / English original",
}


def badge(text: Localized) -> SafeString:
    """The "original language" badge of a text shown in place of a missing translation."""
    if not text.fallback:
        return mark_safe("")  # noqa: S308 (empty)
    return format_html('<span class="yz-original badge" lang="{}">{}</span>', text.html_lang, BADGES[text.language])


@register.simple_tag
def bi(obj, name: str, block: bool = False) -> SafeString:
    """A bilingual field in the reader's language, with the badge when the original stands in."""
    text = localized(obj, name)
    if not text.text:
        return mark_safe("")  # noqa: S308 (empty)
    if block:
        body = linebreaks_filter(text.text, autoescape=True)
        return format_html('<div class="yz-text" lang="{}">{}{}</div>', text.html_lang, badge(text), body)
    return format_html('<span lang="{}">{}</span>{}', text.html_lang, text.text,
                       format_html(" {}", badge(text)) if text.fallback else "")


@register.filter
def loc(obj, name: str) -> str:
    """A bilingual field's plain text in the reader's language (the Chinese original if untranslated)."""
    return localized(obj, name).text


@register.filter
def is_fallback(obj, name: str) -> bool:
    return localized(obj, name).fallback


@register.simple_tag
def original_badge(obj, name: str) -> SafeString:
    """Only the badge, for texts printed with ``loc``."""
    return badge(localized(obj, name))

