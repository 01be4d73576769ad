"""Staff pages of campaigns, events and signings."""

from .campaigns import campaign_create, campaign_detail, campaign_edit, campaign_list
from .events import (
    agenda_add,
    event_create,
    event_detail,
    event_edit,
    guest_add,
    guest_attended,
    guest_register,
    material_add,
    signing_add,
    stream_add,
)
from .signings import agreement, signing_list

__all__ = [
    "agenda_add",
    "agreement",
    "campaign_create",
    "campaign_detail",
    "campaign_edit",
    "campaign_list",
    "event_create",
    "event_detail",
    "event_edit",
    "guest_add",
    "guest_attended",
    "guest_register",
    "material_add",
    "signing_add",
    "signing_list",
    "stream_add",
]
