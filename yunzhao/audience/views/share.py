"""Staff pages to share an event: a link and a QR code per channel, the QR poster, and the audience report."""

import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from yunzhao.campaigns.choices import EventStatus
from yunzhao.campaigns.selectors import get_event_for_user
from yunzhao.portal.pages import clean_tag
from yunzhao.portal.qr import QR_CACHE_SECONDS, qr_code

from .. import sharing
from ..poster import PosterUnavailable, poster_png
from ..report import event_report, write_xlsx

MAX_ADDED = 10
LANGUAGES = {"zh": "zh-hans", "en": "en"}


@require_GET
def event_share(request: HttpRequest, event_id: int) -> HttpResponse:
    """The channels an event goes out on, each with its share link, QR code and poster to download."""
    event = get_event_for_user(event_id, request.user)
    added = [tag for tag in (clean_tag(v) for v in request.GET.getlist("add")[:MAX_ADDED]) if tag]
    links = sharing.event_share_links(event, request.user, also=added)
    for link in links:
        link.url = request.build_absolute_uri(link.path)
    return render(request, "audience/share.html", {
        "event": event, "links": links, "others": sharing.other_channels(request.user, links), "added": added,
        "has_page": sharing.has_public_page(event), "cancelled": event.status == EventStatus.CANCELLED,
    })


@require_GET
def share_qr(request: HttpRequest, event_id: int, code: str, kind: str) -> HttpResponse:
    """The QR code of an event's share link on one channel, as SVG or PNG."""
    event = get_event_for_user(event_id, request.user)
    link = sharing.share_link_for(event, request.user, code)
    response = HttpResponse(qr_code(request.build_absolute_uri(link.path), kind),
                            content_type="image/svg+xml" if kind == "svg" else "image/png")
    if kind == "png":
        response["Content-Disposition"] = f'attachment; filename="qr-event{event.pk}-{link.code}.png"'
    patch_cache_control(response, private=True, max_age=QR_CACHE_SECONDS)
    return response


@require_GET
def share_poster(request: HttpRequest, event_id: int, code: str) -> HttpResponse:
    """The QR poster of an event on one channel as PNG, in the channel's language."""
    event = get_event_for_user(event_id, request.user)
    link = sharing.share_link_for(event, request.user, code)
    try:
        with translation.override(LANGUAGES[link.lang]):
            data = poster_png(event, link.channel, request.build_absolute_uri(link.path))
    except PosterUnavailable as problem:
        return render(request, "audience/poster_unavailable.html", {"event": event, "problem": str(problem)},
                      status=503)
    response = HttpResponse(data, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="poster-event{event.pk}-{link.code}.png"'
    patch_cache_control(response, private=True, max_age=QR_CACHE_SECONDS)
    return response


@require_GET
def event_report_xlsx(request: HttpRequest, event_id: int) -> HttpResponse:
    """The event's audience per channel and per hour as a workbook (``yunzhao audience_report`` as a download)."""
    event = get_event_for_user(event_id, request.user)
    buffer = io.BytesIO()
    write_xlsx(event_report(event), buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="audience-event{event.pk}.xlsx"'
    return response
