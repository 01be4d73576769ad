"""What the reach pages share: the subject of a page (an event or a campaign) and the "as of" moment."""

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yunzhao.campaigns.models import Campaign, Event

from ..forms import AsOfForm
from ..models import Publication
from ..querysets import can_record_reach
from ..selectors import Scope

SubjectKind = Literal["event", "campaign"]


@dataclass(frozen=True)
class Subject:
    """The event or campaign a reach page is about."""

    kind: SubjectKind
    obj: Event | Campaign

    @property
    def pk(self) -> int:
        return self.obj.pk

    def scope(self) -> Scope:
        """The scope of the figures (a campaign's include its events')."""
        return Scope.of(**{self.kind: self.obj})

    def publications(self) -> QuerySet:
        """Every publication behind the figures, as a queryset."""
        return self.scope().publications()

    def own_publications(self) -> QuerySet:
        """The publications recorded on this page (a campaign's own, not its events')."""
        return Publication.objects.filter(**{self.kind: self.obj})

    def url(self, suffix: str = "", **query: str) -> str:
        name = f"reach:{self.kind}{'-' + suffix if suffix else ''}"
        url = reverse(name, args=[self.pk])
        if query:
            url += "?" + urlencode({k: v for k, v in query.items() if v})
        return url

    def can_record(self, user) -> bool:
        return can_record_reach(user, **{self.kind: self.obj})


def get_subject(kind: SubjectKind, pk: int, user) -> Subject:
    """The event or campaign ``pk`` if ``user`` may see it, else 404."""
    model = Event if kind == "event" else Campaign
    related = ("campaign", "owner_unit") if kind == "event" else ()
    obj = model.objects.visible_to(user).select_related(*related).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return Subject(kind, obj)


def as_of_from(request: HttpRequest) -> tuple[AsOfForm, dt.datetime]:
    """The "as of" picker and its moment (now, to the minute, when none or a bad one is given)."""
    form = AsOfForm(request.GET or None)
    moment = form.moment()
    if not request.GET.get("as_of"):
        form = AsOfForm(initial={"as_of": moment})
    return form, moment


def as_of_param(moment: dt.datetime) -> str:
    """The moment as the picker writes it in a URL."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def url_or_none(name: str, *args) -> str | None:
    """The URL of a page another part of the site provides, if it is there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
