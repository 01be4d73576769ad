"""The investor list table."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Investor


class InvestorTable(tables.Table):
    """One row per investor: names, kind, country, industry, owner, projects seen, tags."""

    name = tables.Column(verbose_name=_("Name"), accessor="name_zh", order_by=("name_zh",))
    kind = tables.Column(verbose_name=_("Kind"))
    country = tables.Column(verbose_name=_("Country"))
    industry = tables.Column(verbose_name=_("Industry"))
    owner_unit = tables.Column(verbose_name=_("Owning unit"), order_by=("owner_unit__kind", "owner_unit__order"))
    project_count = tables.Column(
        verbose_name=_("Projects"), attrs={"th": {"class": "text-end"}, "td": {"class": "text-end yz-amount"}},
    )
    tags = tables.Column(verbose_name=_("Tags"), empty_values=(), orderable=False)

    class Meta:
        model = Investor
        fields = ("name", "kind", "country", "industry", "owner_unit", "project_count", "tags")
        attrs = {"class": "table table-sm table-hover align-middle bg-white"}
        empty_text = _("No investors match these filters.")
        order_by = ("name",)

    def render_name(self, record: Investor) -> str:
        return render_to_string("crm/_investor_name.html", {"investor": record})

    def render_tags(self, record: Investor) -> str:
        # ``tags.all()`` reads the prefetched tags: no query per row.
        return format_html_join(" ", '<span class="badge text-bg-light border">{}</span>',
                                ((tag.name,) for tag in record.tags.all()))
