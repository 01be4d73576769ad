"""The timeline writer: every action that changes something important records it here."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .choices import TimelineEvent
from .models import TimelineEntry


def _plain(value: Any) -> Any:
    """Turn model instances and choices into something JSON keeps and people can read."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    if isinstance(value, models.Choices):
        return value.value
    if isinstance(value, Decimal):
        # 100000000.00 and 100000000 are the same amount; keep one spelling.
        return format(value.normalize(), "f")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def entry(
    obj: models.Model,
    event: TimelineEvent,
    *,
    actor=None,
    field: str = "",
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> TimelineEntry:
    """Build (without saving) one timeline entry about ``obj``."""
    return TimelineEntry(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        event=event,
        field=field,
        before=_plain(before),
        after=_plain(after),
        note=note,
        actor=actor if getattr(actor, "pk", None) else None,
    )


def record(obj: models.Model, event: TimelineEvent, **kwargs: Any) -> TimelineEntry:
    """Write one timeline entry about ``obj``."""
    item = entry(obj, event, **kwargs)
    item.save()
    return item


def record_many(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """Write many timeline entries in one statement (used by imports)."""
    return TimelineEntry.objects.bulk_create(list(entries), batch_size=2000)


def for_object(obj: models.Model):
    """The timeline of ``obj``, newest first, with the actors loaded."""
    return TimelineEntry.objects.for_object(obj).select_related("actor")
