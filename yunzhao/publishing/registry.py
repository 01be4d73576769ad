"""The kinds of published content: their model, form, names, and how a new one is created."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import actions, forms
from .models import (
    CityFigure,
    Content,
    EventPage,
    NewsArticle,
    Opportunity,
    Policy,
    Video,
    VideoSeries,
    ZoneProfile,
)


@dataclass(frozen=True)
class ContentKind:
    """One kind of content as the staff pages handle it."""

    slug: str
    model: type[Content]
    form: type[forms.ContentForm]
    plural: Promise
    create: Callable[..., Content]
    # The portal page of a published item: URL name and a function giving its arguments.
    portal_url: str = ""
    portal_args: Callable[[Any], dict[str, Any]] = lambda item: {"pk": item.pk}
    related: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name

    def queryset(self) -> QuerySet:
        return self.model.objects.select_related("owner_unit", *self.related)


def _create_owned(model):
    def create(*, actor, owner_unit=None, **fields):
        return actions.create_item(model, actor=actor, owner_unit=owner_unit, **fields)
    return create


def _create_zone(*, actor, unit, **fields):
    return actions.create_zone_profile(unit, actor=actor, **fields)


def _create_opportunity(*, actor, project, **fields):
    return actions.open_opportunity(project, actor=actor, **fields)


def _create_event_page(*, actor, event, **fields):
    return actions.create_event_page(event, actor=actor, **fields)


def _create_figure(*, actor, **fields):
    return actions.create_item(CityFigure, actor=actor, **fields)


KINDS: dict[str, ContentKind] = {kind.slug: kind for kind in [
    ContentKind("zones", ZoneProfile, forms.ZoneProfileForm, _("Zone profiles"), _create_zone,
                "portal:zone", lambda item: {"code": item.unit.code}, related=("unit",)),
    ContentKind("policies", Policy, forms.PolicyForm, _("Policies"), _create_owned(Policy), "portal:policy"),
    ContentKind("opportunities", Opportunity, forms.OpportunityForm, _("Opportunities"), _create_opportunity,
                "portal:opportunity", related=("project",)),
    ContentKind("events", EventPage, forms.EventPageForm, _("Event pages"), _create_event_page,
                "portal:event", related=("event",)),
    ContentKind("news", NewsArticle, forms.NewsArticleForm, _("News"), _create_owned(NewsArticle), "portal:news"),
    ContentKind("series", VideoSeries, forms.VideoSeriesForm, _("Video series"), _create_owned(VideoSeries),
                "portal:videos", lambda item: {}),
    ContentKind("videos", Video, forms.VideoForm, _("Videos"), _create_owned(Video), "portal:videos",
                lambda item: {}, related=("series",)),
    ContentKind("figures", CityFigure, forms.CityFigureForm, _("City at a glance"), _create_figure,
                "portal:home", lambda item: {}),
]}


def get_kind(slug: str) -> ContentKind:
    """The kind named in a URL, or 404."""
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


def kind_of(item: Content) -> ContentKind:
    """The kind of a content item."""
    return next(kind for kind in KINDS.values() if isinstance(item, kind.model))
