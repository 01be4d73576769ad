"""Every write on investors, contacts and interactions."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.orgs.choices import Role, UnitKind
from yunzhao.orgs.models import Unit

from .choices import InteractionKind
from .models import Contact, Interaction, Investor
from .selectors import find_duplicates

INVESTOR_FIELDS = (
    "name_zh", "name_en", "kind", "country", "credit_code", "industry", "headquarters", "website", "notes",
)
CONTACT_FIELDS = ("name", "title", "phone", "email", "wechat", "notes", "consent_given", "consent_method")


def _require_writer(actor) -> None:
    if not (actor and actor.is_authenticated and actor.can_write_ledger):
        raise PermissionDenied(_("You may not change investor records."))


def default_owner_unit(actor) -> Unit:
    """New investors belong to the creator's unit; city staff's to the city bureau."""
    if actor.unit_id:
        return actor.unit
    return Unit.objects.filter(kind=UnitKind.CITY).order_by("pk").first()


def _duplicate_credit_code() -> ValidationError:
    return ValidationError({"credit_code": ValidationError(
        _("An investor with this credit code is already recorded."), code="duplicate_credit_code")})


@transaction.atomic
def create_investor(*, actor, tags: list[str] | None = None, allow_duplicate: bool = False,
                    **fields: Any) -> Investor:
    """Create an investor, refusing a likely duplicate unless ``allow_duplicate`` is given."""
    _require_writer(actor)
    owner = fields.pop("owner_unit", None) or default_owner_unit(actor)
    if actor.role in (Role.DISTRICT_STAFF, Role.ZONE_STAFF) and owner.pk != actor.unit_id:
        raise ValidationError({"owner_unit": _("Investors you record belong to your own unit.")})
    investor = Investor(**fields, owner_unit=owner, created_by=actor)
    # The credit-code constraint is checked below, with a message people understand.
    investor.full_clean(validate_constraints=False)
    if investor.credit_code and Investor.objects.filter(credit_code=investor.credit_code).exists():
        raise _duplicate_credit_code()
    if not allow_duplicate and find_duplicates(investor.name_zh, "", name_en=investor.name_en).exists():
        raise ValidationError({"name_zh": ValidationError(
            _("An investor with a very similar name is already recorded. Check it, or confirm "
              "that this is a different company."),
            code="possible_duplicate",
        )})
    try:
        with transaction.atomic():
            investor.save()
    except IntegrityError as exc:  # the same credit code saved by someone else a moment ago
        raise _duplicate_credit_code() from exc
    if tags:
        investor.tags.set(tags)
    timeline.record(investor, TimelineEvent.CREATED, actor=actor, after=investor.name_zh)
    return investor


@transaction.atomic
def update_investor(investor: Investor, *, actor, changes: dict[str, Any], tags: list[str] | None = None,
                    note: str = "") -> Investor:
    """Apply edits to an investor and record what changed."""
    _require_writer(actor)
    unknown = set(changes) - set(INVESTOR_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    investor = Investor.objects.writable_by(actor).select_for_update().get(pk=investor.pk)
    before = {name: getattr(investor, name) for name in changes}
    for name, value in changes.items():
        setattr(investor, name, value)
    investor.full_clean(validate_constraints=False)
    changed = [n for n in changes if before[n] != getattr(investor, n)]
    if "credit_code" in changed and investor.credit_code and (
        Investor.objects.filter(credit_code=investor.credit_code).exclude(pk=investor.pk).exists()
    ):
        raise _duplicate_credit_code()
    if changed:
        try:
            with transaction.atomic():
                investor.save(update_fields=[*changed, "name_key", "updated_at"])
        except IntegrityError as exc:
            raise _duplicate_credit_code() from exc
        timeline.record(investor, TimelineEvent.UPDATED, actor=actor, field=",".join(changed),
                        before={n: str(before[n]) for n in changed},
                        after={n: str(getattr(investor, n)) for n in changed}, note=note)
    if tags is not None:
        old_tags = sorted(investor.tags.names())
        if sorted(set(tags)) != old_tags:
            investor.tags.set(tags)
            timeline.record(investor, TimelineEvent.UPDATED, actor=actor, field="tags",
                            before=", ".join(old_tags), after=", ".join(sorted(set(tags))), note=note)
    return investor


def _apply_consent(contact: Contact) -> None:
    if contact.consent_given and contact.consent_at is None:
        contact.consent_at = timezone.now()
    if not contact.consent_given:
        contact.consent_at = None
        contact.consent_method = ""
    elif not contact.consent_method:
        raise ValidationError({"consent_method": _("Say how the contact gave consent.")})


@transaction.atomic
def add_contact(investor: Investor, *, actor, **fields: Any) -> Contact:
    """Add a person at an investor, with their consent to our keeping their data."""
    _require_writer(actor)
    investor = Investor.objects.writable_by(actor).get(pk=investor.pk)
    contact = Contact(investor=investor, **fields)
    _apply_consent(contact)
    contact.full_clean()
    contact.save()
    timeline.record(investor, TimelineEvent.UPDATED, actor=actor, field="contacts", after=contact.name)
    return contact


@transaction.atomic
def update_contact(contact: Contact, *, actor, changes: dict[str, Any]) -> Contact:
    """Change a contact's details or consent."""
    _require_writer(actor)
    contact = Contact.objects.filter(investor__in=Investor.objects.writable_by(actor)).select_for_update().get(
        pk=contact.pk)
    for name, value in changes.items():
        if name not in CONTACT_FIELDS:
            raise ValueError(f"not editable here: {name}")
        setattr(contact, name, value)
    _apply_consent(contact)
    contact.full_clean()
    contact.save()
    timeline.record(contact.investor, TimelineEvent.UPDATED, actor=actor, field="contacts", after=contact.name)
    return contact


@transaction.atomic
def record_interaction(investor: Investor, *, actor, kind: InteractionKind | str, occurred_on: dt.date,
                       project=None, **fields: Any) -> Interaction:
    """Record a visit, meeting, call, attendance or negotiation round; rounds are numbered per project."""
    _require_writer(actor)
    # Any unit that sees the investor (its own, or through a shared project) records its own contacts.
    investor = Investor.objects.visible_to(actor).select_for_update().get(pk=investor.pk)
    if occurred_on > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"occurred_on": _("The date is too far in the future.")})
    if project is not None:
        from yunzhao.projects.models import Project

        project = Project.objects.visible_to(actor).filter(pk=project.pk).first()
        if project is None:
            raise ValidationError({"project": _("Choose a project you can see.")})
    interaction = Interaction(investor=investor, project=project, kind=kind, occurred_on=occurred_on,
                              created_by=actor, **fields)
    if kind == InteractionKind.NEGOTIATION:
        rounds = Interaction.objects.filter(investor=investor, project=project, kind=InteractionKind.NEGOTIATION)
        interaction.round_number = (rounds.aggregate(n=Max("round_number"))["n"] or 0) + 1
    interaction.full_clean()
    interaction.save()
    summary = {"kind": kind, "date": occurred_on, "round": interaction.round_number}
    timeline.record(investor, TimelineEvent.INTERACTION_RECORDED, actor=actor, after=summary,
                    note=fields.get("outcome", ""))
    if project is not None:
        timeline.record(project, TimelineEvent.INTERACTION_RECORDED, actor=actor, after=summary,
                        note=fields.get("outcome", ""))
    return interaction
