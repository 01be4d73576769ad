"""An event's audience after the fact: views, plays and distinct viewers per channel and per hour.

Every figure is exact and comes from the database: the totals and the channels from the minute
roll-ups; the hours from the roll-ups too, except each hour's distinct viewers, which no roll-up can
give (a viewer may come back within the hour), so they are counted from the raw beacons, once, for
the report: from those the roll-ups have counted, so that every figure covers the same beacons. With
Redis, beacons the worker has not moved yet are not counted, nor, without Redis, those stored in the
last second and not counted yet: ``as_of`` says up to which minute the figures go.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext as _

from yunzhao.campaigns.models import Event
from yunzhao.reach.models import Channel

from . import rollup
from .models import AudienceBeacon, AudienceMinute


@dataclass
class Line:
    """One line of the report: a channel or an hour."""

    label: str
    views: int
    plays: int
    viewers: int
    code: str = ""
    new_viewers: int | None = None  # for an hour: viewers seen at the event for the first time


@dataclass
class AudienceReport:
    """Views and viewers of one event, in total, per channel and per hour."""

    event: Event
    views: int = 0
    plays: int = 0
    viewers: int = 0
    first_minute: dt.datetime | None = None
    as_of: dt.datetime | None = None  # the end of the last minute counted
    channels: list[Line] = field(default_factory=list)
    hours: list[Line] = field(default_factory=list)


def event_report(event: Event) -> AudienceReport:
    """The audience report of an event (six queries, whatever the audience)."""
    rows = AudienceMinute.objects.filter(event=event)
    sums = rows.aggregate(views=Sum("views"), plays=Sum("plays"), viewers=Sum("first_in_event"),
                          first=Min("minute"), last=Max("minute"))
    report = AudienceReport(event=event, views=sums["views"] or 0, plays=sums["plays"] or 0,
                            viewers=sums["viewers"] or 0, first_minute=sums["first"],
                            as_of=sums["last"] + dt.timedelta(minutes=1) if sums["last"] else None)

    per_channel = list(rows.values("channel_id").annotate(v=Sum("views"), p=Sum("plays"), d=Sum("first_in_channel"))
                       .order_by())
    names = Channel.objects.in_bulk([r["channel_id"] for r in per_channel if r["channel_id"]])
    for r in per_channel:
        channel = names.get(r["channel_id"])
        report.channels.append(Line(label=channel.display_name if channel else _("Unattributed"),
                                    code=channel.code if channel else "", views=r["v"], plays=r["p"], viewers=r["d"]))
    report.channels.sort(key=lambda line: (-line.views, -line.viewers, line.label))

    zone = timezone.get_current_timezone()
    per_hour = (rows.annotate(hour=TruncHour("minute", tzinfo=zone)).values("hour")
                .annotate(v=Sum("views"), p=Sum("plays"), n=Sum("first_in_event")).order_by("hour"))
    counted = AudienceBeacon.objects.filter(event=event, pk__lte=rollup.mark())
    distinct = dict(counted.annotate(hour=TruncHour("at", tzinfo=zone))
                    .values("hour").annotate(d=Count("viewer", distinct=True)).order_by().values_list("hour", "d"))
    for r in per_hour:
        hour = timezone.localtime(r["hour"], zone)
        report.hours.append(Line(label=f"{hour:%Y-%m-%d %H:00}", views=r["v"], plays=r["p"],
                                 viewers=distinct.get(r["hour"], 0), new_viewers=r["n"]))
    return report


def print_report(report: AudienceReport, out: IO[str]) -> None:
    """The report as plain-text tables."""
    event = report.event
    out.write(f"{event.display_name} (#{event.pk})\n")
    if report.as_of is None:
        out.write(_("No audience has been counted for this event.") + "\n")
        return
    out.write(_("Counted from %(first)s to %(last)s") % {
        "first": f"{timezone.localtime(report.first_minute):%Y-%m-%d %H:%M}",
        "last": f"{timezone.localtime(report.as_of):%Y-%m-%d %H:%M}"} + "\n")
    out.write(_("Total: %(views)s views, %(plays)s plays, %(viewers)s distinct viewers (exact)") % {
        "views": report.views, "plays": report.plays, "viewers": report.viewers} + "\n\n")
    heads = [_("Views"), _("Plays"), _("Viewers")]
    _table(out, [_("Channel"), _("Code"), *heads],
           [[line.label, line.code, line.views, line.plays, line.viewers] for line in report.channels])
    out.write("\n")
    _table(out, [_("Hour"), *heads, _("New viewers")],
           [[line.label, line.views, line.plays, line.viewers, line.new_viewers] for line in report.hours])


def _width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _table(out: IO[str], head: list[str], rows: list[list]) -> None:
    cells = [[str(c) for c in head]] + [[f"{c:,}" if isinstance(c, int) else str(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(head))]
    for index, row in enumerate(cells):
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _width(cell))
            parts.append(cell + pad if i == 0 or (index and not cell.replace(",", "").isdigit()) else pad + cell)
        out.write("  ".join(parts).rstrip() + "\n")
        if index == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")


def write_xlsx(report: AudienceReport, target: str | Path | IO[bytes]) -> None:
    """The report as a workbook: a sheet of channels and a sheet of hours, each with its definitions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    bold = Font(bold=True)
    event = report.event
    as_of = f"{timezone.localtime(report.as_of):%Y-%m-%d %H:%M}" if report.as_of else "—"
    heads = [_("Views"), _("Plays"), _("Distinct viewers")]
    sheets = [
        (book.active, _("Channels"), [_("Channel"), _("Code"), *heads],
         [[line.label, line.code, line.views, line.plays, line.viewers] for line in report.channels]
         + [[_("Total"), "", report.views, report.plays, report.viewers]]),
        (book.create_sheet(), _("Hours"), [_("Hour"), *heads, _("New viewers")],
         [[line.label, line.views, line.plays, line.viewers, line.new_viewers] for line in report.hours]),
    ]
    for sheet, title, head, rows in sheets:
        sheet.title = title
        sheet.append([event.display_name])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([_("Audience counted on the platform, as of %(as_of)s. Views and plays are exact counts of "
                        "accepted beacons; distinct viewers are exact counts of distinct anonymous viewer ids.")
                      % {"as_of": as_of}])
        sheet.append([])
        sheet.append(head)
        for cell in sheet[4]:
            cell.font = bold
        for row in rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 28
        for letter in "BCDEF":
            sheet.column_dimensions[letter].width = 16
        sheet.freeze_panes = "A5"
    book.save(target)
