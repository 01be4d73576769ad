"""The city the statistics are about, and its province, by name (``YUNZHAO_CITY`` in the settings)."""

from django.conf import settings

DEFAULT_CITY = {
    "zh": "济南市",
    "en": "Jinan",
    "short_zh": "济南",
    "province_zh": "山东",
    "province_en": "Shandong",
}


def city() -> dict[str, str]:
    """Names of the home city and its province: ``zh``, ``en``, ``short_zh``, ``province_zh``, ``province_en``."""
    return {**DEFAULT_CITY, **getattr(settings, "YUNZHAO_CITY", {})}


def city_name(lang: str) -> str:
    return city()["zh" if lang.startswith("zh") else "en"]


def province_name(lang: str) -> str:
    return city()["province_zh" if lang.startswith("zh") else "province_en"]
