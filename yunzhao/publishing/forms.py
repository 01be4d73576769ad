"""Staff forms for published content: the text in both languages, and what a new item hangs on."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yunzhao.campaigns.models import Event
from yunzhao.core.forms import DateInput
from yunzhao.orgs.choices import UnitKind
from yunzhao.orgs.models import Unit
from yunzhao.projects.models import Project

from .models import CityFigure, EventPage, NewsArticle, Opportunity, Policy, Video, VideoSeries, ZoneProfile

LONG = {"rows": 12}
SHORT = {"rows": 3}


class ContentForm(forms.ModelForm):
    """The editable text of an item; subclasses add what a new item needs (``creation_fields``)."""

    creation_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, user, creating: bool = False, **kwargs: Any):
        self.user = user
        self.creating = creating
        super().__init__(*args, **kwargs)
        if not creating:
            for name in self.creation_fields:
                self.fields.pop(name, None)

    def changes(self) -> dict[str, Any]:
        """The content fields' cleaned values, for ``edit_item``."""
        return {name: self.cleaned_data[name] for name in self._meta.model.content_fields if name in self.cleaned_data}

    def creation_kwargs(self) -> dict[str, Any]:
        """What the create action needs besides the text."""
        return {}

    def _post_clean(self) -> None:
        # Validation is the action's job (it validates the draft with its pending edits); the form
        # only parses. Model-level errors come back through ``add_action_errors``.
        pass


class OwnedContentForm(ContentForm):
    """Content that a unit owns: the city bureau chooses the unit, others write for their own."""

    creation_fields = ("owner_unit",)
    owner_unit = forms.ModelChoiceField(label=_("Owning unit"), queryset=Unit.objects.none(), required=False,
                                        help_text=_("Interest registered on this page goes to this unit."))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "owner_unit" in self.fields:
            if self.user.is_citywide:
                self.fields["owner_unit"].queryset = Unit.objects.filter(is_active=True).exclude(
                    kind=UnitKind.MEDIA)
                self.fields["owner_unit"].initial = self.user.unit_id
            else:
                del self.fields["owner_unit"]

    def creation_kwargs(self) -> dict[str, Any]:
        return {"owner_unit": self.cleaned_data.get("owner_unit")}


class ZoneProfileForm(ContentForm):
    creation_fields = ("unit",)
    unit = forms.ModelChoiceField(label=_("Zone"), queryset=Unit.objects.none())

    class Meta:
        model = ZoneProfile
        fields = ZoneProfile.content_fields
        widgets = {"summary_zh": forms.Textarea(attrs=LONG), "summary_en": forms.Textarea(attrs=LONG),
                   "industries_zh": forms.Textarea(attrs=SHORT), "industries_en": forms.Textarea(attrs=SHORT),
                   "figures_zh": forms.Textarea(attrs=SHORT), "figures_en": forms.Textarea(attrs=SHORT),
                   "figures_as_of": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            zones = Unit.objects.zones().filter(profile__isnull=True)
            if not self.user.is_citywide:
                zones = zones.filter(pk=self.user.unit_id)
            self.fields["unit"].queryset = zones

    def creation_kwargs(self) -> dict[str, Any]:
        return {"unit": self.cleaned_data["unit"]}


class PolicyForm(OwnedContentForm):
    class Meta:
        model = Policy
        fields = Policy.content_fields
        widgets = {"summary_zh": forms.Textarea(attrs=SHORT), "summary_en": forms.Textarea(attrs=SHORT),
                   "body_zh": forms.Textarea(attrs=LONG), "body_en": forms.Textarea(attrs=LONG),
                   "issued_on": DateInput()}


class NewsArticleForm(OwnedContentForm):
    class Meta:
        model = NewsArticle
        fields = NewsArticle.content_fields
        widgets = {"summary_zh": forms.Textarea(attrs=SHORT), "summary_en": forms.Textarea(attrs=SHORT),
                   "body_zh": forms.Textarea(attrs=LONG), "body_en": forms.Textarea(attrs=LONG)}


class OpportunityForm(ContentForm):
    creation_fields = ("project_code",)
    project_code = forms.CharField(label=_("Ledger number of the project"), max_length=32,
                                   help_text=_("The project stays in the ledger; only the text below is public."))

    class Meta:
        model = Opportunity
        fields = Opportunity.content_fields
        widgets = {"teaser_zh": forms.Textarea(attrs=LONG), "teaser_en": forms.Textarea(attrs=LONG)}

    def clean_project_code(self) -> Project:
        code = self.cleaned_data["project_code"].strip()
        project = Project.objects.writable_by(self.user).filter(code__iexact=code).first()
        if project is None:
            raise ValidationError(_("No project with this ledger number that you may change."))
        return project

    def creation_kwargs(self) -> dict[str, Any]:
        return {"project": self.cleaned_data["project_code"]}


class VideoSeriesForm(OwnedContentForm):
    class Meta:
        model = VideoSeries
        fields = VideoSeries.content_fields
        widgets = {"description_zh": forms.Textarea(attrs=SHORT), "description_en": forms.Textarea(attrs=SHORT)}


class VideoForm(OwnedContentForm):
    class Meta:
        model = Video
        fields = Video.content_fields
        widgets = {"description_zh": forms.Textarea(attrs=SHORT), "description_en": forms.Textarea(attrs=SHORT)}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = VideoSeries.objects.order_by("order", "pk")


class EventPageForm(ContentForm):
    creation_fields = ("event",)
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.none())

    class Meta:
        model = EventPage
        fields = EventPage.content_fields
        widgets = {"intro_zh": forms.Textarea(attrs=LONG), "intro_en": forms.Textarea(attrs=LONG)}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if "event" in self.fields:
            events = Event.objects.filter(page__isnull=True).order_by("-starts_at")
            if not self.user.is_citywide:
                events = events.filter(owner_unit_id=self.user.unit_id)
            self.fields["event"].queryset = events

    def creation_kwargs(self) -> dict[str, Any]:
        return {"event": self.cleaned_data["event"]}


class CityFigureForm(ContentForm):
    class Meta:
        model = CityFigure
        fields = CityFigure.content_fields
        widgets = {"as_of": DateInput()}
