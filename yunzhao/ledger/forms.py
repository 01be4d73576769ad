"""The upload form of the ledger import page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    """A ledger file, and whether only to check it."""

    dry_run = forms.BooleanField(
        label=_("Check only (dry run)"), required=False, initial=True,
        help_text=_("Validate every row and show what would change, without changing anything."),
    )
    file = forms.FileField(
        label=_("Ledger file"), help_text=_("An Excel workbook (.xlsx) or a CSV file in UTF-8 or GB18030."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv,"
                                                         "application/vnd.openxmlformats-officedocument"
                                                         ".spreadsheetml.sheet"}),
    )
