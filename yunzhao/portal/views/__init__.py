"""The public site's views: content pages (cached) and the interest and meeting forms."""

from .content import (
    event_detail,
    event_list,
    home,
    news_detail,
    news_list,
    opportunity_detail,
    opportunity_list,
    policy_detail,
    policy_list,
    privacy,
    qr,
    search,
    video_library,
    zone_detail,
    zone_list,
)
from .interest import interest, meeting, thanks

__all__ = [
    "event_detail", "event_list", "home", "interest", "meeting", "news_detail", "news_list", "opportunity_detail",
    "opportunity_list", "policy_detail", "policy_list", "privacy", "qr", "search", "thanks", "video_library",
    "zone_detail", "zone_list",
]
