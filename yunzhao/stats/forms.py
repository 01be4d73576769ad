"""Forms of the statistics pages: the period and breakdown pickers, the bulletin, provincial figures."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yunzhao.core.money import WAN, AmountError, parse_amount
from yunzhao.orgs.models import Unit

from . import registry
from .dimensions import DIMENSIONS
from .periods import Period, PeriodError, parse, year


class PeriodField(forms.Field):
    """A period typed as ``2023``, ``2023Q1``, ``2023M1-5``… cleaned to a ``Period``."""

    widget = forms.TextInput

    def prepare_value(self, value):
        return value.code if isinstance(value, Period) else value

    def to_python(self, value) -> Period | None:
        value = str(value or "").strip()[:64]
        if not value:
            return None
        try:
            return parse(value)
        except PeriodError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


def default_period(today: dt.date) -> Period:
    """This year, up to today."""
    return year(today.year)


def _clean_started(period: Period, today: dt.date) -> Period:
    if period.start > today:
        raise ValidationError(_("This period has not started yet."), code="future")
    return period


class FiguresForm(forms.Form):
    """The period and the breakdown of the figures page."""

    period = PeriodField(
        label=_("Period"),
        required=False,
        widget=forms.TextInput(attrs={"list": "yz-periods", "autocomplete": "off"}),
    )
    by = forms.ChoiceField(
        label=_("Break down by"), required=False, choices=[(d.code, d.label) for d in DIMENSIONS.values()]
    )
    sort = forms.ChoiceField(
        label=_("Rank by"),
        required=False,
        choices=[(code, registry.get(code).name_zh) for code in registry.HEADLINE],
    )

    def __init__(self, *args, today: dt.date, lang: str = "zh-hans", **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["sort"].choices = [(code, registry.get(code).name(lang)) for code in registry.HEADLINE]

    def clean_period(self) -> Period:
        period = self.cleaned_data.get("period") or default_period(self.today)
        return _clean_started(period, self.today)


class BulletinForm(forms.Form):
    """What the bulletin covers: a period, the whole city or a district, and the language."""

    period = PeriodField(
        label=_("Period"), widget=forms.TextInput(attrs={"list": "yz-periods", "autocomplete": "off"})
    )
    district = forms.ModelChoiceField(
        label=_("District / county"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("The whole city"),
    )
    lang = forms.ChoiceField(
        label=_("Language"),
        choices=[("zh-hans", "中文"), ("en", "English")],
        initial="zh-hans",
        required=False,
    )

    def __init__(self, *args, today: dt.date, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["district"].queryset = districts

    def clean_period(self) -> Period:
        return _clean_started(self.cleaned_data["period"], self.today)

    def clean_lang(self) -> str:
        return self.cleaned_data.get("lang") or "zh-hans"


class ProvincialFigureForm(forms.Form):
    """One city's published value of a statistic for a period."""

    statistic = forms.ChoiceField(label=_("Statistic"), choices=registry.comparable_choices)
    period = PeriodField(
        label=_("Period"), widget=forms.TextInput(attrs={"list": "yz-periods", "autocomplete": "off"})
    )
    city_zh = forms.CharField(label=_("City (Chinese)"), max_length=50)
    city_en = forms.CharField(label=_("City (English)"), max_length=100, required=False)
    value = forms.CharField(
        label=_("Value"),
        max_length=40,
        help_text=_(
            "Amounts as published: 10.67亿, 3,100万 (a plain number is in 万); projects as a number."
        ),
    )
    source_note = forms.CharField(label=_("Source"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        statistic, text = data.get("statistic"), data.get("value")
        if not statistic or text is None:
            return data
        if registry.get(statistic).primary == "count":
            try:
                value = Decimal(text.replace(",", "").strip())
            except InvalidOperation:
                value = None
            if value is None or value < 0 or value != value.to_integral_value():
                self.add_error("value", _("Enter a whole number of projects."))
                return data
        else:
            try:
                value = parse_amount(text.replace("美元", "").replace("人民币", ""), default_unit=WAN)
            except AmountError:
                self.add_error("value", _("Enter an amount such as 10.67亿, 3100万 or a number in 万."))
                return data
        data["value"] = value
        return data
