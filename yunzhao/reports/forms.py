"""The form that asks for a scheduling report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Grouping, ReportFormat, ReportLanguage


class ReportForm(forms.Form):
    """Which period, how to group the projects, the language and the file formats."""

    period = forms.DateField(
        label=_("Period"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # what a date input reads
        help_text=_("Any day of the scheduling period."),
    )
    grouping = forms.ChoiceField(label=_("Grouping"), choices=Grouping.choices, initial=Grouping.BOTH)
    lang = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=ReportFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=ReportFormat.values,
        error_messages={"required": _("Choose at least one of the formats offered.")},
    )
