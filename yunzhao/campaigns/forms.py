"""Forms of the campaign pages. Every form only parses; the writes go through ``actions``."""

from decimal import Decimal

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yunzhao.core.choices import Currency
from yunzhao.core.forms import AmountField, DateInput
from yunzhao.crm.choices import InvestorKind
from yunzhao.crm.models import Investor
from yunzhao.orgs.choices import Role, UnitKind
from yunzhao.orgs.models import Unit, User
from yunzhao.projects.models import Project
from yunzhao.reach.models import Channel

from .actions import can_run_campaigns
from .choices import EventLevel, GuestType, SigningMode
from .models import AgendaItem, Campaign, Event, EventMaterial, EventStream
from .validators import validate_agreement

AGREEMENT_ACCEPT = ".pdf,.docx,.jpg,.jpeg,.png"


class DateTimeInput(forms.DateTimeInput):
    """A date-and-time input that the browser shows as a picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    """A time-of-day input that the browser shows as a picker."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def _with_current(queryset: QuerySet, pk: int | None) -> QuerySet:
    """The choices, plus the value already recorded, so that saving an unchanged form never fails."""
    if pk is None:
        return queryset
    return queryset.model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk=pk))


class UnitChoiceField(forms.ModelChoiceField):
    """A unit, shown by its name in the reader's language."""

    def label_from_instance(self, obj: Unit) -> str:
        return obj.display_name


class CampaignForm(forms.ModelForm):
    """Create or edit a campaign (the city bureau and the media group)."""

    class Meta:
        model = Campaign
        fields = [
            "name_zh",
            "name_en",
            "theme_zh",
            "theme_en",
            "organisers",
            "starts_on",
            "ends_on",
            "special_events_planned",
            "description_zh",
            "description_en",
        ]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "organisers": forms.CheckboxSelectMultiple,
            "description_zh": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "special_events_planned": _("The “N” of “1+12+N”: special events in zones and on apps."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisers = self.fields["organisers"]
        organisers.queryset = Unit.objects.filter(
            Q(kind__in=[UnitKind.CITY, UnitKind.MEDIA], is_active=True)
            | Q(pk__in=self.instance.organisers.values("pk") if self.instance.pk else [])
        ).order_by("kind", "order")
        organisers.label_from_instance = lambda unit: unit.display_name
        if self.instance.pk is None:
            organisers.initial = list(organisers.queryset.values_list("pk", flat=True))

    def action_fields(self) -> dict:
        """The cleaned values the create and update actions take (organisers apart)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "organisers"}


def owner_unit_choices(user: User) -> QuerySet:
    """Units a user may hold events for: their own, or any for the city bureau and the media group."""
    if can_run_campaigns(user):
        return Unit.objects.filter(is_active=True).order_by("kind", "order", "code")
    if user.role in (Role.DISTRICT_STAFF, Role.ZONE_STAFF) and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


EVENT_FIELDS = [
    "campaign",
    "title_zh",
    "title_en",
    "level",
    "owner_unit",
    "starts_at",
    "ends_at",
    "mode",
    "venue",
    "city",
    "status",
    "summary_zh",
    "summary_en",
]


class EventForm(forms.ModelForm):
    """Create or edit an event; district and zone staff hold events of their own unit only."""

    owner_unit = UnitChoiceField(label=_("Owning unit"), queryset=Unit.objects.none())

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        widgets = {
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
            "summary_zh": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        units = self.fields["owner_unit"]
        units.queryset = _with_current(owner_unit_choices(user), event.owner_unit_id).order_by(
            "kind", "order"
        )
        if units.queryset.count() == 1:
            units.empty_label = None
        if not can_run_campaigns(user):
            # The city-level comprehensive event is the bureau's.
            self.fields["level"].choices = [
                (value, label)
                for value, label in self.fields["level"].choices
                if value != EventLevel.CITY or value == event.level
            ]
        self.fields["campaign"].queryset = _with_current(Campaign.objects.visible_to(user), event.campaign_id)
        self.fields["campaign"].required = False
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def action_fields(self) -> dict:
        """The cleaned values the create and update actions take."""
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}


class AgendaItemForm(forms.ModelForm):
    """One speaker of the agenda."""

    class Meta:
        model = AgendaItem
        fields = ["order", "starts_at", "speaker", "speaker_title", "organisation", "topic"]
        widgets = {"starts_at": TimeInput}


def _link_field(*, required: bool) -> forms.URLField:
    return forms.URLField(
        label=_("Link"),
        required=required,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )


class StreamForm(forms.ModelForm):
    """A livestream or replay link on a platform from the channel registry."""

    channel = forms.ModelChoiceField(label=_("Platform"), queryset=Channel.objects.none())
    url = _link_field(required=True)

    class Meta:
        model = EventStream
        fields = ["channel", "kind", "url"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        channel = self.fields["channel"]
        channel.queryset = (
            Channel.objects.visible_to(user).filter(is_active=True).order_by("level", "name_zh")
        )
        channel.label_from_instance = lambda c: f"{c.display_name} · {c.get_level_display()}"


class MaterialForm(forms.ModelForm):
    """A policy, video or document published at the event."""

    url = _link_field(required=False)

    class Meta:
        model = EventMaterial
        fields = ["kind", "title_zh", "title_en", "url"]


# What an investor's kind suggests as their guest type, when staff leave it to the system.
GUEST_TYPE_FOR_KIND = {
    InvestorKind.MULTINATIONAL: GuestType.MULTINATIONAL,
    InvestorKind.FOREIGN_FUNDED: GuestType.MULTINATIONAL,
    InvestorKind.FINANCIAL: GuestType.FINANCIAL,
    InvestorKind.ASSOCIATION: GuestType.ASSOCIATION,
    InvestorKind.DOMESTIC: GuestType.ENTERPRISE,
    InvestorKind.SOE: GuestType.ENTERPRISE,
    InvestorKind.PRIVATE: GuestType.ENTERPRISE,
}


class InvestorChoiceField(forms.ModelChoiceField):
    """An investor, shown by name."""

    def label_from_instance(self, obj: Investor) -> str:
        return obj.display_name


class GuestForm(forms.Form):
    """Invite an investor, or record that they registered."""

    investor = InvestorChoiceField(label=_("Investor"), queryset=Investor.objects.none())
    guest_type = forms.ChoiceField(
        label=_("Guest type"),
        required=False,
        choices=[("", _("From the investor’s kind"))] + list(GuestType.choices),
    )
    registered = forms.BooleanField(label=_("Already registered"), required=False)

    def __init__(self, *args, user: User, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = (
            Investor.objects.visible_to(user).exclude(event_guests__event=event).order_by("name_zh")
        )

    def clean(self) -> dict:
        data = super().clean()
        investor = data.get("investor")
        if investor is not None and not data.get("guest_type"):
            data["guest_type"] = GUEST_TYPE_FOR_KIND.get(investor.kind, GuestType.OTHER)
        return data


class ProjectChoiceField(forms.ModelChoiceField):
    """A project, shown with its ledger number."""

    def label_from_instance(self, obj: Project) -> str:
        return f"{obj.code} · {obj.name_zh}"


class SigningForm(forms.Form):
    """A project signed at the event: parties, amount, how, and the agreement."""

    project = ProjectChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        help_text=_("Projects you may change that are not yet recorded as signed at this event."),
    )
    parties = forms.CharField(
        label=_("Signing parties"),
        max_length=500,
        help_text=_("For example: the district government; the investor’s company."),
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)
    amount = AmountField(
        label=_("Amount signed (万元)"),
        help_text=_("Type 1.5亿, 15000万 or a number in 万. For US dollars, the amount in dollars (万美元)."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.CNY)
    exchange_rate = forms.DecimalField(
        label=_("Exchange rate used"),
        required=False,
        max_digits=12,
        decimal_places=6,
        min_value=Decimal("0.000001"),
        help_text=_("Yuan per unit; left empty, the rate recorded for the signing month."),
    )
    mode = forms.ChoiceField(
        label=_("How it was signed"), choices=SigningMode.choices, initial=SigningMode.ONLINE
    )
    agreement = forms.FileField(
        label=_("Agreement"),
        required=False,
        widget=forms.FileInput(attrs={"accept": AGREEMENT_ACCEPT}),
        help_text=_(
            "PDF, Word (.docx), JPEG or PNG, up to 20 MB. Kept privately, shown only to staff who see "
            "the project."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, user: User, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            Project.objects.writable_by(user).exclude(signings__event=event).order_by("-created_at")
        )
        event_day = timezone.localtime(event.starts_at).date()
        self.fields["signed_on"].initial = min(event_day, timezone.localdate())

    def clean_agreement(self):
        upload = self.cleaned_data.get("agreement")
        if upload:
            validate_agreement(upload)
        return upload

    def action_fields(self) -> dict:
        """The cleaned values ``record_signing`` takes."""
        data = self.cleaned_data
        return {
            "parties": data["parties"],
            "signed_on": data["signed_on"],
            "amount": data["amount"],
            "currency": data["currency"],
            "exchange_rate": data["exchange_rate"],
            "mode": data["mode"],
            "agreement": data["agreement"] or None,
            "note": data["note"],
        }


class SigningFilterForm(forms.Form):
    """Filters of the signings page."""

    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels"))] + list(EventLevel.choices)
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), required=False, queryset=Campaign.objects.none(), empty_label=_("All campaigns")
    )
    district = UnitChoiceField(
        label=_("District / county"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("All districts"),
    )
    date_from = forms.DateField(label=_("Signed from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Signed until"), required=False, widget=DateInput)
    credited_only = forms.BooleanField(label=_("Credited only"), required=False)
    event = forms.ModelChoiceField(
        label=_("Event"), required=False, queryset=Event.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.visible_to(user)
        self.fields["event"].queryset = Event.objects.visible_to(user)
        districts = Unit.objects.districts().order_by("order", "code")
        if user.role == Role.DISTRICT_STAFF:
            districts = districts.filter(pk=user.unit_id)
        elif user.role == Role.ZONE_STAFF:
            districts = districts.filter(zones=user.unit_id)
        self.fields["district"].queryset = districts

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        """The cleaned filters, for ``selectors.filter_signings``; none when the form is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "level": data["level"],
            "campaign": data["campaign"],
            "district": data["district"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "credited_only": data["credited_only"],
            "event": data["event"],
        }
