"""Reach as of a moment for a scope: a district or zone, a media level, a campaign, or any of them
together; totals, media covering by level, one row per channel with the snapshots it took, and the
channels still without figures. A fixed number of queries, whatever the number of channels."""

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from yunzhao.campaigns.models import Campaign

from ..choices import METRICS, ChannelLevel
from ..forms import ScopeForm
from ..scopes import bound_to_unit, reach_units, resolve_scope
from ..selectors import ChannelReach, reach_by_channel, reach_of_channels, snapshots_used
from .common import as_of_param
from .pages import _metric_labels

CHANNELS_PER_PAGE = 50
# Columns of the channel table left out on narrow screens: on phones, and on tablets too.
PHONE_HIDDEN = ("plays",)
SECONDARY_METRICS = ("likes", "shares", "comments")
# Channels without figures named under the "incomplete" mark; the rest are counted.
MISSING_NAMED = 60


def _query(base: dict[str, str], **changes: Any) -> str:
    """The page's query with some parameters changed (``None`` drops one)."""
    params = {**base, **changes}
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _hidden_on(metric: str) -> str:
    """The classes that leave a metric's column out on narrow screens."""
    if metric in SECONDARY_METRICS:
        return "d-none d-lg-table-cell"
    return "d-none d-sm-table-cell" if metric in PHONE_HIDDEN else ""


# The counts shown in the split by level, and the classes that leave one out on narrow screens.
LEVEL_METRICS = {"reads": "", "plays": "d-none d-sm-table-cell", "likes": "d-none d-md-table-cell", "followers": ""}


def _levels(reach, channels: list[ChannelReach]) -> list[dict[str, Any]]:
    """The split by media level: distinct media, channels and the summed counts of each level."""
    sums = {level: dict.fromkeys(METRICS, 0) for level in ChannelLevel.values}
    counts = dict.fromkeys(ChannelLevel.values, 0)
    for entry in channels:
        counts[entry.channel.level] += 1
        for metric in METRICS:
            sums[entry.channel.level][metric] += entry.totals[metric]
    return [
        {"level": level, "label": label, "media": reach.media_by_level.get(level, 0), "channels": counts[level],
         "values": [(sums[level][m], hidden) for m, hidden in LEVEL_METRICS.items()]}
        for level, label in ChannelLevel.choices
    ]


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """Reach as of a moment for the scope picked in the GET form (now, for the whole city or the
    user's own unit, when nothing is picked)."""
    user = request.user
    units = list(reach_units(user))
    campaigns = list(Campaign.objects.visible_to(user).order_by("-starts_on", "-pk"))
    data = ScopeForm.with_defaults(request.GET)
    form = ScopeForm(data, units=units, campaigns=campaigns, fixed_unit=bound_to_unit(user))
    valid = form.is_valid()
    cleaned = form.cleaned_data
    # Another unit's district, or a campaign the user may not see, is a 404 whatever else is wrong.
    asked = resolve_scope(user, district=cleaned.get("district"), campaign=cleaned.get("campaign"),
                          level=cleaned.get("level") or None, units=units)
    context: dict[str, Any] = {"form": form, "asked": asked, "fixed_unit": bound_to_unit(user),
                               "now_link": _query({k: data.get(k, "") for k in ("district", "level", "campaign")})}
    if not valid:
        return render(request, "reach/figures.html", context, status=422)

    as_of = form.moment()
    sort = cleaned["sort"] or "reads"
    query = {k: data.get(k, "") for k in ("district", "level", "campaign", "date", "time")}
    if sort != "reads":
        query["sort"] = sort
    publications = asked.publications(user)
    channels = reach_by_channel(asked.source(user), as_of)
    reach = reach_of_channels(channels, as_of)
    if sort != "reads":
        channels.sort(key=lambda e: (-e.totals[sort], e.channel.code))
    page = Paginator(channels, CHANNELS_PER_PAGE).get_page(request.GET.get("page"))
    missing = [entry for entry in channels if entry.incomplete]

    drill = None
    if cleaned["channel"] is not None:
        entry = next((e for e in channels if e.channel.pk == cleaned["channel"]), None)
        used = snapshots_used(publications.filter(channel_id=cleaned["channel"]), as_of) if entry else []
        drill = {"entry": entry, "rows": [
            {"publication": pub, "snapshot": snap, "url": _subject_url(pub, as_of)} for pub, snap in used]}

    labels = _metric_labels()
    sort_links = {m: _query(query, sort=m if m != "reads" else None) for m in METRICS}
    context.update({
        "as_of": as_of,
        "reach": reach,
        "metrics": [(m, labels[m], reach.totals[m], sort_links[m]) for m in METRICS],
        "metric_labels": [(m, labels[m]) for m in METRICS],
        "metric_headers": [(m, labels[m], sort_links[m], _hidden_on(m)) for m in METRICS],
        "levels": _levels(reach, channels),
        "level_metrics": [(m, labels[m], hidden) for m, hidden in LEVEL_METRICS.items()],
        "level_totals": [(reach.totals[m], hidden) for m, hidden in LEVEL_METRICS.items()],
        "page": page,
        "rows": [{"entry": e, "drill": _query(query, channel=e.channel.pk, page=page.number) + "#drill",
                  "values": [(e.totals[m], _hidden_on(m)) for m in METRICS]} for e in page],
        "channel_count": len(channels),
        "missing": missing[:MISSING_NAMED],
        "missing_more": max(len(missing) - MISSING_NAMED, 0),
        "missing_count": len(missing),
        "drill": drill,
        "sort": sort,
        "page_links": {"previous": _query(query, page=page.previous_page_number()) if page.has_previous() else "",
                       "next": _query(query, page=page.next_page_number()) if page.has_next() else ""},
        "close_drill": _query(query, page=page.number),
    })
    return render(request, "reach/figures.html", context)


def _subject_url(publication, as_of) -> str:
    """The reach page of the event or campaign a publication belongs to, at the same moment."""
    kind, pk = ("event", publication.event_id) if publication.event_id else ("campaign", publication.campaign_id)
    return reverse(f"reach:{kind}", args=[pk]) + "?" + urlencode({"as_of": as_of_param(as_of)})
