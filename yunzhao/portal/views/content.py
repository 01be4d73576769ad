"""The public pages: home, zones, policies, opportunities, events, videos, news, search, QR codes."""

from urllib.parse import parse_qsl, urlencode

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from yunzhao.crm.leads import current_privacy_notice

from .. import selectors
from ..pages import DEFAULT_SHARE_TAG, PAGE_PARAMS, clean_tag, public_page, query_param, render_page
from ..qr import QR_CACHE_SECONDS, qr_code

BEACON_FALLBACK = "/t/"
# Pages whose address may go into a QR code (not forms or acknowledgements).
QR_PAGES = frozenset({
    "home", "zones", "zone", "policies", "policy", "opportunities", "opportunity", "events", "event", "videos",
    "news_list", "news", "search",
})


def beacon_url() -> str:
    """Where event pages report a view (the live-audience beacon)."""
    try:
        return reverse("beacon")
    except NoReverseMatch:
        return BEACON_FALLBACK


@public_page
def home(request: HttpRequest, lang: str) -> HttpResponse:
    """The city at a glance, featured zones, events on now and to come, opportunities and the latest news."""
    events = selectors.event_lists(upcoming=4, with_past=False, streams=False)
    return render_page(request, "portal/home.html", {
        "figures": selectors.city_figures(),
        "zones": selectors.zones(featured=True),
        "events": events,
        "opportunities": selectors.opportunities(3),
        "news": selectors.latest_news(4),
    })


@public_page
def zone_list(request: HttpRequest, lang: str) -> HttpResponse:
    """Every zone with a published profile."""
    return render_page(request, "portal/zone_list.html", {"zones": selectors.zones()})


@public_page
def zone_detail(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    """A zone: what it is, its leading industries, published figures and the investment office's contact."""
    return render_page(request, "portal/zone_detail.html", {"zone": selectors.zone(code)})


@public_page
def policy_list(request: HttpRequest, lang: str) -> HttpResponse:
    """Policies, newest first; searchable by words in either language, and by tag."""
    query = query_param(request, "q")
    tag = query_param(request, "tag", 50)
    page, words = selectors.policy_list(query=query, tag=tag, page=request.GET.get("page"))
    return render_page(request, "portal/policy_list.html", {"results": page, "query": query, "tag": tag,
                                                             "words": words})


@public_page
def policy_detail(request: HttpRequest, lang: str, pk: int) -> HttpResponse:
    """A policy's full text, issuing body, date and official document."""
    return render_page(request, "portal/policy_detail.html", {"policy": selectors.policy(pk)})


@public_page
def opportunity_list(request: HttpRequest, lang: str) -> HttpResponse:
    """Projects open to investors, each by its public teaser."""
    return render_page(request, "portal/opportunity_list.html", {"opportunities": selectors.opportunities()})


@public_page
def opportunity_detail(request: HttpRequest, lang: str, pk: int) -> HttpResponse:
    """One opportunity's teaser, industry, location and the figure staff chose to publish."""
    return render_page(request, "portal/opportunity_detail.html", {"opportunity": selectors.opportunity(pk)})


@public_page
def event_list(request: HttpRequest, lang: str) -> HttpResponse:
    """Events on now, to come, and held (with their replays)."""
    events = selectors.event_lists()
    for page in events.live + events.past:
        page.players, page.replays = selectors.players(page)
    return render_page(request, "portal/event_list.html", {"events": events})


@public_page
def event_detail(request: HttpRequest, lang: str, pk: int) -> HttpResponse:
    """An event: its introduction, agenda, and the livestream (embedded or linked) or its replays."""
    page = selectors.event_page(pk)
    live, replays = selectors.players(page)
    return render_page(request, "portal/event_detail.html", {
        "event_page": page, "event": page.event, "is_live": selectors.is_live(page), "now": timezone.now(),
        "players": live, "embedded": next((p for p in live if p.embed), None), "replays": replays,
        "replay_embed": next((p for p in replays if p.embed), None), "agenda": list(page.event.agenda.all()),
        "beacon_url": beacon_url(),
    })


@public_page
def video_library(request: HttpRequest, lang: str) -> HttpResponse:
    """The video library, series by series."""
    library = selectors.video_library()
    selectors.decorate_videos(library)
    return render_page(request, "portal/videos.html", {"library": library})


@public_page
def news_list(request: HttpRequest, lang: str) -> HttpResponse:
    """News, newest first."""
    query = query_param(request, "q")
    page, words = selectors.news_list(query=query, page=request.GET.get("page"))
    return render_page(request, "portal/news_list.html", {"results": page, "query": query, "words": words})


@public_page
def news_detail(request: HttpRequest, lang: str, pk: int) -> HttpResponse:
    """One news article."""
    return render_page(request, "portal/news_detail.html", {"article": selectors.news(pk)})


@public_page
def search(request: HttpRequest, lang: str) -> HttpResponse:
    """Policies and news matching every word of the query, Chinese words segmented."""
    query = query_param(request, "q")
    results = selectors.search_all(query) if query else None
    return render_page(request, "portal/search.html", {"query": query, "results": results})


@public_page
def privacy(request: HttpRequest, lang: str) -> HttpResponse:
    """The privacy notice in force, with its version."""
    return render_page(request, "portal/privacy.html", {"notice": current_privacy_notice()})


@login_not_required
@require_safe
def qr(request: HttpRequest, kind: str) -> HttpResponse:
    """The QR code of a public page with its channel tag: ``/qr.svg?to=/zh/events/3/&src=wechat``."""
    to = request.GET.get("to", "")
    if not to.startswith("/") or to.startswith("//") or len(to) > 600:
        return HttpResponseBadRequest("to")
    path, _sep, query = to.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        raise Http404 from None
    if match.namespace != "portal" or match.url_name not in QR_PAGES:
        raise Http404
    # Only the parameters a page reads (a search's words, a page number) go into its code.
    kept = [(k, v[:200]) for k, v in parse_qsl(query) if k in PAGE_PARAMS and v]
    src = clean_tag(request.GET.get("src")) or DEFAULT_SHARE_TAG
    url = request.build_absolute_uri(path) + "?" + urlencode([*kept, ("src", src)])
    data = qr_code(url, kind)
    response = HttpResponse(data, content_type="image/svg+xml" if kind == "svg" else "image/png")
    if kind == "png":
        response["Content-Disposition"] = f'inline; filename="qr-{src}.png"'
    patch_cache_control(response, public=True, max_age=QR_CACHE_SECONDS)
    return response
