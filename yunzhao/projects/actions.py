"""Every write on projects: creation, edits, stage changes, capital in place and scheduling.

Each action runs in one transaction, locks the project row where two people might race, and writes
the timeline.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yunzhao.core import timeline
from yunzhao.core.choices import Currency, TimelineEvent
from yunzhao.orgs.choices import Role

from .choices import OFF_PIPELINE, STAGE_DATE_FIELD, CapitalSource, Stage, stage_rank
from .models import CapitalRecord, Project, SchedulingUpdate
from .rates import rate_for
from .scheduling import period_start_for

# Fields whose change is an amount change, and those whose change is an owner change.
AMOUNT_FIELDS = ("total_investment", "currency", "exchange_rate")
OWNER_FIELDS = ("district", "zone", "officer", "leader")
# Fields an edit may touch; the stage has its own action, the code and dates are kept by actions.
EDITABLE_FIELDS = (
    "name_zh", "name_en", "district", "zone", "industry", "kind", "source", "total_investment", "currency",
    "exchange_rate", "land_area_mu", "phases", "description", "officer", "leader", "is_key", "anchor",
)


def _require_writer(actor) -> None:
    if not (actor and actor.is_authenticated and actor.can_write_ledger):
        raise PermissionDenied(_("You may not change the project ledger."))


def check_unit_allowed(actor, *, district, zone) -> None:
    """District and zone staff may only place projects in their own unit."""
    if actor.role == Role.DISTRICT_STAFF and (district is None or district.pk != actor.unit_id):
        raise ValidationError({"district": _("You can only record projects of your own district.")})
    if actor.role == Role.ZONE_STAFF and (zone is None or zone.pk != actor.unit_id):
        raise ValidationError({"zone": _("You can only record projects of your own zone.")})


def code_for(pk: int, year: int) -> str:
    """The ledger number given to a new project: ``XM2026-000123``."""
    return f"XM{year}-{pk:06d}"


def _fill_rate(project: Project, on: dt.date) -> None:
    if project.currency == Currency.CNY:
        project.exchange_rate = Decimal(1)
    elif not project.exchange_rate or project.exchange_rate == Decimal(1):
        project.exchange_rate = rate_for(project.currency, on)



def _link_investors(project: Project, investors) -> None:
    """Link ``investors`` in the order given: the first named is the lead (the lowest link row).

    ``set()`` would insert the new links in the order of a Python set, losing which investor came first.
    """
    through = Project.investors.through
    through.objects.filter(project=project).delete()
    unique = list(dict.fromkeys(investor.pk for investor in investors))
    through.objects.bulk_create([through(project_id=project.pk, investor_id=pk) for pk in unique])

@transaction.atomic
def create_project(*, actor, investors: Iterable = (), code: str = "", **fields: Any) -> Project:
    """Create a project at the lead stage (or the stage given) and record it on the timeline."""
    _require_writer(actor)
    stage = fields.pop("stage", Stage.LEAD)
    project = Project(**fields, stage=Stage.LEAD, created_by=actor, code=code or f"new-{timezone.now().timestamp()}")
    check_unit_allowed(actor, district=project.district, zone=project.zone)
    _fill_rate(project, timezone.localdate())
    project.full_clean(exclude=["code"])
    project.save()
    if not code:
        project.code = code_for(project.pk, timezone.localdate().year)
        project.save(update_fields=["code"])
    if investors:
        _link_investors(project, investors)
    timeline.record(project, TimelineEvent.CREATED, actor=actor, after=project.name_zh)
    if stage != Stage.LEAD:
        project = change_stage(project, to=stage, actor=actor, reason=fields.get("stage_reason", ""))
    return project


@transaction.atomic
def update_project(project: Project, *, actor, changes: dict[str, Any], note: str = "") -> Project:
    """Apply edits to a project; amount and owner changes each get their own timeline entry."""
    _require_writer(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS) - {"investors"}
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    project = Project.objects.writable_by(actor).select_for_update().get(pk=project.pk)
    investors = changes.pop("investors", None)
    before = {name: getattr(project, name) for name in changes}
    for name, value in changes.items():
        setattr(project, name, value)
    if "currency" in changes and project.currency == Currency.CNY:
        project.exchange_rate = Decimal(1)
    check_unit_allowed(actor, district=project.district, zone=project.zone)
    project.full_clean(exclude=["code"])
    changed = [name for name in changes if before[name] != getattr(project, name)]
    if "exchange_rate" not in changed and before.get("exchange_rate", project.exchange_rate) != project.exchange_rate:
        changed.append("exchange_rate")
    entries = []
    if changed:
        project.save(update_fields=[*changed, "updated_at"])
        amount = [f for f in changed if f in AMOUNT_FIELDS]
        if amount:
            entries.append(timeline.entry(
                project, TimelineEvent.AMOUNT_CHANGED, actor=actor, field=",".join(amount), note=note,
                before={f: before.get(f) for f in amount}, after={f: getattr(project, f) for f in amount},
            ))
        for name in (f for f in changed if f in OWNER_FIELDS):
            entries.append(timeline.entry(
                project, TimelineEvent.OWNER_CHANGED, actor=actor, field=name, before=before[name],
                after=getattr(project, name), note=note,
            ))
        other = [f for f in changed if f not in AMOUNT_FIELDS and f not in OWNER_FIELDS]
        if other:
            entries.append(timeline.entry(
                project, TimelineEvent.UPDATED, actor=actor, field=",".join(other), note=note,
                before={f: before[f] for f in other}, after={f: getattr(project, f) for f in other},
            ))
    if investors is not None:
        old = sorted(project.investors.values_list("pk", flat=True))
        new = sorted({i.pk for i in investors})
        if old != new:
            _link_investors(project, investors)
            entries.append(timeline.entry(
                project, TimelineEvent.UPDATED, actor=actor, field="investors", before=old, after=new, note=note,
            ))
    timeline.record_many(entries)
    return project


@transaction.atomic
def change_stage(
    project: Project, *, to: Stage | str, actor, note: str = "", reason: str = "", on: dt.date | None = None
) -> Project:
    """Move a project to another stage.

    Paused and lost need a reason. Moving back down the pipeline is a correction and needs a note.
    The first time a project reaches signed, started or production, that date is kept.
    """
    _require_writer(actor)
    to = Stage(to)
    project = Project.objects.writable_by(actor).select_for_update().get(pk=project.pk)
    old = Stage(project.stage)
    if to == old:
        raise ValidationError({"stage": _("The project is already at this stage.")})
    if to in OFF_PIPELINE and not reason.strip():
        raise ValidationError({"reason": _("Say why the project is paused or lost.")})
    if old not in OFF_PIPELINE and to not in OFF_PIPELINE and stage_rank(to) < stage_rank(old) and not note.strip():
        raise ValidationError({"note": _("Moving a project back needs a note saying why.")})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    project.stage = to
    project.stage_reason = reason.strip() if to in OFF_PIPELINE else ""
    project.stage_changed_at = timezone.now()
    fields = ["stage", "stage_reason", "stage_changed_at", "updated_at"]
    # Reaching a later stage implies the earlier milestones; their dates are kept when first set.
    for stage, date_field in STAGE_DATE_FIELD.items():
        if to not in OFF_PIPELINE and stage_rank(to) >= stage_rank(stage) and getattr(project, date_field) is None:
            setattr(project, date_field, on)
            fields.append(date_field)
    project.save(update_fields=fields)
    timeline.record(project, TimelineEvent.STAGE_CHANGED, actor=actor, field="stage", before=old, after=to,
                    note="\n".join(filter(None, [reason.strip(), note.strip()])))
    return project


@transaction.atomic
def record_capital(
    project: Project, *, actor, received_on: dt.date, amount: Decimal, currency: str = Currency.CNY,
    source: str | None = None, exchange_rate: Decimal | None = None, note: str = "",
) -> CapitalRecord:
    """Record money that actually arrived for a project."""
    _require_writer(actor)
    project = Project.objects.writable_by(actor).get(pk=project.pk)
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    rate = Decimal(1) if currency == Currency.CNY else (exchange_rate or rate_for(currency, received_on))
    record = CapitalRecord(
        project=project, received_on=received_on, amount=amount, currency=currency, exchange_rate=rate,
        source=source or (CapitalSource.FOREIGN if currency != Currency.CNY else project.source), note=note,
        created_by=actor,
    )
    record.full_clean()
    record.save()
    timeline.record(project, TimelineEvent.CAPITAL_RECORDED, actor=actor, field="capital",
                    after={"date": received_on, "amount": amount, "currency": currency, "source": record.source},
                    note=note)
    return record


@transaction.atomic
def submit_scheduling_update(
    project: Project, *, actor, progress: str, problems: str = "", help_needed: str = "", next_steps: str = "",
    period_start: dt.date | None = None,
) -> SchedulingUpdate:
    """Write (or rewrite) a key project's progress report for a scheduling period."""
    _require_writer(actor)
    project = Project.objects.writable_by(actor).get(pk=project.pk)
    if not project.is_key:
        raise ValidationError(_("Scheduling updates are kept for key projects only."))
    if not progress.strip():
        raise ValidationError({"progress": _("Describe the progress in this period.")})
    period_start = period_start_for(period_start or timezone.localdate())
    update, created = SchedulingUpdate.objects.select_for_update().get_or_create(
        project=project, period_start=period_start,
        defaults={"progress": progress, "problems": problems, "help_needed": help_needed,
                  "next_steps": next_steps, "author": actor},
    )
    if not created:
        update.progress, update.problems, update.help_needed, update.next_steps = (
            progress, problems, help_needed, next_steps)
        update.author = actor
        update.save(update_fields=["progress", "problems", "help_needed", "next_steps", "author", "updated_at"])
    timeline.record(project, TimelineEvent.SCHEDULING_UPDATED, actor=actor, field="scheduling",
                    after={"period": period_start}, note=progress[:500])
    return update
