"""Every write on published content: create a draft, edit, publish, unpublish, discard edits.

Who may write: staff who may change records at all (not leaders, not media editors), on content
their unit owns; the city bureau on everything (``Content.objects.writable_by``).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yunzhao.campaigns.models import Event
from yunzhao.core import timeline
from yunzhao.core.access import can_write
from yunzhao.core.choices import TimelineEvent
from yunzhao.orgs.choices import Role, UnitKind
from yunzhao.orgs.models import Unit
from yunzhao.projects.models import Project

from . import search
from .cache import content_changed
from .choices import Status
from .models import CityFigure, Content, EventPage, Opportunity, Searchable, ZoneProfile, apply_values

# Long texts are shortened on the timeline: it says what changed, the item keeps the text.
TIMELINE_TEXT = 120


def can_write_content(actor, unit: Unit | None) -> bool:
    """Whether ``actor`` may write content owned by ``unit``: their own unit's, or anything for the city."""
    if not can_write(actor):
        return False
    return actor.is_citywide or (unit is not None and actor.unit_id == unit.pk)


def _require(actor, unit: Unit | None) -> None:
    if not can_write_content(actor, unit):
        raise PermissionDenied(_("You may not publish content for this unit."))


def _city_bureau() -> Unit:
    return Unit.objects.filter(kind=UnitKind.CITY).order_by("pk").first()


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > TIMELINE_TEXT:
        return value[:TIMELINE_TEXT] + "…"
    return value


def _save_new(item: Content, *, actor) -> Content:
    item.created_by = actor
    item.full_clean()
    item.save()
    timeline.record(item, TimelineEvent.CREATED, actor=actor, after=_short(str(item.title)))
    return item


@transaction.atomic
def create_item(model: type[Content], *, actor, owner_unit: Unit | None = None, **fields: Any) -> Content:
    """Create a draft policy, news article, video series, video or city figure, owned by a unit.

    District and zone staff own what they write; the city bureau may write for any unit. City
    figures always belong to the city bureau.
    """
    if model in (ZoneProfile, Opportunity, EventPage):
        raise ValueError(f"use the action for {model.__name__}")
    if model is CityFigure:
        owner_unit = _city_bureau()
    elif owner_unit is None or not actor.is_citywide:
        owner_unit = actor.unit or _city_bureau()
    _require(actor, owner_unit)
    return _save_new(model(owner_unit=owner_unit, **fields), actor=actor)


@transaction.atomic
def create_zone_profile(unit: Unit, *, actor, **fields: Any) -> ZoneProfile:
    """Start the public profile of a zone (one per zone), owned by the zone."""
    if unit.kind != UnitKind.ZONE:
        raise ValidationError({"unit": _("Choose a zone.")})
    _require(actor, unit)
    if ZoneProfile.objects.filter(unit=unit).exists():
        raise ValidationError({"unit": _("This zone already has a profile.")})
    return _save_new(ZoneProfile(unit=unit, owner_unit=unit, **fields), actor=actor)


@transaction.atomic
def open_opportunity(project: Project, *, actor, **fields: Any) -> Opportunity:
    """Mark a project open for investors with a public teaser; nothing else of the project is shown.

    The opportunity belongs to the unit of the staff who open it (district or zone), or to the
    project's zone (else district) when the city bureau does.
    """
    project = Project.objects.writable_by(actor).filter(pk=project.pk).select_related("zone", "district").first()
    if project is None:
        raise PermissionDenied(_("You may not open this project to investors."))
    if actor.role in (Role.DISTRICT_STAFF, Role.ZONE_STAFF):
        owner = actor.unit
    else:
        owner = project.zone or project.district
    _require(actor, owner)
    if Opportunity.objects.filter(project=project).exists():
        raise ValidationError({"project": _("This project is already open to investors.")})
    return _save_new(Opportunity(project=project, owner_unit=owner, **fields), actor=actor)


@transaction.atomic
def create_event_page(event: Event, *, actor, **fields: Any) -> EventPage:
    """Write the public page of a promotion event, owned by the event's unit."""
    _require(actor, event.owner_unit)
    if EventPage.objects.filter(event=event).exists():
        raise ValidationError({"event": _("This event already has a public page.")})
    return _save_new(EventPage(event=event, owner_unit=event.owner_unit, **fields), actor=actor)


def _writable(item: Content, actor) -> Content:
    """Re-read and lock ``item`` if ``actor`` may change it; otherwise refuse."""
    found = type(item).objects.writable_by(actor).select_for_update().filter(pk=item.pk).first()
    if found is None:
        raise PermissionDenied(_("You may not change this content."))
    return found


@transaction.atomic
def edit_item(item: Content, *, actor, changes: dict[str, Any]) -> Content:
    """Change the text of an item: in place while it is a draft, as pending edits once published."""
    item = _writable(item, actor)
    unknown = set(changes) - set(item.content_fields)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    before = item.with_draft()
    draft = item.with_draft()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.full_clean()
    fields = [item._meta.get_field(name) for name in item.content_fields]
    changed = [f for f in fields if getattr(before, f.attname) != getattr(draft, f.attname)]
    if not changed:
        return item
    if item.status == Status.DRAFT:
        for field in changed:
            setattr(item, field.attname, getattr(draft, field.attname))
        item.save(update_fields=[*(f.name for f in changed), "updated_at"])
    else:
        live = item.content_values()
        item.pending = {f.attname: getattr(draft, f.attname) for f in fields
                        if getattr(draft, f.attname) != live[f.attname]}
        item.save(update_fields=["pending", "updated_at"])
        # Reload the JSON as stored, so that what the caller holds is what the next read gives.
        item.refresh_from_db(fields=["pending"])
    timeline.record(
        item, TimelineEvent.UPDATED, actor=actor, field=",".join(f.name for f in changed),
        before={f.name: _short(getattr(before, f.attname)) for f in changed},
        after={f.name: _short(getattr(draft, f.attname)) for f in changed},
        note=_("Draft: not published yet.") if item.status == Status.PUBLISHED else "",
    )
    return item


@transaction.atomic
def publish_item(item: Content, *, actor) -> Content:
    """Put an item (with its pending edits) on the public site, index its words, and refresh cached pages."""
    item = _writable(item, actor)
    was = item.status
    changed = sorted(item.pending)
    apply_values(item, item.pending)
    item.pending = {}
    item.full_clean()
    now = timezone.now()
    item.status = Status.PUBLISHED
    item.published_at = now
    item.first_published_at = item.first_published_at or now
    item.published_by = actor
    if isinstance(item, Searchable):
        item.search_text = search.text_of(item)
    item.save()
    if isinstance(item, Searchable):
        search.file_words(item)
    timeline.record(item, TimelineEvent.UPDATED, actor=actor, field="status", before=was,
                    after=Status.PUBLISHED, note=", ".join(changed))
    transaction.on_commit(content_changed)
    return item


@transaction.atomic
def unpublish_item(item: Content, *, actor) -> Content:
    """Take an item off the public site; its pending edits become its draft."""
    item = _writable(item, actor)
    if item.status != Status.PUBLISHED:
        return item
    apply_values(item, item.pending)
    item.pending = {}
    item.status = Status.DRAFT
    item.save()
    if isinstance(item, Searchable):
        search.drop_words(item)
    timeline.record(item, TimelineEvent.UPDATED, actor=actor, field="status", before=Status.PUBLISHED,
                    after=Status.DRAFT)
    transaction.on_commit(content_changed)
    return item


@transaction.atomic
def discard_edits(item: Content, *, actor) -> Content:
    """Drop the pending edits of a published item; the published version stays as it is."""
    item = _writable(item, actor)
    if not item.pending:
        return item
    dropped = sorted(item.pending)
    item.pending = {}
    item.save(update_fields=["pending", "updated_at"])
    timeline.record(item, TimelineEvent.UPDATED, actor=actor, field="pending", before=", ".join(dropped),
                    after="", note=_("Unpublished edits discarded."))
    return item
