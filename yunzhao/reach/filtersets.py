"""Filters of the channel registry."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .choices import ChannelKind, ChannelLevel, ChannelOwner
from .models import Channel


class ChannelFilter(django_filters.FilterSet):
    """Find channels by name, code or outlet; narrow by level, kind, owner and whether in use."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=ChannelLevel.choices, empty_label=_("Any level"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ChannelKind.choices, empty_label=_("Any kind"))
    owner = django_filters.ChoiceFilter(label=_("Owner"), choices=ChannelOwner.choices, empty_label=_("Any owner"))
    is_active = django_filters.ChoiceFilter(label=_("In use"), method="in_use", empty_label=_("All channels"),
                                            choices=[("yes", _("Active")), ("no", _("Inactive"))])

    class Meta:
        model = Channel
        fields = ["q", "level", "kind", "owner", "is_active"]

    def in_use(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(is_active=value == "yes") if value in ("yes", "no") else queryset

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name_zh__icontains=value) | Q(name_en__icontains=value)
            | Q(outlet__name_zh__icontains=value) | Q(outlet__name_en__icontains=value)
        )
