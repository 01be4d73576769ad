"""The public pages interest can be registered on, and the unit each one routes its leads to."""

from django.db.models import Model
from django.http import Http404
from django.urls import reverse

from yunzhao.crm.choices import LeadSource
from yunzhao.crm.leads import LeadSourcePage
from yunzhao.publishing.models import EventPage, Opportunity, Policy, ZoneProfile
from yunzhao.publishing.text import localized

# URL word → (lead source, model, portal URL name).
INTEREST_PAGES = {
    "zone": (LeadSource.ZONE, ZoneProfile, "portal:zone"),
    "policy": (LeadSource.POLICY, Policy, "portal:policy"),
    "opportunity": (LeadSource.OPPORTUNITY, Opportunity, "portal:opportunity"),
    "event": (LeadSource.EVENT, EventPage, "portal:event"),
}


def public_path(kind: str, item: Model, lang: str = "zh") -> str:
    """The public address of an item interest can be registered on."""
    if kind == "zone":
        return reverse("portal:zone", kwargs={"lang": lang, "code": item.unit.code})
    if kind == "event":
        return reverse("portal:event", kwargs={"lang": lang, "pk": item.event_id})
    return reverse(INTEREST_PAGES[kind][2], kwargs={"lang": lang, "pk": item.pk})


def interest_page(kind: str, pk: int) -> tuple[Model, LeadSourcePage]:
    """A published page and where its leads go: a zone's to the zone, an event's to the event's unit,
    a policy's or opportunity's to the unit that owns it."""
    if kind not in INTEREST_PAGES:
        raise Http404
    source, model, _name = INTEREST_PAGES[kind]
    related = {"zone": ("unit",), "event": ("event__owner_unit",)}.get(kind, ("owner_unit",))
    item = model.objects.live().select_related(*related).filter(pk=pk).first()
    if item is None:
        raise Http404
    if kind == "zone":
        unit = item.unit
    elif kind == "event":
        unit = item.event.owner_unit
    else:
        unit = item.owner_unit
    title = localized(item, item.title_field, "zh-hans").text
    return item, LeadSourcePage(kind=source, id=item.pk, title=title, path=public_path(kind, item), unit=unit,
                                event_id=item.event_id if kind == "event" else None)


def interest_kind_for(item: Model) -> str:
    """The URL word of an item's interest form."""
    return next(kind for kind, (_s, model, _n) in INTEREST_PAGES.items() if isinstance(item, model))
