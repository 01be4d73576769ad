"""The event page and the writes made from it: details, agenda, links, materials, audience, signings."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yunzhao.core.access import can_write
from yunzhao.core.forms import add_action_errors

from .. import actions
from ..choices import EventLevel, EventStatus, StreamKind
from ..forms import AgendaItemForm, EventForm, GuestForm, MaterialForm, SigningForm, StreamForm
from ..models import Event, EventGuest
from ..selectors import (
    event_guests,
    event_signings,
    get_campaign_for_user,
    get_event_for_user,
    get_guest_for_writer,
    get_writable_event_for_user,
    totals_of,
)
from .common import can_change_event, require_event_creator, url_or_none


def _stream_rows(event: Event) -> list[dict[str, Any]]:
    """Links per platform: one row per channel with its livestream and replay links."""
    rows: dict[int, dict[str, Any]] = {}
    for stream in event.streams.select_related("channel").order_by(
        "channel__level", "channel__name_zh", "pk"
    ):
        row = rows.setdefault(stream.channel_id, {"channel": stream.channel, "live": [], "replay": []})
        row["live" if stream.kind == StreamKind.LIVE else "replay"].append(stream)
    return list(rows.values())


def event_context(
    request: HttpRequest, event: Event, *, open_form: str = "", **bound: BaseForm
) -> dict[str, Any]:
    """Everything the event page shows; ``bound`` replaces a blank form by one with errors."""
    user = request.user
    can_edit = can_change_event(user, event)
    sees_ledger = user.sees_ledger
    context: dict[str, Any] = {
        "event": event,
        "can_edit": can_edit,
        "sees_ledger": sees_ledger,
        "streams": _stream_rows(event),
        "agenda": list(event.agenda.order_by("order", "starts_at", "pk")),
        "materials": list(event.materials.order_by("kind", "pk")),
        "reach_url": url_or_none("reach:event", event.pk),
        "open_form": open_form,
    }
    if sees_ledger:
        guests = event_guests(event, user)
        signings = event_signings(event, user)
        context.update(
            {
                "guests": [(g, url_or_none("crm:detail", g.investor_id)) for g in guests],
                "audience": {
                    "invited": len(guests),
                    "registered": sum(1 for g in guests if g.registered_at),
                    "attended": sum(1 for g in guests if g.attended),
                },
                "signings": signings,
                "totals": totals_of(signings),
                "signings_url": reverse("campaigns:signings") + f"?event={event.pk}",
            }
        )
    writer = can_write(user)
    context["can_manage_guests"] = can_edit and writer and sees_ledger
    context["can_sign"] = writer and event.status != EventStatus.CANCELLED
    if can_edit:
        context["agenda_form"] = bound.get("agenda_form") or AgendaItemForm(
            initial={"order": len(context["agenda"]) + 1}
        )
        context["stream_form"] = bound.get("stream_form") or StreamForm(user=user)
        context["material_form"] = bound.get("material_form") or MaterialForm()
    if context["can_manage_guests"]:
        context["guest_form"] = bound.get("guest_form") or GuestForm(user=user, event=event)
    if context["can_sign"]:
        context["signing_form"] = bound.get("signing_form") or SigningForm(user=user, event=event)
    return context


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event: details, links, agenda, materials, audience and the signings made there."""
    event = get_event_for_user(pk, request.user)
    return render(request, "campaigns/event_detail.html", event_context(request, event))


def event_create(request: HttpRequest) -> HttpResponse:
    """A new event; opened from a campaign's row, the campaign, level and unit are filled in."""
    require_event_creator(request)
    user = request.user
    initial: dict[str, Any] = {"status": EventStatus.PLANNED}
    if (campaign_id := request.GET.get("campaign", "").strip()).isdigit():
        initial["campaign"] = get_campaign_for_user(int(campaign_id), user).pk
    if request.GET.get("level") in EventLevel.values:
        initial["level"] = request.GET["level"]
    if (unit := request.GET.get("unit", "")).isdigit():
        initial["owner_unit"] = int(unit)
    elif user.unit_id:
        initial["owner_unit"] = user.unit_id
    form = EventForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.create_event(actor=user, **form.action_fields())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Event “%(title)s” created.") % {"title": event.display_name})
            return redirect("campaigns:event", pk=event.pk)
    return render(request, "campaigns/event_form.html", {"form": form, "event": None})


def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an event's details; another unit's event is a 404."""
    event = get_writable_event_for_user(pk, request.user)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_event(event, actor=request.user, changes=form.action_fields())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Event saved."))
            return redirect("campaigns:event", pk=event.pk)
    return render(request, "campaigns/event_form.html", {"form": form, "event": event})


def _event_write(
    request: HttpRequest,
    pk: int,
    *,
    form_name: str,
    anchor: str,
    make_form: Callable[..., BaseForm],
    act: Callable[[Event, BaseForm], str],
    writable: bool = True,
) -> HttpResponse:
    """Parse a form posted from the event page, call one action, and go back to the page's section.

    With errors, the event page is shown again with the form open and its errors in place.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = request.user
    event = get_writable_event_for_user(pk, user) if writable else get_event_for_user(pk, user)
    form = make_form(request.POST, request.FILES, event=event)
    if form.is_valid():
        try:
            message = act(event, form)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(reverse("campaigns:event", args=[event.pk]) + f"#{anchor}")
    context = event_context(request, event, open_form=form_name, **{form_name: form})
    return render(request, "campaigns/event_detail.html", context, status=400)


def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a speaker to the agenda."""

    def act(event: Event, form: BaseForm) -> str:
        actions.add_agenda_item(event, actor=request.user, **form.cleaned_data)
        return _("Agenda item added.")

    return _event_write(
        request,
        pk,
        form_name="agenda_form",
        anchor="agenda",
        act=act,
        make_form=lambda data, files, event: AgendaItemForm(data),
    )


def stream_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a livestream or replay link."""

    def act(event: Event, form: BaseForm) -> str:
        actions.add_stream(event, actor=request.user, **form.cleaned_data)
        return _("Link added.")

    return _event_write(
        request,
        pk,
        form_name="stream_form",
        anchor="streams",
        act=act,
        make_form=lambda data, files, event: StreamForm(data, user=request.user),
    )


def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a policy, video or document published at the event."""

    def act(event: Event, form: BaseForm) -> str:
        actions.add_material(event, actor=request.user, **form.cleaned_data)
        return _("Material added.")

    return _event_write(
        request,
        pk,
        form_name="material_form",
        anchor="materials",
        act=act,
        make_form=lambda data, files, event: MaterialForm(data),
    )


def _require_guest_writer(request: HttpRequest) -> None:
    if not (can_write(request.user) and request.user.sees_ledger):
        raise PermissionDenied(_("You may not change the audience of events."))


def guest_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite an investor (or record their registration)."""
    _require_guest_writer(request)

    def act(event: Event, form: BaseForm) -> str:
        data = form.cleaned_data
        actions.invite_investor(
            event,
            data["investor"],
            actor=request.user,
            guest_type=data["guest_type"],
            registered=data["registered"],
        )
        return _("%(investor)s invited.") % {"investor": data["investor"].display_name}

    return _event_write(
        request,
        pk,
        form_name="guest_form",
        anchor="audience",
        act=act,
        make_form=lambda data, files, event: GuestForm(data, user=request.user, event=event),
    )


@require_POST
def guest_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that an invited investor registered."""
    get_object_or_404(EventGuest.objects.visible_to(request.user), pk=pk)
    _require_guest_writer(request)
    guest = get_guest_for_writer(pk, request.user)
    actions.invite_investor(
        guest.event, guest.investor, actor=request.user, guest_type=guest.guest_type, registered=True
    )
    messages.success(request, _("%(investor)s registered.") % {"investor": guest.investor.display_name})
    return redirect(reverse("campaigns:event", args=[guest.event_id]) + "#audience")


@require_POST
def guest_attended(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a guest attended; the attendance goes on the investor's record once."""
    get_object_or_404(EventGuest.objects.visible_to(request.user), pk=pk)
    _require_guest_writer(request)
    guest = get_guest_for_writer(pk, request.user)
    already = guest.attended
    actions.mark_attended(guest, actor=request.user)
    if already:
        messages.info(
            request,
            _("%(investor)s was already recorded as attending.") % {"investor": guest.investor.display_name},
        )
    else:
        messages.success(
            request,
            _("%(investor)s attended; recorded on the investor.") % {"investor": guest.investor.display_name},
        )
    return redirect(reverse("campaigns:event", args=[guest.event_id]) + "#audience")


def signing_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a project signed at the event (any event the user sees, for a project they may change)."""
    if not (can_write(request.user) and request.user.sees_ledger):
        raise PermissionDenied(_("You may not record signings."))

    def act(event: Event, form: BaseForm) -> str:
        if event.status == EventStatus.CANCELLED:
            raise ValidationError(_("This event was cancelled; nothing can be signed at it."))
        project = form.cleaned_data["project"]
        signing = actions.record_signing(event, project, actor=request.user, **form.action_fields())
        if signing.credited_project:
            return _("Signing of %(project)s recorded and credited.") % {"project": project.code}
        return _(
            "Signing of %(project)s recorded; the project was signed before, so only an increase is credited."
        ) % {"project": project.code}

    return _event_write(
        request,
        pk,
        form_name="signing_form",
        anchor="signings",
        act=act,
        writable=False,
        make_form=lambda data, files, event: SigningForm(data, files, user=request.user, event=event),
    )
