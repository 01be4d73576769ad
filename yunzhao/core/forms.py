"""Form fields and helpers shared by every app's staff pages."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .money import WAN, AmountError, parse_amount


class AmountField(forms.Field):
    """An amount typed as ``1.5亿``, ``15000万`` or a plain number in 万; cleaned to whole units.

    The value shown back in the input is in 万, so that an unchanged form posts the same amount.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter an amount such as 1.5亿, 15000万 or a number in 万元."),
        "max_value": _("This amount is too large."),
    }

    def __init__(self, *, max_value: Decimal = Decimal("1e16"), **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("autocomplete", "off")
        attrs.setdefault("class", "yz-amount-input")
        return attrs

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            wan = (Decimal(str(value)) / WAN).normalize()
            return format(wan, "f")
        return value

    def to_python(self, value) -> Decimal | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            amount = parse_amount(value)
        except AmountError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if amount > self.max_value:
            raise ValidationError(self.error_messages["max_value"], code="max_value")
        return amount


class DateInput(forms.DateInput):
    """A date input that the browser shows as a date picker."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def add_action_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put the errors an action raised onto the form: on their field when it has one, else on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields else None
        for item in errors:
            form.add_error(target, item)
