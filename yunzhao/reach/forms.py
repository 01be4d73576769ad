"""Forms of the reach pages: the channel registry, publications, the snapshot grid, imports."""

import datetime as dt
from html import escape
from typing import Any

from django import forms
from django.db import models
from django.forms.models import fields_for_model
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yunzhao.orgs.choices import UnitKind

from .actions import CHANNEL_FIELDS, OUTLET_FIELDS
from .choices import METRICS, ChannelLevel, PublicationKind
from .models import Channel, MetricSnapshot, Outlet, Publication
from .snapshots import SnapshotRow

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

# Languages a channel publishes in (BCP 47), the usual ones first.
CHANNEL_LANGUAGES = [
    ("zh-hans", _("Chinese (Simplified)")),
    ("zh-hant", _("Chinese (Traditional)")),
    ("en", _("English")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
    ("pt", _("Portuguese")),
]


class MomentInput(forms.DateTimeInput):
    """A local date and time picker, to the minute."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def now_to_the_minute() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class AsOfForm(forms.Form):
    """The moment the figures are "as of" (now when not given)."""

    as_of = forms.DateTimeField(label=_("As of"), required=False, input_formats=MOMENT_FORMATS, widget=MomentInput)

    def moment(self) -> dt.datetime:
        if self.is_valid() and self.cleaned_data["as_of"]:
            return self.cleaned_data["as_of"]
        return now_to_the_minute()


class OutletForm(forms.Form):
    """The names of a media organisation."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Outlet, fields=OUTLET_FIELDS))


def _https_urls(field, **kwargs):
    """Model form fields, links typed without a scheme taken as https."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ChannelForm(forms.Form):
    """A channel of the registry, under an existing outlet or a new one typed here."""

    outlet = forms.ModelChoiceField(label=_("Existing outlet"), queryset=Outlet.objects.order_by("name_zh"), required=False)
    outlet_name_zh = forms.CharField(label=_("or a new outlet (Chinese name)"), max_length=200, required=False)
    outlet_name_en = forms.CharField(label=_("New outlet (English name)"), max_length=300, required=False)
    field_order = ["code", "name_zh", "name_en", "outlet", "outlet_name_zh", "outlet_name_en"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Channel, fields=CHANNEL_FIELDS, formfield_callback=_https_urls))
        self.fields["language"] = forms.ChoiceField(label=_("Language"), choices=CHANNEL_LANGUAGES)
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("outlet") and not (data.get("outlet_name_zh") or "").strip():
            self.add_error("outlet", _("Choose an outlet or type the name of a new one."))
        return data

    def channel_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CHANNEL_FIELDS}

    def outlet_kwargs(self) -> dict[str, Any]:
        return {"outlet": self.cleaned_data["outlet"], "outlet_name_zh": self.cleaned_data["outlet_name_zh"],
                "outlet_name_en": self.cleaned_data["outlet_name_en"]}


class ChannelSelect(forms.Select):
    """The active channels grouped by level, written out directly: the registry holds thousands, and
    a template per option would take seconds."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer=None) -> str:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = str(value) if value not in (None, "") else ""
        english = (get_language() or "").startswith("en")
        rows = (
            Channel.objects.filter(is_active=True).order_by("level", "outlet__name_zh", "name_zh")
            .values_list("pk", "level", "name_zh", "name_en", "outlet__name_zh", "outlet__name_en")
        )
        parts = ['<option value="">---------</option>']
        level_labels = dict(ChannelLevel.choices)
        current = None
        for pk, level, name_zh, name_en, outlet_zh, outlet_en in rows:
            if level != current:
                if current is not None:
                    parts.append("</optgroup>")
                parts.append(f'<optgroup label="{escape(str(level_labels.get(level, level)))}">')
                current = level
            outlet = outlet_en if english and outlet_en else outlet_zh
            label = f"{outlet} · {name_en if english and name_en else name_zh}"
            selected = " selected" if str(pk) == chosen else ""
            parts.append(f'<option value="{pk}"{selected}>{escape(label)}</option>')
        if current is not None:
            parts.append("</optgroup>")
        # Every label is escaped above; plain string building is what keeps two thousand options fast.
        return mark_safe(f"<select{flatatt(final)}>{''.join(parts)}</select>")  # noqa: S308


class PublicationForm(forms.Form):
    """An event or campaign going out on a channel."""

    channel = forms.ModelChoiceField(label=_("Channel"), queryset=Channel.objects.filter(is_active=True),
                                     widget=ChannelSelect)
    kind = forms.ChoiceField(label=_("Kind"), choices=PublicationKind.choices, initial=PublicationKind.ARTICLE)
    published_at = forms.DateTimeField(label=_("Published at"), input_formats=MOMENT_FORMATS, widget=MomentInput,
                                       initial=now_to_the_minute)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")


class SnapshotGridForm(forms.Form):
    """Counts of many publications at one moment: one row per publication, six counts each.

    An empty count keeps the publication's previous count; a row left empty records nothing.
    """

    taken_at = forms.DateTimeField(label=_("Counts as of"), input_formats=MOMENT_FORMATS, widget=MomentInput,
                                   initial=now_to_the_minute)

    def __init__(self, *args: Any, publications: list[Publication], latest: dict[int, MetricSnapshot],
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.publications = publications
        self.latest = latest
        for pub in publications:
            previous = latest.get(pub.pk)
            for metric in METRICS:
                self.fields[self.field_name(pub.pk, metric)] = forms.IntegerField(
                    label=MetricSnapshot._meta.get_field(metric).verbose_name, required=False, min_value=0,
                    widget=forms.NumberInput(attrs={
                        "class": "form-control form-control-sm yz-count-input",
                        "placeholder": f"{getattr(previous, metric):,}" if previous else "0",
                        "inputmode": "numeric",
                    }),
                )

    @staticmethod
    def field_name(publication_id: int, metric: str) -> str:
        return f"p{publication_id}_{metric}"

    def grid(self) -> list[dict[str, Any]]:
        """The rows to draw: each publication, its latest snapshot, and its six inputs (marked when wrong)."""
        rows = []
        for pub in self.publications:
            inputs = []
            for metric in METRICS:
                field = self[self.field_name(pub.pk, metric)]
                css = field.field.widget.attrs["class"] + (" is-invalid" if field.errors else "")
                value = field.value()
                # Written out directly: a grid of a hundred publications has six hundred inputs.
                html = format_html(
                    '<input type="number" name="{}" id="{}" min="0" inputmode="numeric" class="{}" placeholder="{}" '
                    'aria-label="{}"{}>',
                    field.html_name, field.auto_id, css, field.field.widget.attrs["placeholder"],
                    f"{pub.channel} · {field.label}", format_html(' value="{}"', value) if value not in (None, "") else "",
                )
                inputs.append({"label": field.label, "errors": field.errors, "html": html})
            rows.append({"publication": pub, "latest": self.latest.get(pub.pk), "inputs": inputs})
        return rows

    def rows(self) -> list[SnapshotRow]:
        """The snapshots to record: one for each publication with at least one count typed."""
        rows = []
        for number, pub in enumerate(self.publications, start=1):
            counts = {m: self.cleaned_data.get(self.field_name(pub.pk, m)) for m in METRICS}
            if any(value is not None for value in counts.values()):
                rows.append(SnapshotRow(publication=pub, taken_at=self.cleaned_data["taken_at"], counts=counts,
                                        row=number))
        return rows


class TimeInput(forms.TimeInput):
    """A time of day to the minute, shown as a time picker."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ScopeForm(forms.Form):
    """What a reach figure covers and when: a district or zone, a media level, a campaign, and the
    "as of" moment as a date and a time on the city's clock (Beijing time).

    Missing moments are filled in before the form is bound (``with_defaults``), so that the form
    shows the moment the figures are for. Ids are only checked to be numbers here: whether the user
    may see the district or campaign is the access rule's answer (``scopes.resolve_scope``).
    """

    district = forms.IntegerField(label=_("District / zone"), required=False)
    level = forms.ChoiceField(label=_("Media level"), required=False)
    campaign = forms.IntegerField(label=_("Campaign"), required=False)
    date = forms.DateField(label=_("As of (date)"), widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Time (Beijing)"), input_formats=["%H:%M", "%H:%M:%S"],
                           widget=TimeInput)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)
    channel = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, units: list, campaigns: list, fixed_unit: bool, **kwargs: Any):
        super().__init__(data, **kwargs)
        districts = [(u.pk, u.display_name) for u in units if u.kind == UnitKind.DISTRICT]
        zones = [(u.pk, u.display_name) for u in units if u.kind != UnitKind.DISTRICT]
        choices: list = [] if fixed_unit else [("", _("Whole city"))]
        if fixed_unit:
            choices += districts + zones
        else:
            choices += [(_("Districts / counties"), districts), (_("Zones"), zones)]
        self.fields["district"].widget = forms.Select(choices=choices)
        self.fields["level"].choices = [("", _("All levels")), *ChannelLevel.choices]
        self.fields["campaign"].widget = forms.Select(
            choices=[("", _("Any campaign")), *((c.pk, c.display_name) for c in campaigns)])
        self.fields["sort"].choices = [("", ""), *((m, m) for m in METRICS)]

    @staticmethod
    def with_defaults(data) -> dict:
        """The query with the moment filled in: today and now when no date is given; the end of
        the day when a date is given without a time."""
        filled = data.copy()
        now = now_to_the_minute()
        if not filled.get("date"):
            filled["date"] = now.strftime("%Y-%m-%d")
            if not filled.get("time"):
                filled["time"] = now.strftime("%H:%M")
        elif not filled.get("time"):
            filled["time"] = "23:59"
        return filled

    def moment(self) -> dt.datetime:
        """The "as of" moment, on the city's clock (call after ``is_valid``)."""
        naive = dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]).replace(second=0,
                                                                                                   microsecond=0)
        return timezone.make_aware(naive, timezone.get_default_timezone())


class SnapshotImportForm(forms.Form):
    """A spreadsheet of snapshots to check, and to record if it is clean."""

    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    dry_run = forms.BooleanField(label=_("Only check the file, record nothing"), required=False)
