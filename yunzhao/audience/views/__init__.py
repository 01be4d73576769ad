"""The audience's views: the public beacon, and the staff pages of live figures and share links."""

from .live import (
    campaign_figures,
    campaign_live,
    campaign_stream,
    event_figures,
    event_live,
    event_stream,
    index,
)
from .public import live_counter
from .share import event_report_xlsx, event_share, share_poster, share_qr
from .tracking import beacon

__all__ = [
    "beacon", "campaign_figures", "campaign_live", "campaign_stream", "event_figures", "event_live", "event_report_xlsx",
    "event_share", "event_stream", "index", "live_counter", "share_poster", "share_qr",
]
