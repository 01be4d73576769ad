"""Staff pages of the investor CRM."""

from .investors import (
    InvestorListView,
    investor_create,
    investor_detail,
    investor_duplicates,
    investor_edit,
)
from .people import contact_add, contact_edit, interaction_add

__all__ = [
    "InvestorListView",
    "contact_add",
    "contact_edit",
    "interaction_add",
    "investor_create",
    "investor_detail",
    "investor_duplicates",
    "investor_edit",
]
