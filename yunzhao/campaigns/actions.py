"""Every write on campaigns, events, their audiences and signings."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yunzhao.core import timeline
from yunzhao.core.choices import Currency, TimelineEvent
from yunzhao.crm import actions as crm_actions
from yunzhao.crm.choices import InteractionKind
from yunzhao.crm.models import Investor
from yunzhao.orgs.choices import Role
from yunzhao.projects import actions as project_actions
from yunzhao.projects.choices import Stage, stage_rank
from yunzhao.projects.models import Project
from yunzhao.projects.rates import rate_for

from .choices import EventLevel
from .credit import recompute_credits
from .models import AgendaItem, Campaign, Event, EventGuest, EventMaterial, EventStream, Signing
from .validators import agreement_extension, validate_agreement


def can_run_campaigns(actor) -> bool:
    """The city bureau and the media group run campaigns and any event."""
    return bool(actor and actor.is_authenticated and actor.is_active and (
        actor.is_superuser or actor.role in (Role.CITY_ADMIN, Role.CITY_STAFF, Role.MEDIA_EDITOR)))


def _require(qs, obj, message: str):
    """Re-read ``obj`` through a writable queryset; refuse if the user may not change it."""
    found = qs.filter(pk=obj.pk).first()
    if found is None:
        raise PermissionDenied(message)
    return found


@transaction.atomic
def create_campaign(*, actor, organisers=(), **fields: Any) -> Campaign:
    """Create a campaign; only the city bureau and the media group run campaigns."""
    if not can_run_campaigns(actor):
        raise PermissionDenied(_("You may not create campaigns."))
    campaign = Campaign(**fields, created_by=actor)
    campaign.full_clean()
    campaign.save()
    if organisers:
        campaign.organisers.set(organisers)
    timeline.record(campaign, TimelineEvent.CREATED, actor=actor, after=campaign.name_zh)
    return campaign


@transaction.atomic
def update_campaign(campaign: Campaign, *, actor, changes: dict[str, Any], organisers=None) -> Campaign:
    """Change a campaign's names, theme, period or organisers."""
    campaign = _require(Campaign.objects.writable_by(actor).select_for_update(), campaign,
                        _("You may not change this campaign."))
    before = {k: str(getattr(campaign, k)) for k in changes}
    for name, value in changes.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    after = {k: str(getattr(campaign, k)) for k in changes}
    changed = [k for k in changes if before[k] != after[k]]
    if changed:
        campaign.save(update_fields=[*changed, "updated_at"])
    if organisers is not None:
        old = sorted(campaign.organisers.values_list("code", flat=True))
        new = sorted(unit.code for unit in organisers)
        if old != new:
            campaign.organisers.set(organisers)
            changed.append("organisers")
            before["organisers"], after["organisers"] = ",".join(old), ",".join(new)
    if changed:
        timeline.record(campaign, TimelineEvent.UPDATED, actor=actor, field=",".join(changed),
                        before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return campaign


def _check_event_rules(event: Event, actor) -> None:
    """District and zone staff hold events of their own unit, and not the city-level comprehensive one."""
    if can_run_campaigns(actor):
        return
    own_unit = actor.role in (Role.DISTRICT_STAFF, Role.ZONE_STAFF) and event.owner_unit_id == actor.unit_id
    if not own_unit:
        raise PermissionDenied(_("You may hold events of your own unit only."))
    if event.level == EventLevel.CITY:
        raise ValidationError({"level": _("The city-level comprehensive event is held by the city bureau.")})


@transaction.atomic
def create_event(*, actor, **fields: Any) -> Event:
    """Create an event; district and zone staff create events of their own unit only."""
    event = Event(**fields, created_by=actor)
    _check_event_rules(event, actor)
    event.full_clean()
    event.save()
    timeline.record(event, TimelineEvent.CREATED, actor=actor, after=event.title_zh)
    return event


@transaction.atomic
def update_event(event: Event, *, actor, changes: dict[str, Any]) -> Event:
    """Change an event's details (title, times, mode, venue, status…)."""
    event = _require(Event.objects.writable_by(actor).select_for_update(), event, _("You may not change this event."))
    before = {k: getattr(event, k) for k in changes}
    for name, value in changes.items():
        setattr(event, name, value)
    if any(before[k] != getattr(event, k) for k in ("owner_unit", "level") if k in changes):
        _check_event_rules(event, actor)
    event.full_clean()
    changed = [k for k in changes if before[k] != getattr(event, k)]
    if changed:
        event.save(update_fields=[*changed, "updated_at"])
        timeline.record(event, TimelineEvent.UPDATED, actor=actor, field=",".join(changed),
                        before={k: str(before[k]) for k in changed}, after={k: str(getattr(event, k)) for k in changed})
    return event


def add_agenda_item(event: Event, *, actor, **fields: Any) -> AgendaItem:
    """Add a speaker to an event's agenda."""
    event = _require(Event.objects.writable_by(actor), event, _("You may not change this event."))
    item = AgendaItem(event=event, **fields)
    item.full_clean()
    item.save()
    return item


def add_stream(event: Event, *, actor, **fields: Any) -> EventStream:
    """Add a livestream or replay link on a platform."""
    event = _require(Event.objects.writable_by(actor), event, _("You may not change this event."))
    stream = EventStream(event=event, **fields)
    stream.full_clean()
    stream.save()
    return stream


def add_material(event: Event, *, actor, **fields: Any) -> EventMaterial:
    """Record a policy, video or document published at an event."""
    event = _require(Event.objects.writable_by(actor), event, _("You may not change this event."))
    material = EventMaterial(event=event, **fields)
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def invite_investor(event: Event, investor: Investor, *, actor, guest_type: str, registered: bool = False
                    ) -> EventGuest:
    """Invite (or register) an investor for an event; inviting twice keeps one guest row."""
    event = _require(Event.objects.writable_by(actor), event, _("You may not change this event."))
    investor = _require(Investor.objects.visible_to(actor), investor, _("You cannot see this investor."))
    now = timezone.now()
    guest, created = EventGuest.objects.select_for_update().get_or_create(
        event=event, investor=investor, defaults={"guest_type": guest_type, "invited_at": now}
    )
    if registered and guest.registered_at is None:
        guest.registered_at = now
        guest.save(update_fields=["registered_at", "updated_at"])
    return guest


@transaction.atomic
def mark_attended(guest: EventGuest, *, actor) -> EventGuest:
    """Record that a guest attended; attending is an interaction on the investor, written once."""
    guest = EventGuest.objects.select_for_update().select_related("event", "investor").get(pk=guest.pk)
    _require(Event.objects.writable_by(actor), guest.event, _("You may not change this event."))
    if guest.attended:
        return guest
    interaction = crm_actions.record_interaction(
        guest.investor, actor=actor, kind=InteractionKind.EVENT_ATTENDANCE,
        occurred_on=timezone.localtime(guest.event.starts_at).date(),
        summary=guest.event.title_zh,
    )
    guest.attended = True
    guest.interaction = interaction
    guest.registered_at = guest.registered_at or timezone.now()
    guest.save(update_fields=["attended", "interaction", "registered_at", "updated_at"])
    return guest


@transaction.atomic
def record_signing(
    event: Event, project: Project, *, actor, parties: str, signed_on: dt.date, amount: Decimal,
    currency: str = Currency.CNY, exchange_rate: Decimal | None = None, mode: str = "online",
    agreement: File | None = None, note: str = "",
) -> Signing:
    """Record a project signed at an event, move it to "signed", and recompute its credit.

    The project row is locked so that two signings of one project cannot both be credited.
    """
    project = Project.objects.writable_by(actor).select_for_update().filter(pk=project.pk).first()
    if project is None:
        raise PermissionDenied(_("You may not sign this project."))
    event = Event.objects.filter(pk=event.pk).first()
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date cannot be in the future.")})
    if Signing.objects.filter(event=event, project=project).exists():
        raise ValidationError({"project": _("This project is already recorded as signed at this event.")})
    if agreement is not None:
        validate_agreement(agreement)
    rate = Decimal(1) if currency == Currency.CNY else (exchange_rate or rate_for(currency, signed_on))
    signing = Signing(event=event, project=project, parties=parties, signed_on=signed_on, amount=amount,
                      currency=currency, exchange_rate=rate, mode=mode, note=note, created_by=actor)
    signing.full_clean(exclude=["agreement"])
    if agreement is not None:
        # A stored name of our own: the uploaded name may carry anything.
        name = f"{signed_on:%Y%m%d}-{uuid.uuid4().hex[:16]}{agreement_extension(agreement.name)}"
        signing.agreement.save(name, agreement, save=False)
    try:
        signing.save()
        return _after_signing(signing, project, event, actor=actor, note=note)
    except BaseException:
        # Nothing half-written: the row rolls back with the transaction, the file goes here.
        if signing.agreement:
            signing.agreement.delete(save=False)
        raise


def _after_signing(signing: Signing, project: Project, event: Event, *, actor, note: str) -> Signing:
    """Move the project to "signed", recompute its credit and write the timeline row."""
    signed_on, amount, currency = signing.signed_on, signing.amount, signing.currency
    if stage_rank(project.stage) < stage_rank(Stage.SIGNED):
        project_actions.change_stage(project, to=Stage.SIGNED, actor=actor, on=signed_on,
                                     note=_("Signed at %(event)s") % {"event": event.title_zh})
    recompute_credits(project.pk)
    signing.refresh_from_db()
    timeline.record(project, TimelineEvent.SIGNED, actor=actor, field="signing",
                    after={"event": event.title_zh, "level": event.level, "date": signed_on, "amount": amount,
                           "currency": currency, "credited": signing.credited_project,
                           "credited_amount_cny": signing.credited_amount_cny}, note=note)
    return signing
