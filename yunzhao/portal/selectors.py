"""What the public site reads: published content only, a fixed number of queries per page.

Nothing here touches investors, contacts, leads or ledger figures: an opportunity is shown by its
public teaser, never by its project's amounts or investors.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from yunzhao.campaigns.choices import EventStatus, StreamKind
from yunzhao.campaigns.models import AgendaItem, EventStream
from yunzhao.publishing import search
from yunzhao.publishing.models import (
    CityFigure,
    EventPage,
    NewsArticle,
    Opportunity,
    Policy,
    Video,
    VideoSeries,
    ZoneProfile,
)

from .embed import can_embed

PER_PAGE = 20
SEARCH_SHOWN = 20
# An event with no end time counts as live for this long after it starts.
LIVE_WINDOW = dt.timedelta(hours=4)
# List pages never load the long texts.
POLICY_LIST_DEFER = ("body_zh", "body_en", "search_text", "pending", "attachment_url", "created_by", "published_by")
NEWS_LIST_DEFER = ("body_zh", "body_en", "search_text", "pending", "source_url", "created_by", "published_by")


def city_figures() -> list[CityFigure]:
    return list(CityFigure.objects.live().order_by("order", "pk"))


def zones(*, featured: bool = False) -> list[ZoneProfile]:
    qs = ZoneProfile.objects.live().filter(unit__is_active=True).select_related("unit").defer("pending")
    if featured:
        qs = qs.filter(featured=True)
    return list(qs.order_by("unit__order", "pk"))


def zone(code: str) -> ZoneProfile:
    found = ZoneProfile.objects.live().select_related("unit").filter(unit__code=code, unit__is_active=True).first()
    if found is None:
        raise Http404
    return found


def policy_list(*, query: str = "", tag: str = "", page: str | None = None) -> tuple[Page, list[str]]:
    """A page of published policies, newest first, matching the query words and the tag."""
    qs = Policy.objects.live().defer(*POLICY_LIST_DEFER).order_by("-issued_on", "-pk")
    words = search.query_words(query)
    if query:
        qs = search.matching(qs, words)
    if tag:
        qs = qs.filter(Q(tags_zh__icontains=tag) | Q(tags_en__icontains=tag))
    return Paginator(qs, PER_PAGE).get_page(page), words


def policy(pk: int) -> Policy:
    found = Policy.objects.live().select_related("owner_unit").defer("search_text").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def news_list(*, query: str = "", page: str | None = None) -> tuple[Page, list[str]]:
    qs = NewsArticle.objects.live().defer(*NEWS_LIST_DEFER).order_by("-first_published_at", "-pk")
    words = search.query_words(query)
    if query:
        qs = search.matching(qs, words)
    return Paginator(qs, PER_PAGE).get_page(page), words


def latest_news(n: int = 4) -> list[NewsArticle]:
    return list(NewsArticle.objects.live().defer(*NEWS_LIST_DEFER).order_by("-first_published_at", "-pk")[:n])


def news(pk: int) -> NewsArticle:
    found = NewsArticle.objects.live().defer("search_text").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass
class SearchResults:
    """Policies and news matching a query: the first ones of each, and whether there are more."""

    words: list[str]
    policies: list[Policy]
    news: list[NewsArticle]
    more_policies: bool
    more_news: bool


def search_all(query: str) -> SearchResults:
    """Policies and news matching every word of the query: two queries, whatever the number of items."""
    words = search.query_words(query)
    policies = list(search.matching(Policy.objects.live().defer(*POLICY_LIST_DEFER), words)
                    .order_by("-issued_on", "-pk")[:SEARCH_SHOWN + 1])
    found_news = list(search.matching(NewsArticle.objects.live().defer(*NEWS_LIST_DEFER), words)
                      .order_by("-first_published_at", "-pk")[:SEARCH_SHOWN + 1])
    return SearchResults(words, policies[:SEARCH_SHOWN], found_news[:SEARCH_SHOWN],
                         len(policies) > SEARCH_SHOWN, len(found_news) > SEARCH_SHOWN)


def opportunities(n: int | None = None) -> list[Opportunity]:
    qs = Opportunity.objects.live().select_related("owner_unit").defer("pending").order_by(
        "-first_published_at", "-pk")
    return list(qs[:n] if n else qs)


def opportunity(pk: int) -> Opportunity:
    found = Opportunity.objects.live().select_related("owner_unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# --- events ----------------------------------------------------------------------------------------

def _event_pages(*, streams: bool = True) -> QuerySet:
    pages = (EventPage.objects.live().select_related("event", "owner_unit").defer("pending")
             .exclude(event__status=EventStatus.CANCELLED))
    if streams:
        links = EventStream.objects.select_related("channel").order_by("kind", "channel__level", "pk")
        pages = pages.prefetch_related(Prefetch("event__streams", queryset=links))
    return pages


def _live_condition(now: dt.datetime) -> Q:
    return Q(event__starts_at__lte=now) & (
        Q(event__ends_at__gte=now) | Q(event__ends_at__isnull=True, event__starts_at__gte=now - LIVE_WINDOW))


@dataclass
class EventLists:
    """Published events split by time: on now, still to come, and held (with replays)."""

    live: list[EventPage]
    upcoming: list[EventPage]
    past: list[EventPage]


def event_lists(*, upcoming: int | None = None, past: int | None = 30, with_past: bool = True,
                streams: bool = True) -> EventLists:
    """Published events on now, to come (the first ``upcoming``) and held (the last ``past``)."""
    now = timezone.now()
    pages = _event_pages(streams=streams)
    live = list(pages.filter(_live_condition(now)).order_by("event__starts_at"))
    coming = pages.filter(event__starts_at__gt=now).order_by("event__starts_at")
    held = []
    if with_past:
        held = list(pages.filter(event__starts_at__lte=now).exclude(_live_condition(now))
                    .order_by("-event__starts_at")[:past])
    return EventLists(live, list(coming[:upcoming] if upcoming else coming), held)


def event_page(event_id: int) -> EventPage:
    found = (_event_pages().filter(event_id=event_id)
             .prefetch_related(Prefetch("event__agenda", queryset=AgendaItem.objects.order_by("order", "starts_at",
                                                                                              "pk"))).first())
    if found is None:
        raise Http404
    return found


def is_live(page: EventPage, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    event = page.event
    if event.starts_at > now:
        return False
    return event.ends_at >= now if event.ends_at else event.starts_at >= now - LIVE_WINDOW


@dataclass
class Player:
    """A way to watch an event on one platform: embedded when the site allows the host, else a link."""

    stream: EventStream
    embed: bool


def players(page: EventPage) -> tuple[list[Player], list[Player]]:
    """The event's livestream and replay links, each marked embeddable or not."""
    live, replay = [], []
    for stream in page.event.streams.all():
        player = Player(stream, can_embed(stream.url))
        (live if stream.kind == StreamKind.LIVE else replay).append(player)
    return live, replay


# --- videos ----------------------------------------------------------------------------------------

def video_library() -> list[VideoSeries]:
    """Published series, each with its published videos; series without any are left out."""
    videos = Video.objects.live().defer("pending").order_by("order", "pk")
    series = (VideoSeries.objects.live().defer("pending").order_by("order", "pk")
              .prefetch_related(Prefetch("videos", queryset=videos, to_attr="live_videos")))
    return [s for s in series if s.live_videos]


def decorate_videos(library: list[VideoSeries]) -> None:
    """Mark each video embeddable or not (the player host must be allowed by the CSP)."""
    for series in library:
        for video in series.live_videos:
            video.embeddable = bool(video.embed_url) and can_embed(video.embed_url)
