"""Staff pages for leads from the public site (with their response timer) and video-meeting slots."""

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yunzhao.core import timeline
from yunzhao.core.access import can_write
from yunzhao.core.forms import add_action_errors
from yunzhao.orgs.choices import UnitKind
from yunzhao.orgs.models import Unit

from .. import leads as lead_actions
from ..choices import LeadStatus
from ..models import Investor, Lead, MeetingSlot
from ..selectors import find_duplicates

PER_PAGE = 50
OPEN = (LeadStatus.NEW, LeadStatus.CONTACTED)


def response_hours() -> int:
    """A lead not answered within this many hours is overdue (``LEAD_RESPONSE_HOURS``, default 24)."""
    return int(getattr(settings, "LEAD_RESPONSE_HOURS", 24))


def format_waiting(delta: dt.timedelta) -> str:
    """``3 d 4 h``, ``5 h 12 min`` or ``8 min``."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}


def _require_sees_leads(request: HttpRequest) -> None:
    if not request.user.sees_ledger:
        raise PermissionDenied


def _timer(lead: Lead, limit: dt.timedelta) -> dict[str, Any]:
    waiting = lead.waiting
    return {"text": format_waiting(waiting), "overdue": lead.first_response_at is None and waiting > limit,
            "answered": lead.first_response_at is not None}


def lead_list(request: HttpRequest) -> HttpResponse:
    """Leads routed to the user's unit (all, for the city bureau), open ones first, with the response timer."""
    _require_sees_leads(request)
    leads = Lead.objects.visible_to(request.user).select_related("unit", "channel", "event").order_by(
        "-created_at", "-pk")
    status = request.GET.get("status", "open")
    if status == "open":
        leads = leads.filter(status__in=OPEN)
    elif status in LeadStatus.values:
        leads = leads.filter(status=status)
    page = Paginator(leads, PER_PAGE).get_page(request.GET.get("page"))
    limit = dt.timedelta(hours=response_hours())
    rows = [{"lead": lead, "timer": _timer(lead, limit)} for lead in page]
    return render(request, "crm/lead_list.html", {
        "page": page, "rows": rows, "status": status, "statuses": LeadStatus.choices, "hours": response_hours(),
    })


def _get_lead(request: HttpRequest, pk: int) -> Lead:
    """The lead if the user may see it (media editors see none), else 404."""
    lead = (Lead.objects.visible_to(request.user).select_related("unit", "channel", "event", "investor",
                                                                  "privacy_notice", "responded_by")
            .filter(pk=pk).first())
    if lead is None:
        raise Http404
    return lead


class ConvertForm(forms.Form):
    """Record a lead as a new investor, or attach it to one already on record."""

    investor = forms.ModelChoiceField(label=gettext_lazy("Investor already on record"), required=False,
                                      queryset=Investor.objects.none(),
                                      empty_label=gettext_lazy("— a new investor —"))
    allow_duplicate = forms.BooleanField(label=gettext_lazy("It is a different company from the similar ones"),
                                         required=False)

    def __init__(self, *args: Any, lead: Lead, user, **kwargs: Any):
        super().__init__(*args, **kwargs)
        name = lead.organisation or lead.name
        self.fields["investor"].queryset = find_duplicates(name, "", user=user, name_en=name).order_by("name_zh")


def lead_detail(request: HttpRequest, pk: int, convert_form: ConvertForm | None = None) -> HttpResponse:
    """A lead: the visitor's details, where they came from, the meeting they booked, and what staff did."""
    lead = _get_lead(request, pk)
    writer = can_write(request.user)
    return render(request, "crm/lead_detail.html", {
        "lead": lead, "timer": _timer(lead, dt.timedelta(hours=response_hours())),
        "meeting": MeetingSlot.objects.filter(lead=lead).select_related("interaction").first(),
        "timeline": list(timeline.for_object(lead)[:50]), "can_write": writer,
        "convert_form": convert_form or (ConvertForm(lead=lead, user=request.user) if writer else None),
    }, status=400 if convert_form is not None else 200)


def _lead_post(action, message):
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        lead = _get_lead(request, pk)
        if not can_write(request.user):
            raise PermissionDenied
        action(lead, actor=request.user, note=request.POST.get("note", "")[:500])
        messages.success(request, message)
        return redirect("crm:lead", lead.pk)

    view.__doc__ = action.__doc__
    return view


lead_answered = _lead_post(lead_actions.mark_answered, gettext_lazy("Marked as answered."))
lead_close = _lead_post(lead_actions.close_lead, gettext_lazy("Lead closed."))


@require_POST
def lead_convert(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the lead as an investor (new, or one on record) with the visitor as a consenting contact."""
    lead = _get_lead(request, pk)
    if not can_write(request.user):
        raise PermissionDenied
    form = ConvertForm(request.POST, lead=lead, user=request.user)
    if form.is_valid():
        try:
            lead = lead_actions.convert_lead(lead, actor=request.user, investor=form.cleaned_data["investor"],
                                             allow_duplicate=form.cleaned_data["allow_duplicate"])
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Recorded as an investor."))
            return redirect("crm:detail", lead.investor_id)
    return lead_detail(request, pk, convert_form=form)


# --- meeting slots ----------------------------------------------------------------------------------

class SlotForm(forms.Form):
    """A video-meeting time to offer, with its link."""

    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    starts_at = forms.DateTimeField(label=gettext_lazy("Starts at"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=gettext_lazy("Ends at"),
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    meeting_link = forms.URLField(label=gettext_lazy("Meeting link"), max_length=500, assume_scheme="https")

    def __init__(self, *args: Any, user, **kwargs: Any):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).exclude(kind=UnitKind.MEDIA)
        if not user.is_citywide:
            units = units.filter(pk=user.unit_id)
        self.fields["unit"].queryset = units
        self.fields["unit"].initial = user.unit_id


def slot_list(request: HttpRequest) -> HttpResponse:
    """The unit's coming video-meeting slots, booked or free, and the form to offer another."""
    _require_sees_leads(request)
    writer = can_write(request.user)
    form = SlotForm(request.POST or None, user=request.user) if writer else None
    if request.method == "POST":
        if not writer:
            raise PermissionDenied
        if form.is_valid():
            try:
                lead_actions.offer_slot(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("Slot offered."))
                return redirect("crm:slots")
    slots = (MeetingSlot.objects.visible_to(request.user).select_related("unit", "lead")
             .filter(ends_at__gte=timezone.now() - dt.timedelta(days=7)).order_by("starts_at", "pk")[:200])
    return render(request, "crm/slot_list.html", {"slots": slots, "form": form, "can_write": writer},
                  status=400 if form is not None and form.is_bound else 200)


@require_POST
def slot_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a slot nobody has booked."""
    slot = MeetingSlot.objects.visible_to(request.user).filter(pk=pk).first()
    if slot is None:
        raise Http404
    try:
        lead_actions.withdraw_slot(slot, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Slot withdrawn."))
    return redirect("crm:slots")
