"""Staff pages of channels and reach."""

from .channels import ChannelListView, channel_create, channel_edit, outlet_edit
from .figures import figures
from .imports import import_report, import_snapshots, import_template
from .pages import bulletin, chart_data, publication_add, reach_page, rows_page, snapshot_grid

__all__ = [
    "ChannelListView",
    "bulletin",
    "channel_create",
    "channel_edit",
    "chart_data",
    "figures",
    "import_report",
    "import_snapshots",
    "import_template",
    "outlet_edit",
    "publication_add",
    "reach_page",
    "rows_page",
    "snapshot_grid",
]
