"""What every app shares: the base model and the append-only timeline."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import TimelineEvent


class TimeStampedModel(models.Model):
    """An abstract model that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a timeline entry."""


class TimelineQuerySet(models.QuerySet):
    """Timeline entries can be added and read, never changed in bulk."""

    def for_object(self, obj: models.Model) -> "TimelineQuerySet":
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def update(self, **kwargs):  # noqa: ARG002
        raise AppendOnlyError("timeline entries are append-only")

    def delete(self):
        raise AppendOnlyError("timeline entries are append-only")


class TimelineEntry(models.Model):
    """One thing that happened to an object: who, when, what it was before and after, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    event = models.CharField(_("event"), max_length=32, choices=TimelineEvent.choices)
    field = models.CharField(_("field"), max_length=64, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_event_display()} @ {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("timeline entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("timeline entries are append-only")
