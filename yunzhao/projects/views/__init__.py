"""Staff pages of the project pipeline."""

from .detail import change_stage, detail, record_capital, submit_scheduling_update
from .edit import create, edit
from .lists import board, ledger
from .scheduling import scheduling

__all__ = [
    "board",
    "change_stage",
    "create",
    "detail",
    "edit",
    "ledger",
    "record_capital",
    "scheduling",
    "submit_scheduling_update",
]
