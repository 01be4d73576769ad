"""What the CRM views share: the writer check and putting action errors back onto a form."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from yunzhao.core.access import can_write


def require_writer(request: HttpRequest) -> None:
    """Refuse leaders, media editors and anyone else who may not change records (403)."""
    if not can_write(request.user):
        raise PermissionDenied(_("You may not change investor records."))


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Show an action's validation errors on the matching form fields, the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
