"""The public forms: registering interest, and choosing a video-meeting slot."""

import re
import uuid
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from yunzhao.crm.choices import LeadInterest

from .pages import TAG

PHONE = RegexValidator(re.compile(r"^\+?[\d\s()\-]{5,32}$"),
                       _("Enter a phone number: digits, spaces, “+”, “-” and brackets only."))
# The honeypot: hidden from people, tempting to form-filling robots.
HONEYPOT = "company_website"


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class InterestForm(forms.Form):
    """Interest in a zone, policy, opportunity or event, with consent to the privacy notice."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country or region"), required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False, validators=[PHONE])
    interest = forms.ChoiceField(label=_("I am interested in"), choices=LeadInterest.choices)
    message = forms.CharField(label=_("Message"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    consent = forms.BooleanField(label=_("I have read the privacy notice and agree that my details are used to "
                                         "answer this enquiry."))
    token = forms.UUIDField(widget=forms.HiddenInput)
    # Not limited here: a value that is not a tag is dropped in ``clean``, never an error the visitor cannot see.
    src = forms.CharField(required=False, widget=forms.HiddenInput)
    ref = forms.CharField(required=False, widget=forms.HiddenInput)
    company_website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200,
                                      widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]
        if self.is_bound and not _is_uuid(self.data.get("token")):
            # A lost or altered token would be an error the visitor cannot see: give the form a new one.
            self.data = self.data.copy()
            self.data["token"] = str(uuid.uuid4())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors and \
                "phone" not in self.errors:
            self.add_error("email", _("Give an email address or a phone number so that we can answer you."))
        for name in ("src", "ref"):
            data[name] = data.get(name, "") if TAG.fullmatch(data.get(name) or "") else ""
        self.errors.pop("src", None)
        self.errors.pop("ref", None)
        return data

    @property
    def is_robot(self) -> bool:
        """The hidden field was filled in: a robot, not a person."""
        return bool(self.cleaned_data.get(HONEYPOT))

    def visitor(self) -> dict[str, Any]:
        """The visitor's details for the lead."""
        return {name: self.cleaned_data.get(name) or "" for name in
                ("name", "organisation", "country", "email", "phone", "interest", "message")}


class SlotForm(forms.Form):
    """The slot a visitor picks."""

    slot = forms.IntegerField(min_value=1)
