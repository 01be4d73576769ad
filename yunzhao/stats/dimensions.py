"""What a figure can be broken down by: district, zone, industry, country, investor kind, campaign.

Each dimension is a SQL expression on a source's rows, so a breakdown is one ``GROUP BY`` query.
Country of origin and investor kind are those of the project's *lead investor*: the first investor
linked to the project (the lowest row of the project–investor link table), which is the one named
first when the project was entered. Projects without an investor fall under "not recorded".
The campaign is the one whose event holds the project's credited (first) signing; signings
themselves are broken down by the campaign of their own event.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from yunzhao.campaigns.models import Campaign
from yunzhao.core.choices import Industry
from yunzhao.crm.choices import InvestorKind
from yunzhao.orgs.models import Unit
from yunzhao.projects.models import Project

from .sources import Source

NONE_KEY = "none"


class Dimension:
    """A way of splitting a figure into rows."""

    def __init__(
        self, code: str, label: Any, none_label: Any, *, field: str = "", choices=None, numeric: bool = False
    ):
        self.code = code
        self.label = label
        self.none_label = none_label  # the row of records without a value
        self.field = field  # the project field, for dimensions that are one
        self.choices = choices
        self.numeric = numeric  # keys are primary keys

    def expression(self, source: Source):
        raise NotImplementedError

    def labels(self, keys: Iterable) -> dict:
        """The display name of each key (one query at most)."""
        raise NotImplementedError

    def parse_key(self, text: str):
        """A key as it appears in a URL; ``none`` is the row of records without a value."""
        if text in (None, "", NONE_KEY):
            return None
        if self.numeric:
            try:
                return int(text)
            except ValueError as exc:
                raise ValueError(f"bad key {text!r}") from exc
        return text

    def key_text(self, key) -> str:
        return NONE_KEY if key is None else str(key)

    def all_keys(self, user) -> list:
        """Keys to show even where nothing was recorded (only districts list every one)."""
        return []


class UnitDimension(Dimension):
    """A district or zone of the project."""

    def expression(self, source: Source):
        return F(source.project_path + self.field)

    def labels(self, keys) -> dict:
        wanted = [k for k in keys if k is not None]
        if not wanted:
            return {}
        return {unit.pk: unit.display_name for unit in Unit.objects.filter(pk__in=wanted)}


class DistrictDimension(UnitDimension):
    def all_keys(self, user) -> list:
        """Every active district for city-wide users (so districts with nothing rank last)."""
        if user is not None and not user.is_citywide:
            return []
        return list(Unit.objects.districts().order_by("order", "code").values_list("pk", flat=True))


class ChoiceDimension(Dimension):
    """A field of the project with fixed choices."""

    def expression(self, source: Source):
        return F(source.project_path + self.field)

    def labels(self, keys) -> dict:
        names = dict(self.choices.choices)
        return {k: names.get(k, k) for k in keys if k is not None}


def _lead_investor(source: Source, field: str, output_field) -> Subquery:
    link = Project.investors.through
    return Subquery(
        link.objects.filter(project_id=OuterRef(source.project_ref))
        .order_by("pk")
        .values(f"investor__{field}")[:1],
        output_field=output_field,
    )


class CountryDimension(Dimension):
    """The country of origin of the project's lead investor."""

    def expression(self, source: Source):
        return _lead_investor(source, "country", models.CharField())

    def labels(self, keys) -> dict:
        return {k: countries.name(k) or k for k in keys if k is not None}


class InvestorKindDimension(Dimension):
    """The kind of the project's lead investor (multinational, state-owned…)."""

    def expression(self, source: Source):
        return _lead_investor(source, "kind", models.CharField())

    def labels(self, keys) -> dict:
        names = dict(InvestorKind.choices)
        return {k: names.get(k, k) for k in keys if k is not None}


class CampaignDimension(Dimension):
    """The campaign at whose event the project was (first) signed."""

    def expression(self, source: Source):
        return source.campaign_expression()

    def labels(self, keys) -> dict:
        wanted = [k for k in keys if k is not None]
        if not wanted:
            return {}
        return {c.pk: c.display_name for c in Campaign.objects.filter(pk__in=wanted)}


DISTRICT = DistrictDimension(
    "district", _("District / county"), _("No district"), field="district", numeric=True
)
ZONE = UnitDimension("zone", _("Zone"), _("Not in a zone"), field="zone", numeric=True)
INDUSTRY = ChoiceDimension("industry", _("Industry"), _("No industry"), field="industry", choices=Industry)
COUNTRY = CountryDimension("country", _("Country of origin"), _("Not recorded"))
INVESTOR_KIND = InvestorKindDimension("investor_kind", _("Investor kind"), _("Not recorded"))
CAMPAIGN = CampaignDimension("campaign", _("Campaign"), _("Not signed at a campaign"), numeric=True)

DIMENSIONS: dict[str, Dimension] = {
    d.code: d for d in (DISTRICT, ZONE, INDUSTRY, COUNTRY, INVESTOR_KIND, CAMPAIGN)
}


def get(code: str) -> Dimension:
    """The dimension called ``code``; ``KeyError`` if there is none."""
    return DIMENSIONS[code]
