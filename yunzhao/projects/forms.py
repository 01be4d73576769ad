"""Forms of the project pages: create / edit, stage change, capital in place, scheduling update."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunzhao.core.choices import Currency
from yunzhao.core.forms import AmountField, DateInput
from yunzhao.crm.models import Investor
from yunzhao.orgs.choices import Role, UnitKind
from yunzhao.orgs.models import Unit, User

from .actions import EDITABLE_FIELDS
from .choices import CapitalSource, Stage
from .models import Project
from .rates import rate_for


def _with_current(queryset: QuerySet, pk: int | None) -> QuerySet:
    """The choices, plus the value already recorded, so that saving an unchanged form never fails."""
    if pk is None:
        return queryset
    return queryset.model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk=pk))


def district_choices(user: User) -> QuerySet:
    """Districts a user may place projects in: their own, their zone's, or all for city staff."""
    if user.role == Role.DISTRICT_STAFF:
        return Unit.objects.districts().filter(pk=user.unit_id)
    if user.role == Role.ZONE_STAFF:
        return Unit.objects.districts().filter(zones=user.unit_id)
    return Unit.objects.districts()


def zone_choices(user: User) -> QuerySet:
    """Zones a user may place projects in: their own, those over their district, or all for city staff."""
    if user.role == Role.ZONE_STAFF:
        return Unit.objects.zones().filter(pk=user.unit_id)
    if user.role == Role.DISTRICT_STAFF:
        return Unit.objects.zones().filter(districts=user.unit_id)
    return Unit.objects.zones()


class OfficerChoiceField(forms.ModelChoiceField):
    """A responsible officer, shown with their unit."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj} · {obj.unit}" if obj.unit_id else str(obj)


class ProjectForm(forms.ModelForm):
    """Create or edit a project; the choices offered follow what the user may see and change."""

    total_investment = AmountField(
        label=_("Total investment (万元)"),
        required=False,
        help_text=_("Type 1.5亿, 15000万 or a number in 万. For US dollars, the amount in dollars (万美元)."),
    )
    anchor = forms.ModelChoiceField(
        label=_("Anchor project"),
        queryset=Project.objects.none(),
        required=False,
        to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "XM2024-000123", "autocomplete": "off"}),
        help_text=_("Ledger number of the chain anchor project that attracted this one."),
        error_messages={"invalid_choice": _("No project you can see has this ledger number.")},
    )
    officer = OfficerChoiceField(label=_("Responsible officer"), queryset=User.objects.none(), required=False)
    note = forms.CharField(
        label=_("Note for the timeline"),
        required=False,
        max_length=500,
        help_text=_("Why the project is changed; kept with the change on the timeline."),
    )

    class Meta:
        model = Project
        fields = [*EDITABLE_FIELDS, "investors"]
        widgets = {
            "phases": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "investors": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        project = self.instance
        editing = project.pk is not None
        fields = self.fields

        fields["district"].queryset = _with_current(district_choices(user), project.district_id)
        fields["zone"].queryset = _with_current(zone_choices(user), project.zone_id)
        if user.role == Role.ZONE_STAFF:
            fields["zone"].required = True
            fields["zone"].empty_label = None
        if user.role == Role.DISTRICT_STAFF:
            fields["district"].empty_label = None
        if not editing and user.unit_id and user.unit.kind in (UnitKind.DISTRICT, UnitKind.ZONE):
            fields["district" if user.unit.kind == UnitKind.DISTRICT else "zone"].initial = user.unit_id

        fields["investors"].queryset = Investor.objects.visible_to(user).order_by("name_zh")
        fields["investors"].required = False

        if editing:
            units = [pk for pk in (project.district_id, project.zone_id) if pk]
        else:
            units = list(district_choices(user).values_list("pk", flat=True)) + list(
                zone_choices(user).values_list("pk", flat=True)
            )
        officers = User.objects.filter(is_active=True, unit__in=units)
        fields["officer"].queryset = (
            _with_current(officers, project.officer_id)
            .select_related("unit")
            .order_by("unit__order", "display_name", "username")
        )

        visible = Project.objects.visible_to(user)
        if editing:
            visible = visible.exclude(pk=project.pk)
            if project.anchor_id:
                self.initial["anchor"] = project.anchor.code
        fields["anchor"].queryset = _with_current(visible, project.anchor_id)

        fields["exchange_rate"].required = False
        fields["exchange_rate"].help_text = _(
            "Yuan per US dollar; left empty, the rate recorded for this month."
        )
        if not editing:
            fields["exchange_rate"].initial = None

    def clean(self) -> dict:
        data = super().clean()
        if data.get("total_investment") is None and "total_investment" not in self.errors:
            data["total_investment"] = Decimal(0)
        currency = data.get("currency")
        rate = data.get("exchange_rate")
        if currency == Currency.CNY:
            data["exchange_rate"] = Decimal(1)
        elif currency and (not rate or rate == Decimal(1)) and "exchange_rate" not in self.errors:
            try:
                data["exchange_rate"] = rate_for(currency, timezone.localdate())
            except ValidationError as exc:
                self.add_error("exchange_rate", exc)
        officer = data.get("officer")
        if officer and officer.pk != self.instance.officer_id:
            district, zone = data.get("district"), data.get("zone")
            if officer.unit_id not in {getattr(district, "pk", None), getattr(zone, "pk", None)} - {None}:
                self.add_error("officer", _("The officer must belong to the project's district or zone."))
        return data

    def action_fields(self) -> dict:
        """The cleaned values the create and update actions take."""
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class StageForm(forms.Form):
    """Move a project to another stage."""

    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=_("Required when the project is paused or lost."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when moving a project back to an earlier stage."),
    )
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DateInput,
        help_text=_("When it happened; today if left empty."),
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "---------")] + [
            (value, label) for value, label in Stage.choices if value != project.stage
        ]


class CapitalForm(forms.Form):
    """Record money that actually arrived (到位资金)."""

    received_on = forms.DateField(label=_("Date received"), widget=DateInput)
    amount = AmountField(
        label=_("Amount (万元)"),
        help_text=_("Type 1.5亿, 15000万 or a number in 万. For US dollars, the amount in dollars (万美元)."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.CNY)
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("As the project (foreign for dollars)"))] + list(CapitalSource.choices),
    )
    exchange_rate = forms.DecimalField(
        label=_("Exchange rate used"),
        required=False,
        max_digits=12,
        decimal_places=6,
        min_value=Decimal("0.000001"),
        help_text=_("Yuan per US dollar; left empty, the rate recorded for that month."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class SchedulingUpdateForm(forms.Form):
    """A key project's progress report for the current scheduling (调度) period."""

    progress = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    help_needed = forms.CharField(
        label=_("Help needed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LedgerFilterForm(forms.Form):
    """The ledger's filter form, dressed for the page (date pickers, a compact stage list)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
        if "stage" in self.fields:
            self.fields["stage"].widget.attrs["size"] = 4
        for field in self.fields.values():
            if isinstance(field, forms.NullBooleanField):
                field.widget = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])


def narrow_filter_units(form: forms.Form, user: User) -> None:
    """Offer only the districts and zones whose projects the user can see in the filter form."""
    if user.is_citywide:
        return
    if "district" in form.fields:
        form.fields["district"].queryset = district_choices(user)
    if "zone" in form.fields:
        form.fields["zone"].queryset = zone_choices(user)
