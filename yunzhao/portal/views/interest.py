"""Registering interest, its acknowledgement, and booking a video meeting: the portal's only writes."""

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from yunzhao.crm.choices import LeadInterest, LeadStatus
from yunzhao.crm.leads import SlotTaken, book_meeting, current_privacy_notice, register_interest
from yunzhao.crm.models import Lead, MeetingSlot
from yunzhao.publishing.text import localized

from .. import ratelimit
from ..forms import InterestForm, SlotForm
from ..pages import arrival_tags, public_page, render_page
from ..sources import interest_page

SLOTS_SHOWN = 30
# What a visitor most likely wants, by the page they register on.
DEFAULT_INTEREST = {"policy": LeadInterest.POLICY, "event": LeadInterest.MEETING}


@never_cache
@csrf_protect
@public_page(cached=False)
def interest(request: HttpRequest, lang: str, kind: str, pk: int) -> HttpResponse:
    """The interest form of a zone, policy, opportunity or event; a valid submission becomes a lead."""
    item, source = interest_page(kind, pk)
    notice = current_privacy_notice()
    status = 200
    src, ref = arrival_tags(request)
    initial = {"token": uuid.uuid4(), "src": src, "ref": ref,
               "interest": DEFAULT_INTEREST.get(kind, LeadInterest.INVEST)}
    if request.method != "POST":
        form = InterestForm(initial=initial)
    else:
        form = InterestForm(request.POST)
        if form.is_valid() and form.is_robot:
            return render_page(request, "portal/thanks.html", {"lead": None})
        if form.is_valid() and notice is None:
            form.add_error(None, _("Registration is closed for the moment. Please try again later."))
            status = 503
        elif form.is_valid() and not ratelimit.allow(request, "interest"):
            form.add_error(None, _("Too many registrations from your network. Please try again in a few minutes."))
            status = 429
        elif form.is_valid():
            lead, _created = register_interest(
                page=source, visitor=form.visitor(), token=form.cleaned_data["token"], notice=notice,
                language=request.LANGUAGE_CODE, channel_tag=form.cleaned_data["src"] or src,
                referrer_code=form.cleaned_data["ref"] or ref,
            )
            return redirect("portal:thanks", lang=lang, reference=lead.reference)
        else:
            status = 400
    return render_page(request, "portal/interest.html", {
        "item": item, "kind": kind, "source": source, "form": form, "notice": notice,
        "title": localized(item, item.title_field).text}, status=status)


def _lead(reference: str) -> Lead:
    lead = Lead.objects.select_related("unit").filter(reference=reference).first()
    if lead is None:
        raise Http404
    return lead


def _free_slots(lead: Lead) -> list[MeetingSlot]:
    return list(MeetingSlot.objects.free().filter(unit_id=lead.unit_id, starts_at__gt=timezone.now())
                .order_by("starts_at", "pk")[:SLOTS_SHOWN])


@never_cache
@public_page(cached=False)
def thanks(request: HttpRequest, lang: str, reference: str) -> HttpResponse:
    """The acknowledgement: the reference number, who will answer, and the way to book a meeting."""
    lead = _lead(reference)
    has_slots = MeetingSlot.objects.free().filter(unit_id=lead.unit_id, starts_at__gt=timezone.now()).exists()
    return render_page(request, "portal/thanks.html", {"lead": lead, "has_slots": has_slots})


@never_cache
@csrf_protect
@public_page(cached=False)
def meeting(request: HttpRequest, lang: str, reference: str) -> HttpResponse:
    """Choose a video-meeting slot the unit offers; once booked, the page shows the time and the link."""
    lead = _lead(reference)
    booked = MeetingSlot.objects.filter(lead=lead).first()
    error, status = "", 200
    if request.method == "POST" and booked is None:
        form = SlotForm(request.POST)
        if lead.status == LeadStatus.CLOSED:
            error, status = _("This enquiry is closed. Please register your interest again."), 400
        elif not form.is_valid():
            error, status = _("Choose one of the times offered."), 400
        elif not ratelimit.allow(request, "meeting"):
            error, status = _("Too many attempts from your network. Please try again in a few minutes."), 429
        else:
            try:
                book_meeting(lead, form.cleaned_data["slot"])
            except SlotTaken:
                error, status = _("Someone has just booked that time. Please choose another."), 409
            except ValidationError as exc:
                error, status = " ".join(exc.messages), 400
            else:
                return redirect("portal:meeting", lang=lang, reference=lead.reference)
    return render_page(request, "portal/meeting.html", {
        "lead": lead, "booked": booked, "slots": [] if booked else _free_slots(lead), "error": error,
    }, status=status)
