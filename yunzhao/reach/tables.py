"""The channel registry table."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import CHANNEL_LANGUAGES
from .models import Channel

LANGUAGE_NAMES = dict(CHANNEL_LANGUAGES)

NUMBER = {"th": {"class": "text-end"}, "td": {"class": "text-end yz-amount"}}


class ChannelTable(tables.Table):
    """One row per channel: code, names, outlet, level, kind, owner, country, language, publications."""

    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Channel"), accessor="name_zh", order_by=("name_zh",))
    outlet = tables.Column(verbose_name=_("Outlet"), order_by=("outlet__name_zh",))
    level = tables.Column(verbose_name=_("Level"))
    kind = tables.Column(verbose_name=_("Kind"))
    owner = tables.Column(verbose_name=_("Owner"))
    country = tables.Column(verbose_name=_("Country"))
    language = tables.Column(verbose_name=_("Language"))
    publication_count = tables.Column(verbose_name=_("Publications"), attrs=NUMBER)
    edit = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        model = Channel
        fields = ("code", "name", "outlet", "level", "kind", "owner", "country", "language", "publication_count")
        attrs = {"class": "table table-sm table-hover align-middle bg-white"}
        empty_text = _("No channels match these filters.")
        order_by = ("level", "outlet")
        row_attrs = {"class": lambda record: "" if record.is_active else "text-body-secondary"}

    def __init__(self, *args, can_edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_edit:
            self.columns.hide("edit")
        self.can_edit = can_edit

    def render_name(self, record: Channel) -> str:
        if record.name_en and record.name_en != record.name_zh:
            return format_html('{} <span class="text-body-secondary small">{}</span>', record.name_zh, record.name_en)
        return record.name_zh

    def render_outlet(self, record: Channel) -> str:
        return record.outlet.display_name

    def render_country(self, record: Channel) -> str:
        return record.country.name

    def render_language(self, value: str) -> str:
        return str(LANGUAGE_NAMES.get(value, value))

    def render_edit(self, record: Channel) -> str:
        return format_html('<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>',
                           reverse("reach:channel-edit", args=[record.pk]), _("Edit"))
