"""Forms of the investor CRM pages. They check input; the actions decide and write."""

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from yunzhao.core.validators import normalize_uscc, validate_uscc
from yunzhao.orgs.choices import UnitKind
from yunzhao.orgs.models import Unit

from .actions import CONTACT_FIELDS, INVESTOR_FIELDS
from .models import Contact, Interaction, Investor

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Chinese keyboards type full-width commas and enumeration commas between tags.
_TAG_SEPARATORS = str.maketrans({"，": ",", "、": ",", "；": ",", ";": ","})


class ModelFieldsForm(forms.Form):
    """A plain form whose first fields are taken from model fields (labels, choices, help texts).

    The model is not validated or saved here: the action does that, and its errors are put back onto
    the form by the view.
    """

    # Valid fields are not marked green: after a refused save only the errors should stand out.
    success_css_class = ""
    model: type[models.Model]
    model_fields: tuple[str, ...] = ()
    widgets: dict[str, forms.Widget] = {}
    field_kwargs: dict[str, dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = {}
        for name in self.model_fields:
            options = dict(self.field_kwargs.get(name, {}))
            if name in self.widgets:
                options["widget"] = self.widgets[name]  # copied by the form field
            taken[name] = self.model._meta.get_field(name).formfield(**options)
        # Fields declared on the class (overrides and extras) keep their definition and come after.
        self.fields = {**{n: f for n, f in taken.items() if n not in self.fields}, **self.fields}
        self.order_fields([*self.model_fields, *(n for n in self.fields if n not in self.model_fields)])


class CreditCodeField(forms.CharField):
    """A unified social credit code, accepted with spaces and in lower case, checked by its check digit."""

    default_validators = [validate_uscc]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "class": "font-monospace"})

    def to_python(self, value: Any) -> str:
        return normalize_uscc(super().to_python(value))


class TagsField(TagField):
    """Tags separated by commas (half- or full-width) or, without commas, by spaces."""

    def clean(self, value: Any) -> list[str]:
        return super().clean((value or "").translate(_TAG_SEPARATORS))


class InvestorForm(ModelFieldsForm):
    """Create or edit an investor."""

    model = Investor
    model_fields = INVESTOR_FIELDS
    widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
    field_kwargs = {"website": {"assume_scheme": "https"}}

    credit_code = CreditCodeField(
        label=_("Unified social credit code"), required=False,
        help_text=_("18 characters, for companies registered in mainland China."),
    )
    tags = TagsField(label=_("Tags"), required=False, help_text=_("Separate tags with commas."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs["placeholder"] = "https://"

    def changes(self) -> dict[str, Any]:
        """The investor fields as the action takes them."""
        return {name: self.cleaned_data[name] for name in INVESTOR_FIELDS}


class InvestorCreateForm(InvestorForm):
    """Create an investor; city staff may record it for another unit, anyone may confirm a near-duplicate."""

    owner_unit = forms.ModelChoiceField(
        label=_("Owning unit"), queryset=Unit.objects.none(), required=False,
        help_text=_("Leave empty to record the investor for your own unit."),
    )
    allow_duplicate = forms.BooleanField(
        label=_("This is a different company: create it anyway"), required=False,
    )

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.is_citywide:
            self.fields["owner_unit"].queryset = Unit.objects.filter(
                is_active=True, kind__in=[UnitKind.CITY, UnitKind.DISTRICT, UnitKind.ZONE])
        else:
            del self.fields["owner_unit"]

    def create_kwargs(self) -> dict[str, Any]:
        """Everything ``create_investor`` takes from this form."""
        kwargs = {**self.changes(), "tags": self.cleaned_data["tags"],
                  "allow_duplicate": self.cleaned_data["allow_duplicate"]}
        if self.cleaned_data.get("owner_unit"):
            kwargs["owner_unit"] = self.cleaned_data["owner_unit"]
        return kwargs


class ContactForm(ModelFieldsForm):
    """Add or edit a person at an investor, with their consent."""

    model = Contact
    model_fields = CONTACT_FIELDS
    widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        self.fields["consent_given"].help_text = _(
            "The person agreed that we keep their contact details. The time is recorded when you save.")

    def changes(self) -> dict[str, Any]:
        """The contact fields as the action takes them."""
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}


INTERACTION_FIELDS = (
    "kind", "occurred_on", "project", "their_people", "our_people", "summary", "outcome", "next_step",
    "next_step_due",
)


class InteractionForm(ModelFieldsForm):
    """Record a visit, meeting, call, event attendance or negotiation round."""

    model = Interaction
    model_fields = tuple(n for n in INTERACTION_FIELDS if n != "project")
    widgets = {
        "occurred_on": DATE_INPUT,
        "next_step_due": DATE_INPUT,
        "summary": forms.Textarea(attrs={"rows": 3}),
        "outcome": forms.Textarea(attrs={"rows": 2}),
    }

    project = forms.ModelChoiceField(
        label=_("Project"), queryset=None, required=False, empty_label=_("No particular project"),
        help_text=_("Negotiation rounds are numbered per project."),
    )
    project_code = forms.CharField(
        label=_("Or another project's ledger number"), max_length=32, required=False,
        help_text=_("For a project not yet linked to this investor."),
    )

    def __init__(self, *args: Any, projects, all_projects, **kwargs: Any) -> None:
        """``projects``: the visible projects linked to the investor; ``all_projects``: every visible one."""
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.all_projects = all_projects
        self.order_fields(["kind", "occurred_on", "project", "project_code"])

    def clean_project_code(self) -> str:
        return self.cleaned_data["project_code"].strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        code = data.get("project_code")
        if code:
            project = self.all_projects.filter(code__iexact=code).first()
            if project is None:
                self.add_error("project_code", _("No project you can see has this ledger number."))
            elif data.get("project") and data["project"] != project:
                self.add_error("project_code", _("Choose one project, not two."))
            else:
                data["project"] = project
        due, on = data.get("next_step_due"), data.get("occurred_on")
        if due and on and due < on:
            self.add_error("next_step_due", _("The next step cannot be due before the interaction."))
        if due and not data.get("next_step"):
            self.add_error("next_step", _("Say what the next step is."))
        return data

    def record_kwargs(self) -> dict[str, Any]:
        """Everything ``record_interaction`` takes from this form."""
        return {name: self.cleaned_data[name] for name in INTERACTION_FIELDS}
