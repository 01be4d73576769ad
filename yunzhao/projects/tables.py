"""The project ledger table (台账)."""

import django_tables2 as tables
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yunzhao.core import money
from yunzhao.core.choices import Currency

from .choices import PIPELINE, Stage
from .models import Project

# Columns that phones leave out; what a leader reads on the go stays.
HIDE_SM = {"th": {"class": "yz-hide-sm"}, "td": {"class": "yz-hide-sm"}}
HIDE_MD = {"th": {"class": "yz-hide-md"}, "td": {"class": "yz-hide-md"}}
AMOUNT = {"th": {"class": "text-end"}, "td": {"class": "yz-amount"}}
# Pipeline order for sorting by stage; paused and lost come after production.
STAGE_ORDER = [*PIPELINE, Stage.PAUSED, Stage.LOST]


def stage_badge(stage: str, label: str) -> str:
    """The coloured badge of a stage."""
    return format_html('<span class="badge yz-stage yz-stage-{}">{}</span>', stage, label)


def amount_html(project: Project) -> str:
    """The amount in its own currency, and in yuan when it was not yuan."""
    lang = get_language() or "zh-hans"
    if project.currency == Currency.CNY:
        return money.format_cny(project.total_investment_cny, lang)
    return format_html(
        '{}<br><small class="text-body-secondary">≈ {}</small>',
        money.format_usd(project.total_investment, lang),
        money.format_cny(project.total_investment_cny, lang),
    )


class ProjectTable(tables.Table):
    """One row per project; every column the ledger sorts by."""

    code = tables.Column(
        verbose_name=_("Ledger no."),
        linkify=("projects:detail", [tables.A("pk")]),
        attrs={"th": {"class": "yz-hide-sm"}, "td": {"class": "yz-hide-sm text-nowrap small"}},
    )
    name = tables.Column(
        verbose_name=_("Project"),
        accessor="name_zh",
        order_by=("name_zh", "id"),
        attrs={"td": {"class": "yz-col-name"}},
    )
    district = tables.Column(verbose_name=_("District / county"), order_by=("district__order", "id"))
    zone = tables.Column(verbose_name=_("Zone"), order_by=("zone__order", "id"), attrs=HIDE_SM)
    stage = tables.Column(verbose_name=_("Stage"))
    industry = tables.Column(
        verbose_name=_("Industry"),
        order_by=("industry", "id"),
        attrs={"th": {"class": "yz-hide-sm"}, "td": {"class": "yz-hide-sm small"}},
    )
    total_investment = tables.Column(
        verbose_name=_("Total investment"), order_by=("total_investment_cny", "id"), attrs=AMOUNT
    )
    leader = tables.Column(verbose_name=_("Assigned leader"), order_by=("leader", "id"), attrs=HIDE_MD)
    signed_on = tables.DateColumn(
        verbose_name=_("Signed on"),
        format="Y-m-d",
        order_by=("signed_on", "id"),
        attrs={"th": {"class": "yz-hide-sm"}, "td": {"class": "yz-hide-sm text-nowrap"}},
    )
    updated_at = tables.DateColumn(
        verbose_name=_("Updated"),
        format="Y-m-d",
        order_by=("updated_at", "id"),
        attrs={"th": {"class": "yz-hide-sm"}, "td": {"class": "yz-hide-sm text-nowrap"}},
    )

    class Meta:
        model = Project
        fields = ()
        sequence = (
            "code",
            "name",
            "district",
            "zone",
            "stage",
            "industry",
            "total_investment",
            "leader",
            "signed_on",
            "updated_at",
        )
        attrs = {"class": "table table-sm table-hover align-middle mb-0 yz-ledger"}
        empty_text = _("No project matches these filters.")
        orderable = True

    def render_name(self, record: Project) -> str:
        key = (
            format_html(' <span class="badge text-bg-warning">{}</span>', _("Key project"))
            if record.is_key
            else ""
        )
        # Investors come from the ledger queryset's prefetch: no query per row.
        investors = "、".join(i.display_name for i in record.investors.all())
        return format_html(
            '<a href="{}">{}</a>{}{}',
            reverse("projects:detail", args=[record.pk]),
            record.display_name,
            key,
            format_html('<div class="small text-body-secondary yz-hide-sm">{}</div>', investors)
            if investors
            else "",
        )

    def render_district(self, value) -> str:
        return value.display_name

    def render_zone(self, value) -> str:
        return value.display_name

    def render_stage(self, record: Project) -> str:
        return stage_badge(record.stage, record.get_stage_display())

    def render_industry(self, record: Project) -> str:
        return record.get_industry_display()

    def render_total_investment(self, record: Project) -> str:
        return amount_html(record)

    def order_stage(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        rank = Case(
            *(When(stage=s, then=Value(i)) for i, s in enumerate(STAGE_ORDER)), output_field=IntegerField()
        )
        queryset = queryset.annotate(stage_rank=rank).order_by(
            "-stage_rank" if is_descending else "stage_rank", "-updated_at", "-id"
        )
        return queryset, True
