"""The channel registry: the list for all staff; create and edit for the media group and the bureau."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from yunzhao.core.forms import add_action_errors

from .. import actions
from ..actions import CHANNEL_FIELDS, OUTLET_FIELDS
from ..filtersets import ChannelFilter
from ..forms import ChannelForm, OutletForm
from ..models import Channel, Outlet
from ..querysets import keeps_registry
from ..tables import ChannelTable


def require_registry_keeper(request: HttpRequest) -> None:
    if not keeps_registry(request.user):
        raise PermissionDenied(_("Only the media group and the city bureau keep the channel registry."))


class ChannelListView(SingleTableMixin, FilterView):
    """Every channel, filtered by level, kind and owner, 50 to a page."""

    table_class = ChannelTable
    filterset_class = ChannelFilter
    table_pagination = {"per_page": 50}
    template_name = "reach/channel_list.html"

    def get_queryset(self) -> QuerySet[Channel]:
        return (
            Channel.objects.visible_to(self.request.user).select_related("outlet")
            .annotate(publication_count=Count("publications"))
        )

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"can_edit": keeps_registry(self.request.user)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "can_edit": keeps_registry(self.request.user)}


def channel_create(request: HttpRequest) -> HttpResponse:
    """Add a channel, under an outlet of the registry or a new one."""
    require_registry_keeper(request)
    form = ChannelForm(request.POST or None, initial={"language": "zh-hans", "country": "CN"})
    if request.method == "POST" and form.is_valid():
        try:
            channel = actions.create_channel(actor=request.user, **form.outlet_kwargs(), **form.channel_fields())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Channel “%(name)s” added.") % {"name": channel.name_zh})
            return redirect("reach:channels")
    return render(request, "reach/channel_form.html", {"form": form})


def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a channel's details or its outlet."""
    channel = get_object_or_404(Channel.objects.visible_to(request.user).select_related("outlet"), pk=pk)
    require_registry_keeper(request)
    initial = {name: getattr(channel, name) for name in CHANNEL_FIELDS}
    initial.update(country=channel.country.code, outlet=channel.outlet)
    form = ChannelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        outlet = form.outlet_kwargs()
        try:
            actions.update_channel(channel, actor=request.user, changes=form.channel_fields(), **outlet)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("reach:channels")
    return render(request, "reach/channel_form.html", {"form": form, "channel": channel})


def outlet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename an outlet."""
    outlet = get_object_or_404(Outlet, pk=pk)
    require_registry_keeper(request)
    form = OutletForm(request.POST or None, initial={name: getattr(outlet, name) for name in OUTLET_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_outlet(outlet, actor=request.user, changes=form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("reach:channels")
    channels = list(outlet.channels.order_by("level", "name_zh"))
    return render(request, "reach/outlet_form.html", {"form": form, "outlet": outlet, "channels": channels})
