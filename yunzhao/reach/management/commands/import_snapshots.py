"""Import metric snapshots from an .xlsx or .csv file: all of it, or nothing with every fault listed."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yunzhao.reach.choices import ImportStatus
from yunzhao.reach.importer import import_snapshots


class Command(BaseCommand):
    help = (
        "Import metric snapshots from an .xlsx or .csv file (event id or campaign id, channel code, kind, "
        "as-of time, six counts). Nothing is recorded unless the whole file is clean."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the file and record nothing")
        parser.add_argument("--user", help="record as this user, within what they may record "
                                           "(default: the system, for any event)")

    def handle(self, *args, file: Path, dry_run: bool, user: str | None, **options) -> None:
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"no active user {user!r}")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        run = import_snapshots(data, file_name=file.name, actor=actor, dry_run=dry_run)
        if run.status == ImportStatus.REJECTED:
            for error in run.errors:
                where = f"row {error['row']}, {error['column']}: " if error["row"] else ""
                self.stderr.write(f"{where}{error['message']}")
            raise CommandError(f"{file.name}: rejected, nothing recorded ({len(run.errors)} fault(s))")
        verb = "would record" if run.status == ImportStatus.DRY_RUN else "recorded"
        self.stdout.write(f"{file.name}: {run.rows_total} row(s); {verb} {run.rows_created} snapshot(s); "
                          f"{run.rows_unchanged} unchanged")
