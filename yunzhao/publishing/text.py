"""Bilingual text: pick the reader's language, and say so when the Chinese original stands in."""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Localized:
    """A text in one language; ``fallback`` when it is shown because the reader's language is missing."""

    text: str
    language: str
    fallback: bool = False

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def html_lang(self) -> str:
        """The value for an HTML ``lang`` attribute."""
        return "zh-CN" if self.language == "zh-hans" else self.language


def is_english(language: str | None = None) -> bool:
    return (language or get_language() or "zh-hans").startswith("en")


def localized(obj: object, name: str, language: str | None = None) -> Localized:
    """``obj.<name>_en`` for English readers and ``obj.<name>_zh`` for Chinese ones, whichever is there.

    Chinese is the original: an English reader of an untranslated text gets the Chinese with
    ``fallback`` set (shown with a "Chinese original" badge), never a blank.
    """
    zh = (getattr(obj, f"{name}_zh", "") or "").strip()
    en = (getattr(obj, f"{name}_en", "") or "").strip()
    if is_english(language):
        return Localized(en, "en") if en else Localized(zh, "zh-hans", fallback=bool(zh))
    return Localized(zh, "zh-hans") if zh else Localized(en, "en", fallback=bool(en))
