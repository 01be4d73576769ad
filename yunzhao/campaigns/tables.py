"""Tables of the campaign pages: campaigns, events outside campaigns, and signings."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from yunzhao.core.templatetags.yz import amount, cny

from .models import Campaign, Event, Signing

NUMBER = {"th": {"class": "text-end"}, "td": {"class": "text-end yz-amount"}}
TABLE_ATTRS = {"class": "table table-sm table-hover align-middle bg-white"}


class CampaignTable(tables.Table):
    """One row per campaign: names, period, organisers, events, and district sessions held."""

    name = tables.Column(verbose_name=_("Campaign"), accessor="name_zh", order_by=("name_zh",))
    period = tables.Column(
        verbose_name=_("Period"),
        accessor="starts_on",
        order_by=("starts_on", "ends_on"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    organisers = tables.Column(verbose_name=_("Organisers"), empty_values=(), orderable=False)
    event_count = tables.Column(verbose_name=_("Events"), attrs=NUMBER)
    districts_held = tables.Column(verbose_name=_("District sessions held"), attrs=NUMBER)

    class Meta:
        model = Campaign
        fields = ("name", "period", "organisers", "event_count", "districts_held")
        attrs = TABLE_ATTRS
        empty_text = _("No campaigns yet.")
        order_by = ("-period",)

    def __init__(self, *args, districts_total: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts_total = districts_total

    def render_name(self, record: Campaign) -> str:
        return format_html(
            '<a class="fw-semibold" href="{}">{}</a>{}',
            reverse("campaigns:detail", args=[record.pk]),
            record.name_zh,
            format_html('<div class="small text-body-secondary">{}</div>', record.name_en)
            if record.name_en
            else "",
        )

    def render_period(self, record: Campaign) -> str:
        return f"{record.starts_on:%Y-%m-%d} – {record.ends_on:%Y-%m-%d}"

    def render_organisers(self, record: Campaign) -> str:
        # ``organisers.all()`` reads the prefetched units: no query per row.
        return format_html_join(", ", "{}", ((unit.display_name,) for unit in record.organisers.all())) or "—"

    def render_districts_held(self, value: int) -> str:
        return f"{value} / {self.districts_total}"


class EventTable(tables.Table):
    """Events: when, what, level, owning unit, where, mode and status."""

    starts_at = tables.Column(verbose_name=_("Date"))
    title = tables.Column(verbose_name=_("Event"), accessor="title_zh")
    level = tables.Column(verbose_name=_("Level"))
    owner_unit = tables.Column(verbose_name=_("Owning unit"))
    city = tables.Column(verbose_name=_("City"))
    mode = tables.Column(verbose_name=_("Mode"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Event
        fields = ("starts_at", "title", "level", "owner_unit", "city", "mode", "status")
        attrs = TABLE_ATTRS
        empty_text = _("No events outside campaigns.")

    def render_starts_at(self, value) -> str:
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"

    def render_title(self, record: Event) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("campaigns:event", args=[record.pk]), record.display_name
        )

    def render_owner_unit(self, record: Event) -> str:
        return record.owner_unit.display_name

    def render_status(self, record: Event) -> str:
        return render_to_string("campaigns/includes/event_status.html", {"event": record})


class SigningTable(tables.Table):
    """One row per signing: when, where, which project, who, how much, and whether it was credited."""

    signed_on = tables.Column(verbose_name=_("Signed on"), attrs={"td": {"class": "text-nowrap"}})
    project = tables.Column(verbose_name=_("Project"), order_by=("project__code",))
    district = tables.Column(
        verbose_name=_("District / county"),
        accessor="project__district",
        order_by=("project__district__order",),
    )
    event = tables.Column(verbose_name=_("Event"), order_by=("event__starts_at",))
    parties = tables.Column(verbose_name=_("Signing parties"), orderable=False)
    amount = tables.Column(verbose_name=_("Amount signed"), attrs=NUMBER, order_by=("amount_cny",))
    mode = tables.Column(verbose_name=_("How"))
    credited = tables.Column(
        verbose_name=_("Credited"), accessor="credited_project", order_by=("credited_project",)
    )
    credited_amount_cny = tables.Column(verbose_name=_("Credited amount"), attrs=NUMBER)
    agreement = tables.Column(verbose_name=_("Agreement"), empty_values=(), orderable=False)

    class Meta:
        model = Signing
        fields = (
            "signed_on",
            "project",
            "district",
            "event",
            "parties",
            "amount",
            "mode",
            "credited",
            "credited_amount_cny",
            "agreement",
        )
        attrs = TABLE_ATTRS
        empty_text = _("No signings match these filters.")

    def render_signed_on(self, value) -> str:
        return f"{value:%Y-%m-%d}"

    def render_project(self, record: Signing) -> str:
        project = record.project
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary text-nowrap">{}</div>',
            reverse("projects:detail", args=[project.pk]),
            project.name_zh,
            project.code,
        )

    def render_district(self, record: Signing) -> str:
        return record.project.district.display_name if record.project.district_id else "—"

    def render_event(self, record: Signing) -> str:
        event = record.event
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}{}</div>',
            reverse("campaigns:event", args=[event.pk]),
            event.display_name,
            event.get_level_display(),
            f" · {event.city}" if event.city else "",
        )

    def render_amount(self, record: Signing) -> str:
        text = amount(record.amount, record.currency)
        if record.currency != "CNY":
            return format_html(
                '{}<div class="small text-body-secondary">{}</div>', text, cny(record.amount_cny)
            )
        return text

    def render_credited(self, record: Signing) -> str:
        if record.credited_project:
            return format_html('<span class="badge text-bg-success">{}</span>', _("New project"))
        if record.credited_amount_cny:
            return format_html('<span class="badge text-bg-info">{}</span>', _("Increase"))
        return format_html('<span class="badge text-bg-light border">{}</span>', _("Signed before"))

    def render_credited_amount_cny(self, value) -> str:
        return cny(value) if value else "—"

    def render_agreement(self, record: Signing) -> str:
        if not record.agreement:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("campaigns:agreement", args=[record.pk]), _("Download")
        )
