"""Typed choices of published content."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Whether an item is on the public site."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
