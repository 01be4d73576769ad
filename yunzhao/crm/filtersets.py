"""The investor list filters."""

import django_filters as filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.models import Tag

from yunzhao.core.choices import Industry
from yunzhao.core.validators import normalize_uscc
from yunzhao.orgs.choices import UnitKind
from yunzhao.orgs.models import Unit

from .choices import InvestorKind
from .models import Investor


def _country_choices():
    return list(countries)


class InvestorFilter(filters.FilterSet):
    """Search by name or credit code; filter by kind, country, industry, tag and (city-wide) owning unit."""

    q = filters.CharFilter(label=_("Search"), method="search", widget=forms.TextInput(
        attrs={"placeholder": _("Chinese or English name, or credit code"), "type": "search"}))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=InvestorKind.choices, empty_label=_("All"))
    country = filters.ChoiceFilter(label=_("Country"), choices=_country_choices, empty_label=_("All"))
    industry = filters.ChoiceFilter(label=_("Industry"), choices=Industry.choices, empty_label=_("All"))
    tag = filters.ChoiceFilter(label=_("Tag"), method="filter_tag", choices=(), empty_label=_("All"))
    owner_unit = filters.ModelChoiceFilter(label=_("Owning unit"), queryset=Unit.objects.none(), empty_label=_("All"))

    class Meta:
        model = Investor
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_citywide:
            self.filters["owner_unit"].queryset = Unit.objects.filter(
                is_active=True, kind__in=[UnitKind.CITY, UnitKind.DISTRICT, UnitKind.ZONE])
        else:
            del self.filters["owner_unit"]
        self.filters["tag"].extra["choices"] = lambda: [(t, t) for t in self._visible_tags(user)]

    @staticmethod
    def _visible_tags(user) -> list[str]:
        """Tag names used on investors the user sees (so another unit's tags are not listed)."""
        return list(
            Tag.objects.filter(
                taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(Investor),
                taggit_taggeditem_items__object_id__in=Investor.objects.visible_to(user).values("pk"),
            ).order_by("name").values_list("name", flat=True).distinct()
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q(name_zh__icontains=value) | Q(name_en__icontains=value)
        code = normalize_uscc(value)
        if code.isascii() and code.isalnum():
            q |= Q(credit_code__contains=code)
        return queryset.filter(q)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__name=value) if value else queryset
