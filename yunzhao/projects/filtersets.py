"""The ledger filters, shared by the ledger page, its export and the API list."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yunzhao.core.choices import Industry
from yunzhao.orgs.models import Unit

from .choices import AmountBand, CapitalSource, ProjectKind, Stage
from .models import Project


class ProjectFilter(filters.FilterSet):
    """Filters on the project ledger: district, zone, stage, industry, amount band, leader, dates, text."""

    q = filters.CharFilter(label=_("Search"), method="search")
    district = filters.ModelChoiceFilter(label=_("District / county"), queryset=Unit.objects.districts())
    zone = filters.ModelChoiceFilter(label=_("Zone"), queryset=Unit.objects.zones())
    stage = filters.MultipleChoiceFilter(label=_("Stage"), choices=Stage.choices)
    industry = filters.ChoiceFilter(label=_("Industry"), choices=Industry.choices)
    kind = filters.ChoiceFilter(label=_("Kind"), choices=ProjectKind.choices)
    source = filters.ChoiceFilter(label=_("Capital source"), choices=CapitalSource.choices)
    band = filters.ChoiceFilter(label=_("Amount band"), choices=AmountBand.choices, method="filter_band")
    leader = filters.CharFilter(label=_("Assigned leader"), field_name="leader", lookup_expr="icontains")
    is_key = filters.BooleanFilter(label=_("Key project"))
    signed_from = filters.DateFilter(label=_("Signed from"), field_name="signed_on", lookup_expr="gte")
    signed_to = filters.DateFilter(label=_("Signed to"), field_name="signed_on", lookup_expr="lte")
    updated_from = filters.DateFilter(label=_("Updated from"), field_name="updated_at", lookup_expr="date__gte")
    updated_to = filters.DateFilter(label=_("Updated to"), field_name="updated_at", lookup_expr="date__lte")

    class Meta:
        model = Project
        fields: list[str] = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_zh__icontains=value) | Q(name_en__icontains=value) | Q(code__iexact=value)
            | Q(investors__name_zh__icontains=value) | Q(investors__name_en__icontains=value)
        ).distinct()

    def filter_band(self, queryset, name, value):
        return queryset.in_band(value) if value else queryset
