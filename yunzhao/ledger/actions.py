"""The ledger import: one bulk action that validates a whole file and applies it in one transaction, or not at all.

``import_ledger`` is the only way a ledger file changes the database. It

1. opens the file with the safety checks of ``reader.open_table`` (size, type, zip bomb);
2. validates every row with ``importer.plan_import``, matching rows only among
   ``Project.objects.writable_by(actor)`` and applying the rules of ``projects.actions`` (unit
   checks, stage reasons and milestone dates, exchange rates);
3. if any fault is found, writes nothing but an ``ImportRun`` with status *rejected* and every fault;
4. otherwise, unless it is a dry run, creates the new investors, creates and updates the projects,
   and records the timeline: *created* for a new project (one entry: the row is its first state),
   and for a changed one *amount changed*, *owner changed* (one per owner field), *stage changed*,
   and *imported* for every other field (investors included), each with its before and after and a
   note naming the file and row. Rows whose values equal what is recorded are not touched and get
   no timeline entry. A move back down the pipeline needs no separate note: the file is the note.

Everything happens inside one ``transaction.atomic`` block. Validation reads without locking;
each project is then updated only if its ``updated_at`` is still the one read (the check and the
write are one statement, which on PostgreSQL also locks the row); if any project was changed or
deleted in between, nothing is written and the import asks to be tried again. Unchanged rows are
never locked. On PostgreSQL, applied imports also take turns (an advisory lock),
so that two files cannot both add the same new project.

The writes are bulk statements (``ledger.bulk``): projects, investor links and timeline entries
are inserted with COPY (PostgreSQL) or one prepared statement (SQLite) rather than through
``bulk_create`` and ``timeline.record_many``, whose per-row model instances would keep a
100,000-row file well below 5,000 rows a second. The timeline rows have exactly the shape
``timeline.entry`` gives them (the same JSON for before and after).
"""

import datetime as dt
import hashlib
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yunzhao.core.access import can_write
from yunzhao.core.choices import TimelineEvent
from yunzhao.core.models import TimelineEntry
from yunzhao.core.timeline import _plain as timeline_value
from yunzhao.crm.choices import InvestorKind
from yunzhao.crm.models import Investor
from yunzhao.projects.actions import AMOUNT_FIELDS, code_for
from yunzhao.projects.choices import Stage
from yunzhao.projects.models import Project

from . import bulk
from .choices import ImportStatus
from .columns import Vocabulary
from .gc_pause import cycle_collector_paused
from .importer import Fault, ImportPlan, RowPlan, chunks, plan_import
from .models import ImportRun
from .reader import FileRejected, open_table, too_large

# At most this many faults are kept on an ImportRun (the count of all of them is kept too).
MAX_STORED_FAULTS = 1000
MAX_STORED_NAMES = 500
# Project fields whose change is an owner change, as the timeline names them.
OWNER_FIELDS = {"district_id": "district", "zone_id": "zone", "leader": "leader"}


def _require_writer(actor) -> None:
    if not can_write(actor):
        raise PermissionDenied(_("You may not change the project ledger."))


_AS_THEY_ARE = frozenset({str, int, float, bool})


def _plain(value: Any) -> Any:
    """What ``timeline._plain`` makes of a value, with a short way for the text, numbers and amounts of an import."""
    kind = value.__class__
    if kind in _AS_THEY_ARE:
        return value
    if kind is Decimal:
        return format(value.normalize(), "f")
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    return timeline_value(value)


class _Timeline:
    """Timeline rows of one import, in the shape ``timeline.entry`` gives them, written together."""

    def __init__(self, actor, now: dt.datetime, file_name: str):
        self.actor_id = actor.pk
        self.now = now
        self.rows: list[dict[str, Any]] = []
        self.content_types = {model: ContentType.objects.get_for_model(model).pk for model in (Project, Investor)}
        self.file_name = file_name
        self.note_template = _("Imported from %(file)s, row %(row)d")

    def note(self, row: int) -> str:
        """``Imported from 台账.xlsx, row 12``."""
        return self.note_template % {"file": self.file_name, "row": row}

    def add(self, model: type, pk: int, event: TimelineEvent, *, note: str, field: str = "", before: Any = None,
            after: Any = None) -> None:
        self.rows.append({
            "content_type_id": self.content_types[model], "object_id": pk, "event": event.value, "field": field,
            "before": None if before is None else _plain(before),
            "after": None if after is None else _plain(after),
            "note": note, "actor_id": self.actor_id, "at": self.now,
        })

    def write(self) -> None:
        bulk.insert(TimelineEntry, self.rows)


def _create_investors(plan: ImportPlan, *, actor, log: _Timeline) -> dict[str, int]:
    """Create the investors the file names but the database lacks; their ids by name key."""
    ids = bulk.allocate_ids(Investor, len(plan.new_investors))
    rows = [
        {"id": pk, "name_zh": name, "name_key": key, "kind": InvestorKind.OTHER.value, "industry": industry,
         "owner_unit_id": owner, "created_by_id": actor.pk, "created_at": log.now, "updated_at": log.now}
        for pk, (key, (name, owner, industry)) in zip(ids, plan.new_investors.items(), strict=True)
    ]
    bulk.insert(Investor, rows, with_pk=True)
    note = _("Imported from %(file)s") % {"file": log.file_name}
    for row in rows:
        log.add(Investor, row["id"], TimelineEvent.CREATED, after=row["name_zh"], note=note)
    return {row["name_key"]: row["id"] for row in rows}


def _resolve(ids: list[int | str], new_ids: dict[str, int]) -> list[int]:
    return list(dict.fromkeys(new_ids[i] if isinstance(i, str) else i for i in ids))


def _link_investors(pairs: list[dict[str, int]]) -> None:
    bulk.insert(Project.investors.through, pairs)


def _create_projects(rows: list[RowPlan], *, actor, new_ids: dict[str, int], log: _Timeline) -> None:
    """Create the new projects, numbered as ``create_project`` numbers them, with their first timeline entry."""
    year = timezone.localdate().year
    ids = bulk.allocate_ids(Project, len(rows))
    projects, links = [], []
    for pk, r in zip(ids, rows, strict=True):
        stage_changed_at = log.now if r.values["stage"] != Stage.LEAD else None
        projects.append({**r.values, "id": pk, "code": r.code or code_for(pk, year), "created_by_id": actor.pk,
                         "created_at": log.now, "updated_at": log.now, "stage_changed_at": stage_changed_at})
        links.extend({"project_id": pk, "investor_id": i} for i in _resolve(r.investor_ids, new_ids))
        # One entry per new project: the row it came from holds its whole first state.
        log.add(Project, pk, TimelineEvent.CREATED, after=r.values["name_zh"], note=log.note(r.row))
    bulk.insert(Project, projects, with_pk=True)
    _link_investors(links)


class _ChangedMeanwhile(Exception):
    """A project to be updated was changed by someone else after the file was validated."""


def _unit_value(pk: int | None, vocabulary: Vocabulary, lang: str) -> dict | None:
    return None if pk is None else {"id": pk, "label": vocabulary.unit_name(pk, lang)}


def _update_projects(rows: list[RowPlan], *, new_ids: dict[str, int], log: _Timeline) -> None:
    """Write the changed fields of existing projects and say on their timelines what changed."""
    by_fields: dict[tuple[str, ...], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for r in rows:
        values = {name: r.values[name] for name in r.changed}
        if "stage" in r.changed:
            values["stage_changed_at"] = log.now
        values["updated_at"] = log.now
        by_fields[tuple(values)].append((r.existing["pk"], values))
    read = {r.existing["pk"]: r.existing["updated_at"] for r in rows}
    for names, batch in by_fields.items():
        if bulk.update(Project, names, batch, where_unchanged=("updated_at", read)) != len(batch):
            raise _ChangedMeanwhile

    relinked = [r for r in rows if r.investors_changed]
    through = Project.investors.through
    for batch in chunks([r.existing["pk"] for r in relinked]):
        through.objects.filter(project_id__in=batch).delete()
    _link_investors([{"project_id": r.existing["pk"], "investor_id": i} for r in relinked
                     for i in _resolve(r.investor_ids, new_ids)])

    vocabulary = Vocabulary()
    lang = "en" if (get_language() or "").startswith("en") else "zh-hans"
    for r in rows:
        pk, old, new, note = r.existing["pk"], r.existing, r.values, log.note(r.row)
        amount = [name for name in r.changed if name in AMOUNT_FIELDS]
        if amount:
            log.add(Project, pk, TimelineEvent.AMOUNT_CHANGED, field=",".join(amount), note=note,
                    before={f: old[f] for f in amount}, after={f: new[f] for f in amount})
        for name in (n for n in r.changed if n in OWNER_FIELDS):
            before, after = old[name], new[name]
            if name != "leader":
                before, after = _unit_value(before, vocabulary, lang), _unit_value(after, vocabulary, lang)
            log.add(Project, pk, TimelineEvent.OWNER_CHANGED, field=OWNER_FIELDS[name], before=before,
                    after=after, note=note)
        if "stage" in r.changed:
            log.add(Project, pk, TimelineEvent.STAGE_CHANGED, field="stage", before=old["stage"],
                    after=new["stage"], note=note)
        other = [n for n in r.changed if n not in AMOUNT_FIELDS and n not in OWNER_FIELDS and n != "stage"]
        before = {n: old[n] for n in other}
        after = {n: new[n] for n in other}
        if r.investors_changed:
            other.append("investors")
            before["investors"] = sorted(r.current_investor_ids)
            after["investors"] = sorted(_resolve(r.investor_ids, new_ids))
        if other:
            log.add(Project, pk, TimelineEvent.IMPORTED, field=",".join(other), before=before, after=after,
                    note=note)


def _apply(plan: ImportPlan, *, actor, file_name: str) -> None:
    log = _Timeline(actor, timezone.now(), file_name)
    new_ids = _create_investors(plan, actor=actor, log=log) if plan.new_investors else {}
    _create_projects(plan.creates, actor=actor, new_ids=new_ids, log=log)
    _update_projects(plan.updates, new_ids=new_ids, log=log)
    log.write()


# Any number that no other part of the platform uses for a PostgreSQL advisory lock.
IMPORT_LOCK = 0x4C454447  # "LEDG"


def _one_import_at_a_time() -> None:
    """Wait until no other import is being applied.

    Two files adding the same new project at once would otherwise both add it: a new row has no
    database row to lock. SQLite serialises writing transactions already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def _finish(run: ImportRun, plan: ImportPlan | None, faults: list[Fault]) -> ImportRun:
    if plan is not None:
        run.rows_total = plan.rows_total
        run.notices = plan.notices
    if faults:
        run.status = ImportStatus.REJECTED
        run.errors = [f.as_dict() for f in faults[:MAX_STORED_FAULTS]]
        run.error_count = len(faults)
    elif plan is not None:
        run.rows_created = len(plan.creates)
        run.rows_updated = len(plan.updates)
        run.rows_unchanged = plan.unchanged
        run.investors_created = len(plan.new_investors)
        run.new_investors = [name for name, _owner, _industry in plan.new_investors.values()][:MAX_STORED_NAMES]
    run.finished_at = timezone.now()
    run.save()
    return run


@transaction.atomic
@cycle_collector_paused()
def import_ledger(data: bytes, *, file_name: str, actor, dry_run: bool = False,
                  keep_checked_file: bool = False) -> ImportRun:
    """Validate a ledger file and, unless ``dry_run``, apply all of it in one transaction; always record an ImportRun.

    Nothing is written when any row has a fault. ``keep_checked_file`` keeps the file of a clean dry
    run (privately) so that ``apply_checked_import`` can apply it later.
    """
    _require_writer(actor)
    run = ImportRun(
        file_name=(file_name or "")[:255], file_sha256=hashlib.sha256(data).hexdigest(), file_size=len(data),
        status=ImportStatus.DRY_RUN if dry_run else ImportStatus.APPLIED, actor_id=actor.pk,
    )
    try:
        table = open_table(data, file_name)
    except FileRejected as exc:
        return _finish(run, None, [Fault(None, "", "", str(exc))])
    if not dry_run:
        _one_import_at_a_time()
    try:
        plan = plan_import(table, actor)
    except FileRejected as exc:
        return _finish(run, None, [Fault(None, "", "", str(exc))])
    if not plan.ok:
        return _finish(run, plan, plan.faults)
    if not dry_run:
        try:
            with transaction.atomic():
                _apply(plan, actor=actor, file_name=run.file_name)
        except (IntegrityError, _ChangedMeanwhile):
            return _finish(run, plan, [Fault(None, "", "", _(
                "Someone changed the same projects while the file was being imported; nothing was "
                "imported. Please try again."))])
    elif keep_checked_file:
        # Only a user's latest clean check can be applied later; earlier checked files are let go.
        for earlier in ImportRun.objects.filter(actor_id=actor.pk, status=ImportStatus.DRY_RUN).exclude(
                checked_file=""):
            _discard_checked_file(earlier)
        run.checked_file.save(f"{run.file_sha256}{_suffix(file_name)}", ContentFile(data), save=False)
    return _finish(run, plan, [])


def record_oversized_upload(*, file_name: str, size: int, actor, dry_run: bool = False) -> ImportRun:
    """Record an upload refused unread because it is larger than ``LEDGER_IMPORT_MAX_BYTES``."""
    _require_writer(actor)
    run = ImportRun(file_name=(file_name or "")[:255], file_sha256="", file_size=size, actor_id=actor.pk,
                    status=ImportStatus.DRY_RUN if dry_run else ImportStatus.APPLIED)
    return _finish(run, None, [Fault(None, "", "", str(too_large(size)))])


@transaction.atomic
def apply_checked_import(run: ImportRun, *, actor) -> ImportRun:
    """Apply the file kept by a clean dry run (``run``) exactly as it was checked; returns the new run."""
    _require_writer(actor)
    # Locked, so that two clicks on "apply" cannot both apply the same file.
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.actor_id != actor.pk or not run.can_be_applied:
        raise PermissionDenied(_("This import cannot be applied."))
    try:
        with run.checked_file.open("rb") as stream:
            data = stream.read()
    except FileNotFoundError as exc:
        raise PermissionDenied(_("The checked file is no longer kept; upload it again.")) from exc
    if hashlib.sha256(data).hexdigest() != run.file_sha256:
        raise PermissionDenied(_("The checked file has changed since it was checked."))
    applied = import_ledger(data, file_name=run.file_name, actor=actor)
    if applied.status == ImportStatus.APPLIED:
        _discard_checked_file(run)
    return applied


def _discard_checked_file(run: ImportRun) -> None:
    storage, name = run.checked_file.storage, run.checked_file.name
    ImportRun.objects.filter(pk=run.pk).update(checked_file="")
    transaction.on_commit(lambda: storage.delete(name))


def _suffix(file_name: str) -> str:
    lowered = (file_name or "").lower()
    for suffix in (".xlsx", ".xlsm", ".csv", ".txt"):
        if lowered.endswith(suffix):
            return suffix
    return ""
