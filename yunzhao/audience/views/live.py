"""Staff pages of the live audience: the events to watch, an event's or a campaign's live page, and the
figures behind them as JSON and as a stream of Server-Sent Events.

Every view fetches the event or campaign through the access rule first: one the user may not see is a
404. The JSON of the figures also answers a page's polls on a live pass (``passes.py``), without
the session. The figures come from ``recent_live_figures`` (Redis counters or the minute roll-ups), never
from the raw beacons.
"""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from yunzhao.campaigns.models import Campaign, Event
from yunzhao.campaigns.selectors import get_campaign_for_user, get_event_for_user

from .. import passes, selectors
from ..conf import config
from ..stream import event_stream as sse

# How often pages that cannot keep a stream open (the big screen) fetch the JSON again.
POLL_SECONDS = 2


def polled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view that pages call every second or two: it leaves the session row as it is.

    The site saves the session on every request, to extend idle sessions; for a poll that would be a
    database write every two seconds per open screen, contending with the beacons' own writes (on
    SQLite it cut this endpoint's throughput ninefold). The pages' other requests keep the session
    alive: the live page's stream reconnects every minute, the big screen refreshes every minute.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        session = getattr(request, "session", None)
        if session is not None and not session.modified:
            # The session middleware calls save() after the view; a poll changes nothing to save.
            session.save = _unchanged
        return response

    return wrapper


def _unchanged(must_create: bool = False) -> None:
    """Stands in for ``session.save`` after a poll."""


# The JSON of the figures each scope last had: every poll within the same second sends the same bytes.
_encoded: dict[tuple[str, int], tuple[dict, bytes]] = {}


def _figures_json(figures: dict) -> HttpResponse:
    key = (figures["scope"], figures["id"])
    last = _encoded.get(key)
    if last is not None and last[0] is figures:
        body = last[1]
    else:
        body = json.dumps({**figures, "refresh_seconds": POLL_SECONDS}, cls=DjangoJSONEncoder,
                          ensure_ascii=False).encode()
        if len(_encoded) >= 512:
            _encoded.clear()
        _encoded[key] = (figures, body)
    return HttpResponse(body, content_type="application/json")


def _ensure_visible(model: type[Event] | type[Campaign], pk: int, user) -> None:
    """404 unless the user may see the event or campaign (one small query)."""
    if not model.objects.visible_to(user).filter(pk=pk).exists():
        raise Http404


def _stream(request: HttpRequest, **scope: int) -> StreamingHttpResponse:
    language = translation.get_language()

    def read() -> dict:
        with translation.override(language):
            return selectors.recent_live_figures(**scope)

    return sse(request, read)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Events on now, coming up and recently held, each with its live page and share links."""
    groups = selectors.events_to_watch(request.user)
    return render(request, "audience/index.html", {"groups": groups})


@require_GET
def event_live(request: HttpRequest, event_id: int) -> HttpResponse:
    """An event's live page: views, viewers, plays, the top channels and the last minutes, kept up to date."""
    event = get_event_for_user(event_id, request.user)
    return _live_page(request, event, scope="event", figures=selectors.recent_live_figures(event_id=event.pk), urls={
        "figures": reverse("audience:event_figures", args=[event.pk]),
        "stream": reverse("audience:event_stream", args=[event.pk]),
    })


@require_GET
def campaign_live(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A campaign's live page: its events' audience together."""
    campaign = get_campaign_for_user(campaign_id, request.user)
    return _live_page(request, campaign, scope="campaign",
                      figures=selectors.recent_live_figures(campaign_id=campaign.pk), urls={
                          "figures": reverse("audience:campaign_figures", args=[campaign.pk]),
                          "stream": reverse("audience:campaign_stream", args=[campaign.pk]),
                      })


def _live_page(request: HttpRequest, subject: Event | Campaign, *, scope: str, figures: dict,
               urls: dict[str, str]) -> HttpResponse:
    estimate, exact = _("HyperLogLog estimate, standard error ±%(error)s"), _("exact count")
    error = figures["viewers_error"]
    return render(request, "audience/live.html", {
        "subject": subject, "scope": scope, "event": subject if scope == "event" else None,
        "on_air": scope == "event" and selectors.is_on_air(subject, timezone.now()),
        "figures": figures, "urls": urls, "interval": config().stream_interval, "estimate": estimate,
        "exact": exact, "time_zone": settings.TIME_ZONE, "viewers_note": estimate % {"error": f"{error * 100:.2f} %"} if error else exact,
    })


@login_not_required  # the session or a live pass: see ``_figures``
@require_GET
@never_cache
@polled
def event_figures(request: HttpRequest, event_id: int) -> HttpResponse:
    """An event's live figures as JSON (see ``live_figures``), for polling pages and the big screen."""
    return _figures(request, Event, "event", event_id)


@login_not_required
@require_GET
@never_cache
@polled
def campaign_figures(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A campaign's live figures as JSON."""
    return _figures(request, Campaign, "campaign", campaign_id)


def _figures(request: HttpRequest, model: type[Event] | type[Campaign], scope: str, pk: int) -> HttpResponse:
    """The figures for a request bearing a valid live pass for them, answered on the pass alone (no
    session, user or access query); or for a signed-in user who may see them, with a new pass in the
    ``X-Live-Pass`` header for the page's next polls. A pass that is not valid is refused (403), the
    page then asks through its session; a visitor neither signed in nor holding a pass goes to login.
    """
    of = {f"{scope}_id": pk}
    token = request.META.get(passes.META_KEY)
    if token is not None:
        live_pass = passes.read(token, scope=scope, id=pk)
        if live_pass is None:
            return JsonResponse({"error": "live-pass", "detail": _(
                "The live pass has expired or is not for these figures: ask again without it.")}, status=403)
        with translation.override(live_pass.language):
            return _figures_json(selectors.recent_live_figures(**of))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _ensure_visible(model, pk, request.user)
    response = _figures_json(selectors.recent_live_figures(**of))
    response[passes.HEADER] = passes.issue(scope=scope, id=pk, user_id=request.user.pk,
                                           language=translation.get_language())
    return response


@require_GET
def event_stream(request: HttpRequest, event_id: int) -> StreamingHttpResponse:
    """An event's live figures as Server-Sent Events, every second or two, for a minute."""
    _ensure_visible(Event, event_id, request.user)
    return _stream(request, event_id=event_id)


@require_GET
def campaign_stream(request: HttpRequest, campaign_id: int) -> StreamingHttpResponse:
    """A campaign's live figures as Server-Sent Events."""
    _ensure_visible(Campaign, campaign_id, request.user)
    return _stream(request, campaign_id=campaign_id)
