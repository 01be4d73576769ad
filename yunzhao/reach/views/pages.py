"""The reach page of an event or a campaign: figures as of a moment, publications, the snapshot grid,
the rows behind each figure, the bulletin sentence and the chart data."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from yunzhao.core.forms import add_action_errors

from .. import actions
from ..actions import SnapshotsRejected
from ..bulletin import LANGUAGES, bulletin_parts
from ..chart import SERIES, reach_chart
from ..choices import METRICS, ChannelLevel, SnapshotSource
from ..forms import PublicationForm, SnapshotGridForm
from ..models import MetricSnapshot
from ..selectors import (
    latest_by_publication,
    latest_snapshots,
    outlets_covering,
    reach_as_of,
    reach_by_event,
    rows_behind,
    totals_by_level,
)
from ..snapshots import Fault
from .common import Subject, SubjectKind, as_of_from, as_of_param, get_subject, is_htmx, url_or_none

ROWS_PER_PAGE = 200


def _metric_labels() -> dict[str, str]:
    labels = {m: str(MetricSnapshot._meta.get_field(m).verbose_name) for m in METRICS}
    return {**labels, "media": _("Media covering")}


def _own_with_latest(subject: Subject) -> tuple[list, dict]:
    """The page's own publications and the latest snapshot of each (two queries)."""
    own = list(subject.own_publications().select_related("channel__outlet").order_by("published_at", "pk"))
    return own, latest_by_publication(subject.own_publications(), timezone.now())


def _grid_form(subject: Subject, user, data=None) -> SnapshotGridForm | None:
    """The snapshot grid of the page's own publications, for those who may record."""
    if not subject.can_record(user):
        return None
    own, latest = _own_with_latest(subject)
    return SnapshotGridForm(data, publications=own, latest=latest)


def _page(request: HttpRequest, subject: Subject, *, grid: SnapshotGridForm | None = None,
          publication_form: PublicationForm | None = None, status: int = 200) -> HttpResponse:
    as_of_form, as_of = as_of_from(request)
    reach = reach_as_of(subject.scope(), as_of)
    by_level = totals_by_level(subject.publications(), as_of)
    can_record = subject.can_record(request.user)
    if grid is None:
        grid = _grid_form(subject, request.user)
    context: dict[str, Any] = {
        "subject": subject,
        "as_of_form": as_of_form,
        "as_of": as_of,
        "as_of_param": as_of_param(as_of),
        "reach": reach,
        "metrics": [(m, _metric_labels()[m], reach.totals[m]) for m in METRICS],
        "levels": [
            {"level": level, "label": label, "media": reach.media_by_level.get(level, 0), **by_level[level]}
            for level, label in ChannelLevel.choices
        ],
        "can_record": can_record,
        "grid": grid,
        "publications": grid.grid() if grid is not None else _publication_rows(subject),
        "publication_form": publication_form or (PublicationForm() if can_record else None),
        "figures_query": _figures_query(subject, as_of),
        "missing_url": subject.url("rows", as_of=as_of_param(as_of)) + "#missing",
        "event_page": url_or_none("campaigns:event", subject.pk) if subject.kind == "event" else
        url_or_none("campaigns:detail", subject.pk),
    }
    if subject.kind == "campaign":
        per_event = reach_by_event(subject.obj, as_of)
        events = subject.obj.events.select_related("owner_unit").order_by("starts_at", "pk")
        context["events"] = [{"event": e, "reach": per_event.get(e.pk)} for e in events]
    return render(request, "reach/reach_page.html", context, status=status)


def _figures_query(subject: Subject, as_of) -> str:
    """The reach figures page's query for the same campaign and moment."""
    campaign = subject.pk if subject.kind == "campaign" else subject.obj.campaign_id
    local = timezone.localtime(as_of)
    return urlencode({"campaign": campaign or "", "date": f"{local:%Y-%m-%d}", "time": f"{local:%H:%M}"})


def _publication_rows(subject: Subject) -> list[dict[str, Any]]:
    """The page's own publications with their latest figures, for those who only read."""
    own, latest = _own_with_latest(subject)
    return [{"publication": pub, "latest": latest.get(pub.pk), "inputs": []} for pub in own]


@require_GET
def reach_page(request: HttpRequest, kind: SubjectKind, pk: int) -> HttpResponse:
    """Reach as of a moment, with the publications behind it and, for recorders, the grid."""
    return _page(request, get_subject(kind, pk, request.user))


@require_POST
def publication_add(request: HttpRequest, kind: SubjectKind, pk: int) -> HttpResponse:
    """Record that the event or campaign went out on a channel."""
    subject = get_subject(kind, pk, request.user)
    if not subject.can_record(request.user):
        raise PermissionDenied(_("You may not record reach for this event."))
    form = PublicationForm(request.POST)
    if form.is_valid():
        try:
            actions.record_publication(actor=request.user, **{kind: subject.obj}, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Publication on “%(channel)s” recorded.") % {
                "channel": form.cleaned_data["channel"]})
            return redirect(subject.url())
    return _page(request, subject, publication_form=form, status=422)


@require_POST
def snapshot_grid(request: HttpRequest, kind: SubjectKind, pk: int) -> HttpResponse:
    """Record the grid's counts at one moment: all of them, or none with every fault shown."""
    subject = get_subject(kind, pk, request.user)
    if not subject.can_record(request.user):
        raise PermissionDenied(_("You may not record reach for this event."))
    form = _grid_form(subject, request.user, request.POST)
    if form.is_valid():
        rows = form.rows()
        if not rows:
            form.add_error(None, _("Type at least one count."))
        else:
            try:
                plan = actions.record_snapshots(rows, actor=request.user, source=SnapshotSource.GRID)
            except SnapshotsRejected as exc:
                _faults_onto_grid(form, exc.faults)
            else:
                taken_at = form.cleaned_data["taken_at"]
                messages.success(request, _recorded_message(len(plan.new), len(plan.unchanged), taken_at))
                url = subject.url(as_of=as_of_param(taken_at))
                if is_htmx(request):
                    return HttpResponse(status=204, headers={"HX-Redirect": url})
                return redirect(url)
    elif "taken_at" in form.cleaned_data and (rows := form.rows()):
        # Some cells are not counts: check the others too, so that one answer names every fault.
        try:
            actions.record_snapshots(rows, actor=request.user, dry_run=True)
        except SnapshotsRejected as exc:
            _faults_onto_grid(form, exc.faults)
    if is_htmx(request):
        return render(request, "reach/_grid.html", {"subject": subject, "grid": form,
                                                     "publications": form.grid()})
    return _page(request, subject, grid=form, status=422)


def _recorded_message(created: int, unchanged: int, taken_at) -> str:
    text = ngettext("%(n)s snapshot recorded as of %(when)s.", "%(n)s snapshots recorded as of %(when)s.",
                    created) % {"n": created, "when": timezone.localtime(taken_at).strftime("%Y-%m-%d %H:%M")}
    if unchanged:
        text += " " + ngettext("%(n)s was already recorded and is unchanged.",
                               "%(n)s were already recorded and are unchanged.", unchanged) % {"n": unchanged}
    return text


def _faults_onto_grid(form: SnapshotGridForm, faults: list[Fault]) -> None:
    """Each fault on its cell; faults about the moment once, above the grid."""
    names = {pub.pk: str(pub.channel) for pub in form.publications}
    about_time: list[str] = []
    for fault in faults:
        if fault.column in METRICS and fault.publication_id:
            form.add_error(form.field_name(fault.publication_id, fault.column), fault.message)
        else:
            message = f"{names.get(fault.publication_id, '')}: {fault.message}" if fault.publication_id else fault.message
            if message not in about_time:
                about_time.append(message)
    for message in about_time:
        form.add_error("taken_at", message)


@require_GET
def rows_page(request: HttpRequest, kind: SubjectKind, pk: int) -> HttpResponse:
    """The rows behind the figures: the latest snapshots summed, the publications still without
    figures, and the outlets counted as "media covering"."""
    subject = get_subject(kind, pk, request.user)
    as_of_form, as_of = as_of_from(request)
    level = request.GET.get("level") if request.GET.get("level") in ChannelLevel.values else None
    sort = request.GET.get("sort") if request.GET.get("sort") in METRICS else "reads"
    publications = subject.publications()
    if level:
        publications = publications.filter(channel__level=level)
    snapshots = latest_snapshots(publications, as_of)
    totals = snapshots.aggregate(**{m: Sum(m) for m in METRICS})
    rows = rows_behind(publications, as_of).order_by(f"-{sort}", "publication__channel__code")
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    missing = (
        publications.filter(published_at__lte=as_of).exclude(pk__in=snapshots.values("publication_id"))
        .select_related("channel__outlet").order_by("published_at", "pk")
    )
    return render(request, "reach/rows.html", {
        "subject": subject,
        "as_of_form": as_of_form,
        "as_of": as_of,
        "as_of_param": as_of_param(as_of),
        "level": level,
        "level_label": ChannelLevel(level).label if level else "",
        "levels": ChannelLevel.choices,
        "sort": sort,
        "metric_labels": [(m, _metric_labels()[m]) for m in METRICS],
        "page": page,
        "totals": [totals[m] or 0 for m in METRICS],
        "missing": list(missing),
        "outlets": outlets_covering(publications, as_of),
    })


@require_GET
def bulletin(request: HttpRequest, kind: SubjectKind, pk: int) -> HttpResponse:
    """The bulletin sentence in Chinese and English; each number links to the rows behind it."""
    subject = get_subject(kind, pk, request.user)
    _form, as_of = as_of_from(request)
    reach = reach_as_of(subject.scope(), as_of)
    param = as_of_param(as_of)
    links = {
        "media": subject.url("rows", as_of=param) + "#media",
        "reads": subject.url("rows", as_of=param, sort="reads"),
        "followers": subject.url("rows", as_of=param, sort="followers"),
    }
    sentences = [
        {"lang": lang, "parts": [(part.text, links.get(part.link)) for part in
                                 bulletin_parts(reach, lang=lang, subject=subject.kind)]}
        for lang in LANGUAGES
    ]
    template = "reach/_bulletin.html" if is_htmx(request) else "reach/bulletin.html"
    return render(request, template, {"subject": subject, "as_of": as_of, "as_of_param": param,
                                      "sentences": sentences, "reach": reach})


@require_GET
def chart_data(request: HttpRequest, kind: SubjectKind, pk: int) -> JsonResponse:
    """The reach chart's data: the cumulative curve up to "as of", and the split by level and channel."""
    subject = get_subject(kind, pk, request.user)
    _form, as_of = as_of_from(request)
    chart = reach_chart(subject.publications(), as_of)
    labels = _metric_labels()
    return JsonResponse({
        "as_of": timezone.localtime(as_of).isoformat(),
        # The chart writes times as the city's clock shows them, whatever the browser's time zone.
        "utc_offset_minutes": int(timezone.localtime(as_of).utcoffset().total_seconds() // 60),
        "granularity": chart.granularity,
        "times": [timezone.localtime(t).isoformat() for t in chart.times],
        "series": chart.series,
        "labels": {name: labels[name] for name in SERIES},
        "by_level": chart.by_level,
        "by_channel": chart.by_channel,
        "text": {
            "curve": _("Cumulative reach"),
            "by_level": _("By media level"),
            "by_channel": _("By channel"),
            "others": _("Other channels"),
        },
    })
