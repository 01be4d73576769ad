"""``yunzhao import_projects FILE [--dry-run] [--user USERNAME]``: import a ledger file, all of it or none."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from yunzhao.ledger.actions import import_ledger, record_oversized_upload
from yunzhao.ledger.choices import ImportStatus
from yunzhao.ledger.cli import actor_for


class Command(BaseCommand):
    help = ("Import a project ledger (.xlsx, or .csv in UTF-8 or GB18030). Every row is checked first; "
            "if any row has a fault nothing is changed and every fault is listed. Without --user the "
            "import acts for the whole city.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, change nothing.")
        parser.add_argument("--user", help="Import as this user, within what they may change.")
        parser.add_argument("--language", choices=["zh-hans", "en"], help="Language of the report.")

    def handle(self, *args, file: Path, dry_run: bool, user: str | None, language: str | None, **options) -> None:
        actor = actor_for(user)
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        with translation.override(language or settings.LANGUAGE_CODE):
            size = file.stat().st_size
            try:
                if size > settings.LEDGER_IMPORT_MAX_BYTES:
                    run = record_oversized_upload(file_name=file.name, size=size, actor=actor, dry_run=dry_run)
                else:
                    run = import_ledger(file.read_bytes(), file_name=file.name, actor=actor, dry_run=dry_run)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
            self._report(run)
        if run.status == ImportStatus.REJECTED:
            raise CommandError(f"{file.name}: not imported ({run.error_count} faults); nothing was changed.")

    def _report(self, run) -> None:
        write = self.stdout.write
        write(f"{run.file_name}: {run.get_status_display()} — {run.rows_total} rows")
        for notice in run.notices:
            write(f"  {notice}")
        if run.status != ImportStatus.REJECTED:
            write(f"  created {run.rows_created}, updated {run.rows_updated}, unchanged {run.rows_unchanged}, "
                  f"new investors {run.investors_created}")
            if run.new_investors:
                write("  new investors: " + "；".join(run.new_investors))
            return
        for error in run.errors:
            where = f"row {error['row']}" if error["row"] else "file"
            column = f", {error['column']}" if error["column"] else ""
            value = f" [{error['value']}]" if error["value"] else ""
            self.stderr.write(f"  {where}{column}{value}: {error['message']}")
        if run.error_count > len(run.errors):
            self.stderr.write(f"  … and {run.error_count - len(run.errors)} more")
