"""Checking a batch of metric snapshots against each other and against what is stored.

Counters are cumulative: a publication's reads at 18:00 can never be fewer than at 17:00. A batch is
checked whole and every fault is named, so that the grid, the file import and the API refuse it in
one answer. An empty count keeps the publication's previous count (0 when there is none), so an
editor can fill in only the numbers that moved.

The check reads the stored snapshots of the batch's publications in one query, whatever the size
of the batch.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .choices import METRICS
from .models import MetricSnapshot, Publication

# No platform counts anywhere near this; a larger number is a typing slip.
MAX_COUNT = 10**13


@dataclass(frozen=True)
class Fault:
    """One reason a batch is refused: where (row, column) and why, in the user's language."""

    row: int | None
    column: str
    message: str
    publication_id: int | None = None


@dataclass(frozen=True)
class SnapshotRow:
    """One snapshot to record: a publication's counts at a moment; ``None`` keeps the previous count."""

    publication: Publication
    taken_at: dt.datetime
    counts: dict[str, int | None]
    row: int


@dataclass
class SnapshotPlan:
    """What a batch would do: the snapshots to create, the rows already stored, and the faults."""

    new: list[MetricSnapshot] = field(default_factory=list)
    unchanged: list[SnapshotRow] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _stored_by_publication(publication_ids: set[int]) -> dict[int, list[tuple]]:
    """``{publication id: [(taken_at, {metric: count}), …]}`` in time order, in one query."""
    stored: dict[int, list[tuple]] = defaultdict(list)
    rows = (
        MetricSnapshot.objects.filter(publication_id__in=publication_ids)
        .order_by("publication_id", "taken_at")
        .values_list("publication_id", "taken_at", *METRICS)
    )
    for pub_id, taken_at, *counts in rows:
        stored[pub_id].append((taken_at, dict(zip(METRICS, counts, strict=True))))
    return stored


def plan_snapshots(rows: list[SnapshotRow], *, now: dt.datetime | None = None) -> SnapshotPlan:
    """Check a batch whole: times, duplicates, counts that would go down; say what it would write."""
    now = now or timezone.now()
    plan = SnapshotPlan()
    seen: dict[tuple[int, dt.datetime], SnapshotRow] = {}
    candidates: list[SnapshotRow] = []
    for row in rows:
        pub = row.publication
        fault = None
        if row.taken_at > now:
            fault = _("The time %(when)s is in the future.") % {"when": _when(row.taken_at)}
        elif row.taken_at < pub.published_at:
            fault = _("The time %(when)s is before the publication went out (%(published)s).") % {
                "when": _when(row.taken_at), "published": _when(pub.published_at)}
        elif (pub.pk, row.taken_at) in seen:
            fault = _("The same publication and time are already given in row %(row)s.") % {
                "row": seen[(pub.pk, row.taken_at)].row}
        if fault:
            plan.faults.append(Fault(row.row, "taken_at", fault, pub.pk))
            continue
        for metric, value in row.counts.items():
            if value is not None and not 0 <= value <= MAX_COUNT:
                plan.faults.append(Fault(row.row, metric, _("A count must be a whole number from 0 to %(max)s.") % {
                    "max": f"{MAX_COUNT:,}"}, pub.pk))
        seen[(pub.pk, row.taken_at)] = row
        candidates.append(row)

    stored = _stored_by_publication({row.publication.pk for row in candidates})
    by_publication: dict[int, list[SnapshotRow]] = defaultdict(list)
    for row in candidates:
        by_publication[row.publication.pk].append(row)
    for pub_id, mine in by_publication.items():
        _check_publication(mine, stored.get(pub_id, []), plan)
    plan.faults.sort(key=lambda f: (f.row is None, f.row or 0, _column_order(f.column)))
    return plan


def _column_order(column: str) -> int:
    order = ("event", "campaign", "channel", "kind", "taken_at", *METRICS)
    return order.index(column) if column in order else len(order)


def _valid(value: int | None) -> bool:
    return value is not None and 0 <= value <= MAX_COUNT


def _check_publication(rows: list[SnapshotRow], stored: list[tuple], plan: SnapshotPlan) -> None:
    """Walk one publication's stored and new snapshots in time order; counts must never go down."""
    stored_at = dict(stored)
    timeline: list[tuple[dt.datetime, str, object]] = [(t, "stored", c) for t, c in stored]
    timeline += [(row.taken_at, "new", row) for row in rows if row.taken_at not in stored_at]
    timeline.sort(key=lambda item: (item[0], item[1] == "new"))

    for row in rows:
        if row.taken_at in stored_at:
            _compare_with_stored(row, stored_at[row.taken_at], plan)

    previous: tuple[dt.datetime, dict[str, int]] | None = None
    for index, (moment, kind, payload) in enumerate(timeline):
        if kind == "stored":
            previous = (moment, payload)
            continue
        row = payload
        # A count out of range is already reported; the others are checked against their neighbours.
        given = {m: v for m, v in row.counts.items() if _valid(v)}
        ok = all(v is None or _valid(v) for v in row.counts.values())
        counts = {m: given[m] if m in given else (previous[1][m] if previous else 0) for m in METRICS}
        later = next(((t, c) for t, k, c in timeline[index + 1:] if k == "stored"), None)
        for metric in given:
            if previous and counts[metric] < previous[1][metric]:
                ok = False
                plan.faults.append(Fault(row.row, metric, _(
                    "%(value)s is lower than %(earlier)s recorded at %(when)s; counts only grow.") % {
                    "value": f"{counts[metric]:,}", "earlier": f"{previous[1][metric]:,}",
                    "when": _when(previous[0])}, row.publication.pk))
            elif later and counts[metric] > later[1][metric]:
                ok = False
                plan.faults.append(Fault(row.row, metric, _(
                    "%(value)s is higher than %(later)s recorded later, at %(when)s; counts only grow.") % {
                    "value": f"{counts[metric]:,}", "later": f"{later[1][metric]:,}",
                    "when": _when(later[0])}, row.publication.pk))
        if ok:
            plan.new.append(MetricSnapshot(publication=row.publication, taken_at=row.taken_at, **counts))
        previous = (moment, counts)


def _compare_with_stored(row: SnapshotRow, stored: dict[str, int], plan: SnapshotPlan) -> None:
    """A row for a moment already recorded is fine only if it says the same."""
    differ = [m for m, v in row.counts.items() if _valid(v) and v != stored[m]]
    if not differ:
        if all(v is None or _valid(v) for v in row.counts.values()):
            plan.unchanged.append(row)
        return
    for metric in differ:
        plan.faults.append(Fault(row.row, metric, _(
            "Already recorded for %(when)s with a different count (%(stored)s); a recorded snapshot "
            "is not changed.") % {"when": _when(row.taken_at), "stored": f"{stored[metric]:,}"},
            row.publication.pk))
