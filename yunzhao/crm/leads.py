"""Every write on leads from the public site and on video-meeting slots.

A lead is registered by an anonymous visitor, routed to the unit that owns the page, and answered
by that unit's staff. A video meeting the visitor books is kept on the lead (``MeetingSlot.lead``);
it becomes an interaction on the investor's record when the lead is recorded as an investor, or at
once if the lead already is one.
"""

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yunzhao.core import timeline
from yunzhao.core.access import can_write
from yunzhao.core.choices import TimelineEvent
from yunzhao.orgs.models import Unit

from . import actions as crm_actions
from .choices import ConsentMethod, InteractionKind, LeadSource, LeadStatus
from .models import Interaction, Investor, Lead, MeetingSlot, PrivacyNotice

# Crockford's base32 without look-alikes (no I, L, O, U): easy to read out on the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VISITOR_FIELDS = ("name", "organisation", "country", "email", "phone", "interest", "message")


def current_privacy_notice() -> PrivacyNotice | None:
    """The privacy notice in force now (the latest that has taken effect)."""
    return PrivacyNotice.objects.filter(effective_from__lte=timezone.now()).order_by("-effective_from", "-pk").first()


def new_reference() -> str:
    """A reference for the visitor: ``YZ-7K3M-9QPX`` (40 random bits, unguessable enough to look up a lead)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"YZ-{chars[:4]}-{chars[4:]}"


@dataclass(frozen=True)
class LeadSourcePage:
    """The public page interest was registered on, and the unit that owns it."""

    kind: LeadSource
    id: int
    title: str
    path: str
    unit: Unit
    event_id: int | None = None


@transaction.atomic
def register_interest(*, page: LeadSourcePage, visitor: dict[str, Any], token: uuid.UUID, notice: PrivacyNotice,
                      language: str, channel_tag: str = "", referrer_code: str = "") -> tuple[Lead, bool]:
    """Record a visitor's interest as a lead of the page's unit; the same form token twice gives one lead.

    Returns the lead and whether it was created now.
    """
    existing = Lead.objects.filter(submission_token=token).first()
    if existing is not None:
        return existing, False
    from yunzhao.reach.models import Channel

    lead = Lead(
        submission_token=token, unit=page.unit, source_kind=page.kind, source_id=page.id,
        source_title=page.title[:300], source_path=page.path[:300], event_id=page.event_id,
        channel=Channel.objects.filter(code=channel_tag).first() if channel_tag else None,
        channel_tag=channel_tag, referrer_code=referrer_code, privacy_notice=notice,
        consented_at=timezone.now(), language=language,
        **{name: visitor.get(name) or "" for name in VISITOR_FIELDS},
    )
    # The token and the reference are unique by constraint, checked on save (a race is a repeat, not an error).
    lead.full_clean(exclude=["reference", "submission_token"])
    for _attempt in range(5):
        lead.reference = new_reference()
        try:
            with transaction.atomic():
                lead.save()
        except IntegrityError:
            # The same token saved a moment ago by a double click: that lead is the answer.
            existing = Lead.objects.filter(submission_token=token).first()
            if existing is not None:
                return existing, False
            continue  # a reference collision: draw another
        break
    else:
        raise RuntimeError("could not draw a free lead reference")
    timeline.record(lead, TimelineEvent.CREATED, after={"unit": page.unit.code, "page": lead.source_title,
                                                        "src": channel_tag, "ref": referrer_code})
    return lead, True


def _require_handler(lead: Lead, actor) -> Lead:
    if not can_write(actor):
        raise PermissionDenied(_("You may not handle leads."))
    found = Lead.objects.writable_by(actor).select_for_update().filter(pk=lead.pk).first()
    if found is None:
        raise PermissionDenied(_("You may not handle this lead."))
    return found


def _answered(lead: Lead, actor) -> list[str]:
    if lead.first_response_at is not None:
        return []
    lead.first_response_at = timezone.now()
    lead.responded_by = actor
    return ["first_response_at", "responded_by"]


@transaction.atomic
def mark_answered(lead: Lead, *, actor, note: str = "") -> Lead:
    """Record that staff answered the visitor: the response timer stops."""
    lead = _require_handler(lead, actor)
    changed = _answered(lead, actor)
    if lead.status == LeadStatus.NEW:
        lead.status = LeadStatus.CONTACTED
        changed.append("status")
    if changed:
        lead.save(update_fields=[*changed, "updated_at"])
    timeline.record(lead, TimelineEvent.UPDATED, actor=actor, field="status", before=LeadStatus.NEW,
                    after=lead.status, note=note)
    return lead


@transaction.atomic
def close_lead(lead: Lead, *, actor, note: str = "") -> Lead:
    """Close a lead that leads nowhere (spam, a duplicate, no interest after all)."""
    lead = _require_handler(lead, actor)
    before = lead.status
    changed = [*_answered(lead, actor), "status"]
    lead.status = LeadStatus.CLOSED
    lead.save(update_fields=[*changed, "updated_at"])
    timeline.record(lead, TimelineEvent.UPDATED, actor=actor, field="status", before=before, after=lead.status,
                    note=note)
    return lead


@transaction.atomic
def convert_lead(lead: Lead, *, actor, investor: Investor | None = None, allow_duplicate: bool = False) -> Lead:
    """Record the lead as an investor (a new one, or one already on record) with the visitor as contact.

    The contact's consent is the privacy notice the visitor accepted on the form. A meeting the
    visitor booked becomes a video-meeting interaction on the investor.
    """
    lead = _require_handler(lead, actor)
    if lead.investor_id:
        raise ValidationError(_("This lead is already recorded as an investor."))
    if investor is None:
        name = lead.organisation or lead.name
        investor = crm_actions.create_investor(
            actor=actor, owner_unit=lead.unit, allow_duplicate=allow_duplicate, name_zh=name,
            name_en=name if name.isascii() else "", country=lead.country or "CN",
            notes=_("Registered interest on the public site (%(reference)s).") % {"reference": lead.reference},
        )
    elif not Investor.objects.visible_to(actor).filter(pk=investor.pk).exists():
        raise ValidationError({"investor": _("Choose an investor you can see.")})
    crm_actions.add_contact(investor, actor=actor, name=lead.name, phone=lead.phone, email=lead.email,
                            consent_given=True, consent_method=ConsentMethod.ONLINE_FORM,
                            notes=_("Consented to privacy notice %(version)s.") % {
                                "version": lead.privacy_notice.version})
    changed = _answered(lead, actor)
    lead.investor = investor
    lead.status = LeadStatus.CONVERTED
    lead.save(update_fields=[*changed, "investor", "status", "updated_at"])
    timeline.record(lead, TimelineEvent.UPDATED, actor=actor, field="investor", after=investor)
    slot = MeetingSlot.objects.filter(lead=lead, interaction__isnull=True).first()
    if slot is not None:
        _record_meeting(slot, lead, actor=actor)
    return lead


def _record_meeting(slot: MeetingSlot, lead: Lead, *, actor) -> Interaction:
    """The booked meeting as a video-meeting interaction on the lead's investor."""
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    summary = _("Video meeting booked on the public site (%(reference)s), %(start)s–%(end)s. Link: %(link)s") % {
        "reference": lead.reference, "start": f"{start:%Y-%m-%d %H:%M}", "end": f"{end:%H:%M}",
        "link": slot.meeting_link}
    interaction = Interaction(investor_id=lead.investor_id, kind=InteractionKind.VIDEO_MEETING,
                              occurred_on=start.date(), their_people=lead.name, summary=summary,
                              created_by=actor if getattr(actor, "pk", None) else None)
    interaction.full_clean()
    interaction.save()
    slot.interaction = interaction
    slot.save(update_fields=["interaction", "updated_at"])
    timeline.record(lead.investor, TimelineEvent.INTERACTION_RECORDED, actor=actor,
                    after={"kind": InteractionKind.VIDEO_MEETING, "date": start.date(), "round": None},
                    note=summary)
    return interaction


class SlotTaken(Exception):
    """The slot was booked by someone else (or withdrawn) a moment ago."""


@transaction.atomic
def book_meeting(lead: Lead, slot_id: int) -> MeetingSlot:
    """Book a free future slot of the lead's unit for the lead's visitor; each slot is booked once.

    The booking is one conditional UPDATE (only if still free), so two visitors choosing the same
    slot at once cannot both have it; the one-to-one column refuses a second booking as well.
    """
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if MeetingSlot.objects.filter(lead=lead).exists():
        raise ValidationError(_("You have already booked a meeting."))
    now = timezone.now()
    try:
        with transaction.atomic():
            booked = MeetingSlot.objects.filter(pk=slot_id, unit_id=lead.unit_id, lead__isnull=True,
                                                starts_at__gt=now).update(lead=lead, booked_at=now, updated_at=now)
    except IntegrityError as exc:
        raise SlotTaken from exc
    if booked != 1:
        raise SlotTaken
    slot = MeetingSlot.objects.get(pk=slot_id)
    timeline.record(lead, TimelineEvent.UPDATED, field="meeting", after=str(slot))
    if lead.investor_id:
        _record_meeting(slot, lead, actor=None)
    return slot


def _require_slot_writer(actor, unit: Unit) -> None:
    if not can_write(actor) or not (actor.is_citywide or actor.unit_id == unit.pk):
        raise PermissionDenied(_("You may offer meeting slots for your own unit only."))


@transaction.atomic
def offer_slot(*, actor, unit: Unit, starts_at: dt.datetime, ends_at: dt.datetime, meeting_link: str
               ) -> MeetingSlot:
    """Offer a video-meeting slot with its link; investors see it once they register interest."""
    _require_slot_writer(actor, unit)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Offer a time in the future.")})
    slot = MeetingSlot(unit=unit, starts_at=starts_at, ends_at=ends_at, meeting_link=meeting_link, created_by=actor)
    slot.full_clean()
    slot.save()
    timeline.record(slot, TimelineEvent.CREATED, actor=actor, after=str(slot))
    return slot


@transaction.atomic
def withdraw_slot(slot: MeetingSlot, *, actor) -> None:
    """Withdraw a slot nobody has booked."""
    found = MeetingSlot.objects.writable_by(actor).select_for_update().filter(pk=slot.pk).first()
    if found is None:
        raise PermissionDenied(_("You may not change this slot."))
    if found.lead_id:
        raise ValidationError(_("This slot is booked; answer the investor instead of withdrawing it."))
    found.delete()
